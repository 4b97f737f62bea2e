// Pure functions of the booking's phone page `/a/<token>` (design §12): the booking (and its
// ticket once checked in) + page state → view → HTML. No DOM, no clock, no network.

import { escapeHtml } from "../js/html.js";
import { STATUS_WORDS as TICKET_WORDS, waitText } from "./render.js";
import { clockTime, dayText } from "./when.js";

export const BOOKING_WORDS = {
  booked: "Đã đặt lịch",
  checked_in: "Đã lấy số",
  cancelled: "Đã hủy",
  expired: "Đã quá giờ hẹn",
};

const NOTES = {
  booked:
    "Ông/Bà vui lòng đến trong khoảng từ 30 phút trước đến 10 phút sau giờ hẹn, quét mã QR này hoặc nhập mã lịch hẹn tại máy lấy số. Số của Ông/Bà được gọi trước người lấy số thường.",
  checked_in: "Ông/Bà đã lấy số. Mời theo dõi phiếu và đến quầy khi được mời.",
  cancelled: "Lịch hẹn đã được hủy; chỗ đã được nhường cho người khác.",
  expired: "Đã quá giờ xác nhận lịch hẹn. Ông/Bà vui lòng lấy số tại máy lấy số hoặc đặt lịch khác.",
};

export const CANCEL_QUESTION = "Ông/Bà chắc chắn muốn hủy lịch hẹn này? Chỗ sẽ được nhường cho người khác.";

/** The page's first state. */
export function initialPage() {
  return { confirming: false, sending: false, message: "" };
}

/** One step of the cancel flow. actions: ask · keep · sending · cancelled · failed {error}. */
export function cancelStep(page, action) {
  switch (action.type) {
    case "ask":
      return { ...page, confirming: true, message: "" };
    case "keep":
      return { ...page, confirming: false, message: "" };
    case "sending":
      return { ...page, sending: true, message: "" };
    case "cancelled":
      return initialPage();
    case "failed": {
      const error = action.error || {};
      const message =
        error.status === 429
          ? "Ông/Bà thao tác nhanh quá, vui lòng thử lại sau ít phút."
          : error.code === "already_checked_in"
            ? "Lịch hẹn đã được xác nhận tại máy lấy số nên không hủy được nữa."
            : "Chưa hủy được, vui lòng thử lại.";
      return { confirming: false, sending: false, message };
    }
    default:
      return page;
  }
}

/** Whether the page should ask again later: a booking not yet settled may be checked in. */
export function followsBooking(booking) {
  return Boolean(booking) && (booking.status === "booked" || (booking.status === "checked_in" && booking.ticket && ["waiting", "called", "serving", "parked"].includes(booking.ticket.status)));
}

/** The view of the page. page: {serviceName, officeId, token, confirming, sending, message}. */
export function bookingView(booking, page = {}) {
  const status = booking.status;
  const ticket = status === "checked_in" && booking.ticket ? booking.ticket : null;
  return {
    code: booking.code,
    service: page.serviceName || "",
    status,
    statusWord: BOOKING_WORDS[status] || status,
    day: dayText(booking.start),
    time: `${clockTime(booking.start)} – ${clockTime(booking.end)}`,
    qr: status === "booked" && page.token ? `/a/${encodeURIComponent(page.token)}/qr.svg` : null,
    note: NOTES[status] || "",
    cancel: status === "booked" ? { confirming: Boolean(page.confirming), sending: Boolean(page.sending) } : null,
    message: page.message || "",
    ticket: ticket
      ? {
          number: ticket.number,
          status: ticket.status,
          statusWord: TICKET_WORDS[ticket.status] || ticket.status,
          ahead: ticket.status === "waiting" ? ticket.people_ahead : null,
          wait: ticket.status === "waiting" ? waitText(ticket.estimated_wait_minutes) : "",
          counter: ticket.status === "called" && ticket.called_counter ? ticket.called_counter.number : null,
          href: `/t/${encodeURIComponent(ticket.public_token)}`,
        }
      : null,
    again: status === "cancelled" || status === "expired" ? (page.officeId ? `/o/${encodeURIComponent(page.officeId)}` : null) : null,
  };
}

