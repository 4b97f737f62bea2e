import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { bookingsMarkup, bookingsSummary, slotClock } = await import("../../counter/static/js/bookings.js");

function booking(overrides = {}) {
  return {
    code: "K7M2QX",
    service_id: 1,
    service_prefix: "A",
    service_name: "Đất đai",
    start: "2026-12-05T09:30:00+07:00",
    end: "2026-12-05T09:45:00+07:00",
    status: "booked",
    ticket_number: null,
    phone_last_digits: "•••678",
    ...overrides,
  };
}

test("the day's bookings: slot in office time, service, code, status, ticket number, last phone digits", () => {
  const day = {
    office_id: 1,
    date: "2026-12-05",
    appointments: [
      booking(),
      booking({ code: "P3RT9W", status: "checked_in", ticket_number: "A014", phone_last_digits: null }),
      booking({ code: "ZZ4HNB", start: "2026-12-05T10:00:00+07:00", end: "2026-12-05T10:15:00+07:00", status: "expired" }),
      booking({ code: "Q8XK2M", status: "cancelled" }),
    ],
  };
  const html = bookingsMarkup(day);
  const rows = html.split("<tr class=").slice(1);
  assert.equal(rows.length, 4);
  assert.match(rows[0], /09:30–09:45<\/td><td><span class="cc-booking__prefix">A<\/span> Đất đai<\/td><td class="cc-booking__code">K7M2QX<\/td><td>Đã đặt<\/td><td class="cc-booking__ticket">—<\/td><td class="cc-booking__phone">•••678<\/td>/);
  assert.match(rows[1], /Đã đến<\/td><td class="cc-booking__ticket">A014<\/td><td class="cc-booking__phone">—/);
  assert.match(rows[2], /10:00–10:15.*Không đến/);
  assert.match(rows[3], /Đã hủy/);
  assert.match(html, /4 lịch hẹn · 1 đã đến · 1 chưa đến · 1 không đến · 1 đã hủy/);
});

test("no bookings, odd slots and hostile text", () => {
  assert.match(bookingsMarkup({ appointments: [] }), /Hôm nay chưa có lịch hẹn nào/);
  assert.match(bookingsMarkup(null), /chưa có lịch hẹn/);
  assert.equal(slotClock("garbage"), "");
  assert.equal(bookingsSummary([booking()]), "1 lịch hẹn · 1 chưa đến");
  const html = bookingsMarkup({ appointments: [booking({ service_name: "<img src=x>" })] });
  assert.ok(!html.includes("<img"));
});
