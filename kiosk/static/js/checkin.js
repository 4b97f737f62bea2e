// Pure functions of the kiosk's check-in path ("Đã đặt lịch hẹn"): the code keypad, and what
// the server's answer to a check-in tells the citizen. No DOM, no clock reads.

import { escapeHtml } from "/assets/js/html.js";

// As server/rules/appointments.py: no 0/O, 1/I/L, so nothing on the keypad looks alike.
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;
const KEYPAD_ROWS = ["23456789", "ABCDEFGH", "JKMNPQRS", "TUVWXYZ"];

export const CHECKIN_TEXT = {
  vi: {
    button: "ĐÃ ĐẶT LỊCH HẸN",
    buttonHint: "Nhập mã hoặc quét mã QR lịch hẹn",
    title: "MỜI NHẬP MÃ LỊCH HẸN",
    hint: "Mã gồm 6 ký tự, in trên xác nhận đặt lịch. Hoặc đưa mã QR của lịch hẹn hay CCCD vào máy quét.",
    codeLabel: "Mã lịch hẹn",
    erase: "XÓA",
    submit: "XÁC NHẬN",
    back: "‹ QUAY LẠI",
    checking: "Đang kiểm tra lịch hẹn…",
    slot: (time) => `Lịch hẹn lúc ${time}`,
    takeNumber: "LẤY SỐ THỨ TỰ",
    retry: "NHẬP LẠI MÃ",
    done: "XONG",
    answers: {
      too_early: { title: "CHƯA ĐẾN GIỜ HẸN", text: (at) => (at ? `Mời Ông/Bà quay lại lúc ${at}.` : "Mời Ông/Bà quay lại gần giờ hẹn.") },
      appointment_expired: { title: "LỊCH HẸN ĐÃ QUÁ GIỜ", text: () => "Mời Ông/Bà lấy số thứ tự thông thường." },
      already_checked_in: {
        title: "LỊCH HẸN ĐÃ ĐƯỢC XÁC NHẬN",
        text: () => "Số thứ tự đã được cấp; mời Ông/Bà chờ gọi số. Nếu mất phiếu, xin liên hệ cán bộ hướng dẫn.",
      },
      unknown_appointment: { title: "KHÔNG TÌM THẤY LỊCH HẸN", text: () => "Mời Ông/Bà kiểm tra lại mã, hoặc liên hệ cán bộ hướng dẫn." },
      unreadable: { title: "KHÔNG ĐỌC ĐƯỢC MÃ", text: () => "Mã vừa quét không phải mã QR lịch hẹn hay CCCD." },
      failed: { title: "CHƯA XÁC NHẬN ĐƯỢC LỊCH HẸN", text: () => "Mời Ông/Bà thử lại, hoặc liên hệ cán bộ hướng dẫn." },
    },
  },
  en: {
    button: "I HAVE AN APPOINTMENT",
    buttonHint: "Enter the code or scan the booking's QR",
    title: "PLEASE ENTER YOUR BOOKING CODE",
    hint: "6 characters, on your booking confirmation. Or hold the booking's QR or your ID card to the scanner.",
    codeLabel: "Booking code",
    erase: "DELETE",
    submit: "CONFIRM",
    back: "‹ BACK",
    checking: "Checking your booking…",
    slot: (time) => `Appointment at ${time}`,
    takeNumber: "TAKE A NUMBER",
    retry: "ENTER THE CODE AGAIN",
    done: "DONE",
    answers: {
      too_early: { title: "TOO EARLY", text: (at) => (at ? `Please come back at ${at}.` : "Please come back nearer your time.") },
      appointment_expired: { title: "YOUR APPOINTMENT HAS EXPIRED", text: () => "Please take an ordinary number." },
      already_checked_in: {
        title: "ALREADY CHECKED IN",
        text: () => "Your number was issued; please wait to be called. Lost your ticket? Ask the staff at the help desk.",
      },
      unknown_appointment: { title: "BOOKING NOT FOUND", text: () => "Please check the code, or ask the staff at the help desk." },
      unreadable: { title: "CODE NOT RECOGNISED", text: () => "What was scanned is not a booking QR or an ID card." },
      failed: { title: "COULD NOT CHECK IN", text: () => "Please try again, or ask the staff at the help desk." },
    },
  },
};

function checkinTexts(lang) {
  return CHECKIN_TEXT[lang] || CHECKIN_TEXT.vi;
}

/** The code after a keypad key: a character of the alphabet is added (up to 6), "erase" takes
 * the last one off; anything else leaves the code as it was. */