function ticketMarkup(ticket) {
  const lines = [`<p class="xp-ticket__label">Số thứ tự của Ông/Bà</p>`, `<p class="xp-ticket__number">${escapeHtml(ticket.number)}</p>`];
  lines.push(`<p class="xp-status xp-status--${escapeHtml(ticket.status)}">${escapeHtml(ticket.statusWord)}</p>`);
  if (ticket.counter) lines.push(`<p class="xp-booking__call" role="alert">Mời đến quầy ${escapeHtml(ticket.counter)}</p>`);
  if (ticket.ahead !== null && ticket.ahead !== undefined) {
    lines.push(`<p class="xp-booking__ahead">Còn ${escapeHtml(ticket.ahead)} người trước Ông/Bà · ${escapeHtml(ticket.wait)}</p>`);
  }
  lines.push(`<a class="xp-button xp-button--primary xp-link-button" href="${escapeHtml(ticket.href)}">Theo dõi phiếu số thứ tự</a>`);
  return `<section class="xp-ticket xp-booking__ticket" id="booking-ticket">\n  ${lines.join("\n  ")}\n</section>`;
}

function cancelMarkup(view) {
  const { confirming, sending } = view.cancel;
  if (!confirming) {
    return `<button type="button" class="xp-button xp-button--danger" data-action="ask">Hủy lịch hẹn</button>`;
  }
  const disabled = sending ? " disabled" : "";
  return `<section class="xp-confirm" role="alertdialog" aria-labelledby="confirm-question">
  <p class="xp-confirm__question" id="confirm-question">${escapeHtml(CANCEL_QUESTION)}</p>
  <button type="button" class="xp-button xp-button--danger" data-action="cancel"${disabled}>${sending ? "Đang hủy…" : "Đồng ý hủy"}</button>
  <button type="button" class="xp-button" data-action="keep"${disabled}>Không hủy</button>
</section>`;
}

/** The page as HTML (the wiring puts it into #app). */
export function bookingMarkup(view) {
  const parts = [];
  parts.push(`<section class="xp-ticket xp-booking xp-booking--${escapeHtml(view.status)}">
  <p class="xp-ticket__label">Mã lịch hẹn</p>
  <p class="xp-code" id="code">${escapeHtml(view.code)}</p>
  <p class="xp-ticket__service">${escapeHtml(view.service)}</p>
  <p class="xp-booking__when"><span class="xp-booking__day">${escapeHtml(view.day)}</span> <span class="xp-booking__time" id="time">${escapeHtml(view.time)}</span></p>
  <p class="xp-status xp-status--${escapeHtml(view.status)}" id="status">${escapeHtml(view.statusWord)}</p>
</section>`);
  if (view.qr) {
    parts.push(`<figure class="xp-qr"><img class="xp-qr__image" id="qr" src="${escapeHtml(view.qr)}" alt="Mã QR của lịch hẹn ${escapeHtml(view.code)}" width="240" height="240"><figcaption class="xp-qr__caption">Quét mã này tại máy lấy số khi đến</figcaption></figure>`);
  }
  if (view.ticket) parts.push(ticketMarkup(view.ticket));
  if (view.note) parts.push(`<p class="xp-note">${escapeHtml(view.note)}</p>`);
  if (view.message) parts.push(`<p class="xp-form__message" role="alert">${escapeHtml(view.message)}</p>`);
  if (view.cancel) parts.push(cancelMarkup(view));
  if (view.again) parts.push(`<a class="xp-button xp-link-button" href="${escapeHtml(view.again)}">Đặt lịch khác hoặc lấy số</a>`);
  return parts.join("\n");
}

/** The tab's title. */
export function bookingTitle(booking) {
  return `Lịch hẹn ${booking.code} – ${BOOKING_WORDS[booking.status] || ""}`;
}
