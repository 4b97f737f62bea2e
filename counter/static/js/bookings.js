// Pure view of the console's "Lịch hẹn hôm nay": the office's bookings of the day
// (GET /offices/<id>/appointments) → HTML. Staff see a phone's last 3 digits and nothing else
// of the citizen (design §12); every text from the server is escaped.

import { escapeHtml } from "/assets/js/html.js";

export const BOOKING_STATUS = {
  booked: "Đã đặt",
  checked_in: "Đã đến",
  cancelled: "Đã hủy",
  expired: "Không đến",
};

// "09:30" of a slot the server sends in office time ("2026-12-05T09:30:00+07:00").
export function slotClock(iso) {
  const match = /T(\d{2}:\d{2})/.exec(String(iso || ""));
  return match ? match[1] : "";
}

// How many bookings stand in each state: "12 lịch hẹn · 5 đã đến · 1 không đến".
export function bookingsSummary(bookings) {
  const count = (status) => bookings.filter((booking) => booking.status === status).length;
  const parts = [`${bookings.length} lịch hẹn`];
  if (count("checked_in")) parts.push(`${count("checked_in")} đã đến`);
  if (count("booked")) parts.push(`${count("booked")} chưa đến`);
  if (count("expired")) parts.push(`${count("expired")} không đến`);
  if (count("cancelled")) parts.push(`${count("cancelled")} đã hủy`);
  return parts.join(" · ");
}

// The day's bookings as a table in slot order (the server's order), or a sentence when none.
export function bookingsMarkup(day) {
  const bookings = (day && day.appointments) || [];
  if (!bookings.length) return `<p class="cc-empty">Hôm nay chưa có lịch hẹn nào.</p>`;
  const rows = bookings.map(
    (booking) =>
      `<tr class="cc-booking cc-booking--${escapeHtml(booking.status)}">` +
      `<td class="cc-booking__slot">${escapeHtml(slotClock(booking.start))}–${escapeHtml(slotClock(booking.end))}</td>` +
      `<td><span class="cc-booking__prefix">${escapeHtml(booking.service_prefix)}</span> ${escapeHtml(booking.service_name)}</td>` +
      `<td class="cc-booking__code">${escapeHtml(booking.code)}</td>` +
      `<td>${escapeHtml(BOOKING_STATUS[booking.status] || booking.status)}</td>` +
      `<td class="cc-booking__ticket">${booking.ticket_number ? escapeHtml(booking.ticket_number) : "—"}</td>` +
      `<td class="cc-booking__phone">${booking.phone_last_digits ? escapeHtml(booking.phone_last_digits) : "—"}</td></tr>`,
  );
  return (
    `<p class="cc-bookings__summary">${escapeHtml(bookingsSummary(bookings))}</p>` +
    `<table class="cc-bookings"><thead><tr><th scope="col">Giờ hẹn</th><th scope="col">Lĩnh vực</th>` +
    `<th scope="col">Mã lịch hẹn</th><th scope="col">Trạng thái</th><th scope="col">Số thứ tự</th>` +
    `<th scope="col">Điện thoại</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}
