import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { bookingCode, checkedInMarkup } = await import("../../counter/static/js/check_in_view.js");

test("a booking code as a clerk types it", () => {
  assert.equal(bookingCode(" kmp-234 "), "KMP234");
  assert.equal(bookingCode("KMP 234"), "KMP234");
  assert.equal(bookingCode("KMP23"), null);
  assert.equal(bookingCode("KMP2340"), null);
  assert.equal(bookingCode("KMPO23"), null); // O is not in the alphabet
  assert.equal(bookingCode(""), null);
  assert.equal(bookingCode(null), null);
});

test("the checked-in ticket shows its number and slot time, escaped", () => {
  const ticket = {
    id: 7,
    number: "A004",
    service_name: "<Đất đai>",
    people_ahead: 2,
    estimated_wait_minutes: 6,
    public_token: "tok",
    slot_start: "2026-12-07T02:30:00+00:00",
  };
  const html = checkedInMarkup(ticket, "Asia/Ho_Chi_Minh");
  assert.match(html, /Đã xác nhận lịch hẹn/);
  assert.match(html, /Lịch hẹn lúc 09:30/);
  assert.match(html, /A004/);
  assert.ok(html.includes("&lt;Đất đai&gt;"));
  assert.ok(!checkedInMarkup({ ...ticket, slot_start: null }, "Asia/Ho_Chi_Minh").includes("Lịch hẹn lúc"));
});
