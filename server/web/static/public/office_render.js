// Pure functions of the office's public page (design §12): what each service offers now, the
// remote-number form and the booking form. State in, HTML out; no DOM, no clock, no network.

import { escapeHtml } from "../js/html.js";
import { clockTime, dayChoices } from "./when.js";

export const CONSENT =
  "Tôi đồng ý để bộ phận một cửa dùng số điện thoại và số CCCD tôi nhập ở đây chỉ để báo lịch hẹn, báo khi đến lượt và xác nhận khi tôi đến.";
export const PHONE_NOTE = "Không bắt buộc. Số điện thoại chỉ dùng để nhắn khi sắp đến lượt và khi được mời.";
const PHONE = /^(\+84|0)[0-9]{9,10}$/;
const CITIZEN_ID = /^[0-9]{12}$/;

// Vietnamese words for the refusals of the public routes; the server's own message wins when it has one.
const ERRORS = {
  remote_unavailable: "Hiện không lấy số từ xa được cho lĩnh vực này.",
  daily_limit_reached: "Lĩnh vực này đã hết số trong ngày.",
  service_unavailable: "Lĩnh vực này hiện không cấp số.",
  slot_full: "Khung giờ này vừa đủ người đặt; mời chọn giờ khác.",
  invalid_slot: "Khung giờ này không còn đặt được; mời chọn giờ khác.",
  too_many_requests: "Ông/Bà thao tác nhanh quá, vui lòng thử lại sau ít phút.",
  offline: "Mất kết nối tới máy chủ, vui lòng thử lại.",
};

/** The page's first state from the data the server embedded. */
export function initialState(data) {
  return {
    office: data.office,
    today: data.today,
    bookingDays: data.booking_days || {},
    mode: "list",
    serviceId: null,
    day: null,
    slots: null,
    start: null,
    phone: "",
    citizenId: "",
    consent: false,
    sending: false,
    message: "",
  };
}

/** Whether a typed phone number is acceptable: empty, or 0/+84 and 9–10 digits (spaces ignored). */
export function phoneOk(phone) {
  const text = cleanPhone(phone);
  return text === "" || PHONE.test(text);
}

export function cleanPhone(phone) {
  return String(phone || "").replace(/[\s.-]/g, "");
}

export function citizenIdOk(citizenId) {
  const text = String(citizenId || "").trim();
  return text === "" || CITIZEN_ID.test(text);
}

/** The message for a refused request: the server's Vietnamese message, else ours by code. */
export function errorMessage(error) {
  if (!error) return "";
  if (error.status === 429) return ERRORS.too_many_requests;
  if (error.code && ERRORS[error.code] && !error.message) return ERRORS[error.code];
  if (error.status >= 400 && error.status < 500 && error.message) return String(error.message);
  return ERRORS[error.code] || "Chưa gửi được, vui lòng thử lại.";
}

function serviceOf(state) {
  return (state.office.services || []).find((service) => service.id === state.serviceId) || null;
}

/**
 * One step of the page. actions: remote {serviceId} · book {serviceId} · back · day {day} ·
 * slots {slots} · slot {start} · field {name, value} · sending · failed {error} · refreshed {office}.
 */
export function step(state, action) {
  switch (action.type) {
    case "remote":
    case "book":
      return {
        ...state,
        mode: action.type,
        serviceId: Number(action.serviceId),
        day: action.type === "book" ? state.today : null,
        slots: null,
        start: null,
        sending: false,
        message: "",
      };
    case "back":
      return { ...state, mode: "list", serviceId: null, day: null, slots: null, start: null, sending: false, message: "" };
    case "day":
      return { ...state, day: action.day, slots: null, start: null, message: "" };
    case "slots":
      return action.day === state.day ? { ...state, slots: action.slots } : state;
    case "slot":
      return { ...state, start: action.start, message: "" };
    case "field":
      return { ...state, [action.name]: action.value };
    case "sending":
      return { ...state, sending: true, message: "" };
    case "failed": {
      const code = action.error && action.error.code;
      const next = { ...state, sending: false, message: errorMessage(action.error) };
      // A slot someone else just took: its list is read again.
      return code === "slot_full" || code === "invalid_slot" ? { ...next, slots: null, start: null } : next;
    }
    case "refreshed":
      return { ...state, office: action.office };
    default:
      return state;
  }
}