export function typeCode(code, key) {
  if (key === "erase") return code.slice(0, -1);
  if (key.length === 1 && CODE_ALPHABET.includes(key) && code.length < CODE_LENGTH) return code + key;
  return code;
}

/** The keypad screen's inner HTML: six boxes showing the code, the keys, erase and confirm. */
export function keypadMarkup(code, lang, { busy = false } = {}) {
  const t = checkinTexts(lang);
  const boxes = Array.from({ length: CODE_LENGTH }, (_, i) => {
    const char = code[i] || "";
    return `<span class="xk-code__box${char ? " xk-code__box--filled" : ""}">${escapeHtml(char)}</span>`;
  }).join("");
  const disabled = busy ? " disabled" : "";
  const rows = KEYPAD_ROWS.map(
    (row) =>
      `<div class="xk-keypad__row">` +
      [...row]
        .map(
          (key) =>
            `<button type="button" class="xk-key" data-action="code-key" data-key="${key}"${disabled}>${key}</button>`,
        )
        .join("") +
      `</div>`,
  ).join("");
  const complete = code.length === CODE_LENGTH;
  const label = `${t.codeLabel}: ${code}`;
  return (
    `<h2 class="xk-title">${escapeHtml(t.title)}</h2>` +
    `<p class="xk-hint">${escapeHtml(t.hint)}</p>` +
    `<p class="xk-code" id="checkin-code" role="status" aria-label="${escapeHtml(label)}">${boxes}</p>` +
    `<div class="xk-keypad">${rows}</div>` +
    `<div class="xk-keypad__actions">` +
    `<button type="button" class="xk-back" data-action="home">${escapeHtml(t.back)}</button>` +
    `<button type="button" class="xk-key xk-key--erase" data-action="code-key" data-key="erase"` +
    `${busy || !code ? " disabled" : ""}>${escapeHtml(t.erase)}</button>` +
    `<button type="button" class="xk-submit" data-action="check-in"${busy || !complete ? " disabled" : ""}>` +
    `${escapeHtml(busy ? t.checking : t.submit)}</button>` +
    `</div>`
  );
}

/** What a refused check-in tells the citizen, from the server's error (`{status, code, message}`)
 * or `{code: "unreadable"}` for a scan that is no booking: title, text, and the way on —
 * `take-number` (an expired booking: the ordinary services), `retry` (the keypad) or `done`. */
export function checkInAnswer(error, lang) {
  const t = checkinTexts(lang);
  let code = (error && error.code) || "failed";
  if (code === "validation_failed" || code === "missing_field") code = "unknown_appointment";
  const answer = t.answers[code] || t.answers.failed;
  // "Chưa đến giờ hẹn; mời quay lại lúc 09:30": the server says when, in the office's time.
  const when = code === "too_early" && /\b(\d{1,2}:\d{2})\b/.exec((error && error.message) || "");
  let next = "retry"; // unknown, unreadable or failed: the citizen may try again
  if (code === "appointment_expired") next = "take-number";
  else if (code === "too_early" || code === "already_checked_in") next = "done";
  return { code, title: answer.title, text: answer.text(when ? when[1] : null), next };
}

/** The answer screen's inner HTML. */
export function answerMarkup(answer, lang) {
  const t = checkinTexts(lang);
  const label = { "take-number": t.takeNumber, retry: t.retry, done: t.done }[answer.next];
  const action = { "take-number": "home", retry: "checkin", done: "home" }[answer.next];
  const back =
    answer.next === "done" ? "" : `<button type="button" class="xk-back" data-action="home">${escapeHtml(t.back)}</button>`;
  return (
    `<div class="xk-answer xk-answer--${escapeHtml(answer.code)}" role="alert">` +
    `<p class="xk-answer__title" id="checkin-answer-title">${escapeHtml(answer.title)}</p>` +
    `<p class="xk-answer__text">${escapeHtml(answer.text)}</p></div>` +
    `<div class="xk-confirm__actions">${back}` +
    `<button type="button" class="xk-done" data-action="${action}">${escapeHtml(label)}</button></div>`
  );
}

/** "Lịch hẹn lúc 09:30": an appointment ticket's slot in the office's time; "" for a walk-in. */
export function slotText(slotStart, timeZone, lang) {
  if (!slotStart) return "";
  const date = new Date(slotStart);
  if (Number.isNaN(date.getTime())) return "";
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: timeZone || "Asia/Ho_Chi_Minh",
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
  return checkinTexts(lang).slot(time);
}

/** The home screen's "Đã đặt lịch hẹn" button: shown while some service takes bookings. */
export function offersCheckIn(services) {
  return (services || []).some((service) => service.appointments_enabled === true);
}
