import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BOOKING_WORDS,
  CANCEL_QUESTION,
  bookingMarkup,
  bookingTitle,
  bookingView,
  cancelStep,
  followsBooking,
  initialPage,
} from "../../server/web/static/public/booking_render.js";

function booking(overrides = {}) {
  return {
    code: "K7M2QX",
    public_token: "tok_en-123",
    service_id: 1,
    start: "2026-12-05T10:15:00+07:00",
    end: "2026-12-05T10:30:00+07:00",
    status: "booked",
    ticket: null,
    ...overrides,
  };
}

const PAGE = { serviceName: "Đất đai", officeId: 1, token: "tok_en-123" };

test("a booked slot shows its code, day, time, the QR of its own page and a cancel button", () => {
  const view = bookingView(booking(), { ...PAGE, ...initialPage() });
  assert.equal(view.day, "Thứ Bảy, 05/12/2026");
  assert.equal(view.time, "10:15 – 10:30");
  assert.equal(view.qr, "/a/tok_en-123/qr.svg");
  const html = bookingMarkup(view);
  assert.ok(html.includes(">K7M2QX<") && html.includes("Đất đai") && html.includes(">Đã đặt lịch<"));
  assert.ok(html.includes('src="/a/tok_en-123/qr.svg"'));
  assert.ok(html.includes('data-action="ask"'));
  assert.ok(!html.includes('data-action="cancel"'), "cancelling asks first");
  assert.equal(bookingTitle(booking()), "Lịch hẹn K7M2QX – Đã đặt lịch");
});

test("cancel asks for confirmation, then sends; already checked in says why not", () => {
  let page = cancelStep(initialPage(), { type: "ask" });
  let html = bookingMarkup(bookingView(booking(), { ...PAGE, ...page }));
  assert.ok(html.includes(CANCEL_QUESTION) && html.includes('data-action="cancel"') && html.includes('data-action="keep"'));
  assert.deepEqual(cancelStep(page, { type: "keep" }), initialPage());
  page = cancelStep(page, { type: "sending" });
  html = bookingMarkup(bookingView(booking(), { ...PAGE, ...page }));
  assert.match(html, /data-action="cancel" disabled>Đang hủy…/);
  const refused = cancelStep(page, { type: "failed", error: { status: 409, code: "already_checked_in" } });
  assert.equal(refused.confirming, false);
  assert.match(refused.message, /không hủy được/);
  assert.deepEqual(cancelStep(page, { type: "cancelled" }), initialPage());
});

test("a cancelled or expired booking has no QR, no cancel, and offers the office page again", () => {
  for (const status of ["cancelled", "expired"]) {
    const view = bookingView(booking({ status }), PAGE);
    assert.equal(view.qr, null);
    assert.equal(view.cancel, null);
    const html = bookingMarkup(view);
    assert.ok(html.includes(`>${BOOKING_WORDS[status]}<`), status);
    assert.ok(html.includes('href="/o/1"'));
    assert.equal(followsBooking(booking({ status })), false);
  }
});

test("once checked in, the ticket's state and a link to its page", () => {
  const ticket = {
    number: "A012",
    status: "waiting",
    people_ahead: 2,
    estimated_wait_minutes: 9,
    called_counter: null,
    public_token: "ticket-token",
  };
  let html = bookingMarkup(bookingView(booking({ status: "checked_in", ticket }), PAGE));
  assert.ok(html.includes(">A012<") && html.includes("Còn 2 người trước Ông/Bà · Khoảng 9 phút"));
  assert.ok(html.includes('href="/t/ticket-token"'));
  assert.ok(!html.includes("qr.svg") && !html.includes('data-action="ask"'));
  assert.equal(followsBooking(booking({ status: "checked_in", ticket })), true);
  const called = { ...ticket, status: "called", called_counter: { number: "3", name: "Quầy 3" } };
  html = bookingMarkup(bookingView(booking({ status: "checked_in", ticket: called }), PAGE));
  assert.ok(html.includes("Mời đến quầy 3"));
  assert.equal(followsBooking(booking({ status: "checked_in", ticket: { ...ticket, status: "done" } })), false);
});

test("every booking status has Vietnamese words in NFC; text is escaped", () => {
  for (const words of Object.values(BOOKING_WORDS)) assert.equal(words, words.normalize("NFC"));
  const html = bookingMarkup(bookingView(booking({ code: "<x>" }), { ...PAGE, serviceName: "A & B" }));
  assert.ok(html.includes("&lt;x&gt;") && html.includes("A &amp; B"));
});