/** What the form would send, or {problem} in Vietnamese when it cannot be sent yet. */
export function remoteRequest(state) {
  if (!phoneOk(state.phone)) return { problem: "Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0 hoặc +84." };
  const body = { service_id: state.serviceId };
  if (cleanPhone(state.phone)) body.phone = cleanPhone(state.phone);
  return { body };
}

export function bookingRequest(state) {
  if (!state.start) return { problem: "Mời chọn một khung giờ." };
  if (!phoneOk(state.phone)) return { problem: "Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0 hoặc +84." };
  if (!citizenIdOk(state.citizenId)) return { problem: "Số CCCD gồm 12 chữ số." };
  if (!state.consent) return { problem: "Mời đánh dấu ô đồng ý trước khi đặt lịch." };
  const body = { service_id: state.serviceId, start: state.start };
  if (cleanPhone(state.phone)) body.phone = cleanPhone(state.phone);
  if (String(state.citizenId || "").trim()) body.citizen_id = String(state.citizenId).trim();
  return { body };
}

function offerMarkup(service) {
  const remote = service.remote || {};
  const booking = service.appointments || {};
  const actions = [];
  if (remote.available) {
    actions.push(`<button type="button" class="xp-button xp-button--primary" data-action="remote" data-service="${service.id}">Lấy số từ xa</button>`);
  } else if (remote.reason !== "remote_off") {
    actions.push(`<p class="xp-offer__why">${escapeHtml(remote.message || "Hiện không lấy số từ xa được.")}</p>`);
  }
  if (booking.enabled) {
    actions.push(`<button type="button" class="xp-button" data-action="book" data-service="${service.id}">Đặt lịch hẹn</button>`);
  }
  if (!actions.length) actions.push('<p class="xp-offer__why">Mời đến lấy số tại máy lấy số của bộ phận một cửa.</p>');
  return `<li class="xp-offer">
  <h2 class="xp-offer__name"><span class="xp-offer__prefix">${escapeHtml(service.prefix)}</span> ${escapeHtml(service.name)}</h2>
  ${actions.join("\n  ")}
</li>`;
}

function messageMarkup(state) {
  return state.message ? `<p class="xp-form__message" role="alert">${escapeHtml(state.message)}</p>` : "";
}

function phoneField(state) {
  return `<label class="xp-field" for="phone"><span class="xp-field__label">Số điện thoại</span>
  <input class="xp-field__input" id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="16" value="${escapeHtml(state.phone)}" aria-describedby="phone-note">
  <span class="xp-field__note" id="phone-note">${escapeHtml(PHONE_NOTE)}</span></label>`;
}

function remoteMarkup(state, service) {
  return `<section class="xp-form" aria-labelledby="form-title">
  <h1 class="xp-form__title" id="form-title">Lấy số từ xa</h1>
  <p class="xp-form__service">${escapeHtml(service.name)}</p>
  <p class="xp-note">Số được cấp ngay, xếp cùng hàng với người lấy số tại máy. Trang phiếu sẽ báo khi sắp đến lượt để Ông/Bà đến kịp.</p>
  ${phoneField(state)}${messageMarkup(state)}
  <button type="button" class="xp-button xp-button--primary" data-action="take"${state.sending ? " disabled" : ""}>${state.sending ? "Đang lấy số…" : "Lấy số"}</button>
  <button type="button" class="xp-button" data-action="back">Quay lại</button>
</section>`;
}

