// Pure functions of the console's "Xác nhận lịch hẹn" dialog: the code the clerk typed (or a
// desk scanner read), and the ticket the check-in issued.

import { timeOfDay } from "/assets/js/format.js";
import { escapeHtml } from "/assets/js/html.js";
import { issuedMarkup } from "./render.js";

// As server/rules/appointments.py: no 0/O, 1/I/L.
const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/;

/** The booking code as typed: spaces and dashes dropped, capitals; null when it cannot be one. */
export function bookingCode(text) {
  const code = String(text || "")
    .replace(/[\s-]/g, "")
    .toUpperCase();
  return CODE.test(code) ? code : null;
}

/** The checked-in ticket for the clerk: number, service, slot time, then as any desk ticket
 * that was not printed (the clerk reads the number out; the citizen scans the QR). */
export function checkedInMarkup(ticket, timeZone) {
  const time = ticket.slot_start ? ` · Lịch hẹn lúc ${timeOfDay(ticket.slot_start, timeZone)}` : "";
  return `<p class="cc-issued__slot">${escapeHtml(`Đã xác nhận lịch hẹn${time}`)}</p>${issuedMarkup(ticket, "")}`;
}