function slotsMarkup(state) {
  if (state.slots === null) return '<p class="xp-slots__empty" role="status">Đang tải khung giờ…</p>';
  if (!state.slots.length) return '<p class="xp-slots__empty" role="status">Ngày này không còn khung giờ nào. Mời chọn ngày khác.</p>';
  const buttons = state.slots.map((slot) => {
    const on = slot.start === state.start;
    const full = slot.free <= 0;
    const note = full ? "Hết chỗ" : `Còn ${slot.free} chỗ`;
    return `<button type="button" class="xp-slot${on ? " is-on" : ""}" data-action="slot" data-start="${escapeHtml(slot.start)}" aria-pressed="${on}"${full ? " disabled" : ""}><span class="xp-slot__time">${escapeHtml(clockTime(slot.start))}</span><span class="xp-slot__free">${note}</span></button>`;
  });
  return `<div class="xp-slots">${buttons.join("")}</div>`;
}

function bookMarkup(state, service) {
  const days = dayChoices(state.today, state.bookingDays[String(service.id)]).map(
    ({ day, label }) =>
      `<option value="${day}"${day === state.day ? " selected" : ""}>${escapeHtml(label)}</option>`,
  );
  const ready = Boolean(state.start) && state.consent && !state.sending;
  return `<section class="xp-form" aria-labelledby="form-title">
  <h1 class="xp-form__title" id="form-title">Đặt lịch hẹn</h1>
  <p class="xp-form__service">${escapeHtml(service.name)}</p>
  <label class="xp-field" for="day"><span class="xp-field__label">Ngày</span>
  <select class="xp-field__input" id="day" name="day" data-action="day">${days.join("")}</select></label>
  <fieldset class="xp-fieldset"><legend class="xp-field__label">Giờ hẹn</legend>${slotsMarkup(state)}</fieldset>
  ${phoneField(state)}
  <label class="xp-field" for="citizen-id"><span class="xp-field__label">Số CCCD</span>
  <input class="xp-field__input" id="citizen-id" name="citizen_id" type="text" inputmode="numeric" autocomplete="off" maxlength="12" value="${escapeHtml(state.citizenId)}" aria-describedby="citizen-id-note">
  <span class="xp-field__note" id="citizen-id-note">Không bắt buộc. Có số CCCD, Ông/Bà chỉ cần quét thẻ căn cước tại máy lấy số.</span></label>
  <label class="xp-consent" for="consent"><input id="consent" name="consent" type="checkbox"${state.consent ? " checked" : ""}> <span>${escapeHtml(CONSENT)}</span></label>${messageMarkup(state)}
  <button type="button" class="xp-button xp-button--primary" data-action="send"${ready ? "" : " disabled"}>${state.sending ? "Đang đặt lịch…" : "Đặt lịch"}</button>
  <button type="button" class="xp-button" data-action="back">Quay lại</button>
</section>`;
}

/** The page as HTML (the wiring puts it into #app). */
export function officeMarkup(state) {
  const service = serviceOf(state);
  if (state.mode === "remote" && service) return remoteMarkup(state, service);
  if (state.mode === "book" && service) return bookMarkup(state, service);
  const services = state.office.services || [];
  const list = services.length
    ? `<ul class="xp-offers">${services.map(offerMarkup).join("\n")}</ul>`
    : '<p class="xp-note">Bộ phận một cửa chưa có lĩnh vực nào nhận lấy số từ xa.</p>';
  return `<h1 class="xp-heading">Ông/Bà cần giải quyết lĩnh vực nào?</h1>${messageMarkup(state)}
${list}
<p class="xp-note">Lấy số từ xa: nhận số ngay và đến khi sắp đến lượt. Đặt lịch hẹn: chọn ngày giờ, đến trong khoảng từ 30 phút trước đến 10 phút sau giờ hẹn và quét mã tại máy lấy số.</p>`;
}
