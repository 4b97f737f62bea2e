// Pure functions of the kiosk page: services, printer state and tickets → views → HTML.
// No DOM, no clock reads (the caller passes `now`); every text from the server is escaped.

import { escapeHtml } from "/assets/js/html.js";
import { slotText } from "./checkin.js";

export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";
export const TIMING = {
  tapGuardMs: 600, // taps this soon after a screen change belong to the previous screen
  printTimeoutMs: 12000, // no answer from the printer by then: show the number as a failure
  holdUpdateMs: 30000, // a print update that came before the answer naming its ticket waits this long
  confirmMs: 20000, // the confirmation returns to the start by itself
  failedMs: 60000, // longer when the citizen must note the number
  idleMs: 30000, // a half-finished choice is abandoned
  refreshMs: 60000, // availability changes with the clock (cut-off, sessions)
};
const PRINTER_FAULTS = new Set(["offline", "paper_out", "cover_open", "error"]);

export const TEXT = {
  vi: {
    title: "MỜI CHỌN LĨNH VỰC",
    hint: "Chạm vào ô để lấy số thứ tự",
    waiting: (n) => `Đang chờ: ${n} người`,
    waitAbout: (m) => `Chờ khoảng ${m} phút`,
    waitUnder: "Chờ dưới 1 phút",
    noCounterOpen: "Chưa có quầy nào mở",
    priority: "ƯU TIÊN",
    priorityTitle: "Ông/Bà thuộc đối tượng ưu tiên nào?",
    priorityServices: (label) => `Ưu tiên: ${label} — mời chọn lĩnh vực`,
    back: "‹ QUAY LẠI",
    language: "English",
    yourNumber: "SỐ THỨ TỰ CỦA ÔNG/BÀ",
    ahead: (n) => (n > 0 ? `Trước Ông/Bà còn ${n} người` : "Ông/Bà là người tiếp theo"),
    estimate: (m) => (m < 1 ? "Thời gian chờ dự kiến: dưới 1 phút" : `Thời gian chờ dự kiến: khoảng ${m} phút`),
    counters: (list) => `Quầy phục vụ: ${list}`,
    qr: "Quét mã để theo dõi lượt trên điện thoại",
    priorityNote: "Vui lòng xuất trình giấy tờ tại quầy",
    printing: "Đang in phiếu…",
    printed: "Mời Ông/Bà nhận phiếu bên dưới",
    notPrinted: "KHÔNG IN ĐƯỢC PHIẾU",
    keepNumber: "Số của Ông/Bà vẫn được giữ. Vui lòng ghi nhớ số hoặc chụp ảnh màn hình.",
    reprint: "IN LẠI PHIẾU",
    reprinting: "Đang in lại…",
    retried: (n) => (n > 1 ? `Đã thử in lại ${n} lần nhưng vẫn chưa in được` : "Đã thử in lại nhưng vẫn chưa in được"),
    done: "XONG",
    returnsIn: (s) => `Tự quay lại sau ${s} giây`,
    printer: {
      offline: "Máy in không kết nối",
      paper_out: "Máy in hết giấy",
      cover_open: "Nắp máy in đang mở",
      error: "Máy in gặp lỗi",
      paper_near_end: "Máy in sắp hết giấy",
      timeout: "Máy in không phản hồi",
    },
    printerDown: "Số thứ tự vẫn được cấp và hiện trên màn hình",
    offline: "Mất kết nối tới máy chủ – đang kết nối lại…",
    offlineHint: "Tạm thời chưa lấy được số. Xin Ông/Bà chờ giây lát hoặc liên hệ cán bộ hướng dẫn.",
    issueFailed: "Chưa cấp được số, vui lòng thử lại",
    // What to do when a closed service is tapped, by the server's reason code.
    unavailable: {
      inactive: () => "Lĩnh vực này tạm ngừng nhận hồ sơ. Mời Ông/Bà liên hệ cán bộ hướng dẫn.",
      holiday: () => "Hôm nay là ngày nghỉ. Mời Ông/Bà quay lại vào ngày làm việc tiếp theo.",
      closed_today: () => "Hôm nay lĩnh vực này không làm việc. Mời Ông/Bà quay lại vào ngày làm việc tiếp theo.",
      before_hours: (at) =>
        at ? `Mời Ông/Bà quay lại lấy số lúc ${at}.` : "Mời Ông/Bà chờ đến giờ làm việc rồi lấy số.",
      between_sessions: (at) =>
        at ? `Buổi làm việc tiếp theo bắt đầu lúc ${at}. Mời Ông/Bà quay lại lấy số khi đó.` : "Mời Ông/Bà chờ đến buổi làm việc tiếp theo rồi lấy số.",
      after_hours: () => "Mời Ông/Bà quay lại vào ngày làm việc tiếp theo.",
      cut_off: () => "Mời Ông/Bà quay lại vào ngày làm việc tiếp theo, hoặc liên hệ cán bộ hướng dẫn.",
      daily_limit_reached: () => "Mời Ông/Bà quay lại vào ngày làm việc tiếp theo, hoặc liên hệ cán bộ hướng dẫn.",
      no_counter: () => "Chưa có quầy nào phục vụ lĩnh vực này. Mời Ông/Bà liên hệ cán bộ hướng dẫn.",
      other: () => "Mời Ông/Bà liên hệ cán bộ hướng dẫn.",
    },
    closed: "Lĩnh vực này chưa cấp số",
    unpaired:
      "Máy cấp số chưa được ghép nối hoặc mã thiết bị đã bị thu hồi. " +
      "Hãy mở đường dẫn ghép nối (…/kiosk?token=…) do quản trị viên cung cấp.",
    weekdays: ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
  },
  en: {
    title: "PLEASE CHOOSE A SERVICE",
    hint: "Touch a service to get your number",
    waiting: (n) => `Waiting: ${n}`,
    waitAbout: (m) => `About ${m} min wait`,
    waitUnder: "Under 1 min wait",
    noCounterOpen: "No counter open yet",
    priority: "PRIORITY",
    priorityTitle: "Which priority group are you in?",
    priorityServices: (label) => `Priority: ${label} — please choose a service`,
    back: "‹ BACK",
    language: "Tiếng Việt",
    yourNumber: "YOUR NUMBER",
    ahead: (n) => (n > 0 ? `${n} ${n === 1 ? "person" : "people"} ahead of you` : "You are next"),
    estimate: (m) => (m < 1 ? "Estimated wait: under 1 minute" : `Estimated wait: about ${m} min`),
    counters: (list) => `Served at counter ${list}`,
    qr: "Scan to follow your turn on your phone",
    priorityNote: "Please show your documents at the counter",
    printing: "Printing your ticket…",
    printed: "Please take your ticket below",
    notPrinted: "YOUR TICKET COULD NOT BE PRINTED",
    keepNumber: "Your place is kept. Please remember the number or take a photo of the screen.",
    reprint: "PRINT AGAIN",
    reprinting: "Printing again…",
    retried: (n) => (n > 1 ? `Tried to print again ${n} times, still not printed` : "Tried to print again, still not printed"),
    done: "DONE",
    returnsIn: (s) => `Returns in ${s} s`,
    printer: {
      offline: "Printer not connected",
      paper_out: "Printer out of paper",
      cover_open: "Printer cover open",
      error: "Printer error",
      paper_near_end: "Printer paper running low",
      timeout: "Printer not responding",
    },
    printerDown: "Numbers are still issued and shown on screen",
    offline: "Connection to the server lost – reconnecting…",
    offlineHint: "Numbers cannot be issued just now. Please wait a moment or ask the staff at the help desk.",
    issueFailed: "Could not issue a number, please try again",
    unavailable: {
      inactive: () => "This service is not taking applications for now. Please ask the staff at the help desk.",
      holiday: () => "Today is a holiday. Please come back on the next working day.",
      closed_today: () => "This service does not work today. Please come back on the next working day.",
      before_hours: (at) => (at ? `Please come back for a number at ${at}.` : "Please wait until opening time."),
      between_sessions: (at) =>
        at ? `The next session starts at ${at}. Please come back for a number then.` : "Please wait for the next session.",
      after_hours: () => "Please come back on the next working day.",
      cut_off: () => "Please come back on the next working day, or ask the staff at the help desk.",
      daily_limit_reached: () => "Please come back on the next working day, or ask the staff at the help desk.",
      no_counter: () => "No counter serves this service yet. Please ask the staff at the help desk.",
      other: () => "Please ask the staff at the help desk.",
    },
    closed: "This service is not issuing numbers",
    unpaired: "This kiosk is not paired or its token was revoked. Open the pairing link (…/kiosk?token=…).",
    weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  },
};

// The texts of a language (Vietnamese unless English was chosen).
export function texts(lang) {
  return TEXT[lang] || TEXT.vi;
}


// "Chờ khoảng 15 phút"; empty when there is no estimate.
export function waitText(minutes, lang) {
  if (minutes === null || minutes === undefined || !Number.isFinite(Number(minutes))) return "";
  const t = texts(lang);
  return Number(minutes) < 1 ? t.waitUnder : t.waitAbout(Math.round(Number(minutes)));
}

// Columns of the service grid: buttons stay wide enough for long Vietnamese names.
export function gridColumns(count, portrait) {
  if (portrait) return count <= 3 ? 1 : 2;
  if (count <= 3) return Math.max(1, count);
  if (count === 4) return 2;
  if (count <= 6) return 3;
  return 4;
}

// The wait a tile promises: none while no counter of the service is open (before opening,
// all on a break), since nobody can say when it will be served.
export function tileWait(service, lang) {
  if (service.open_counters === 0) return texts(lang).noCounterOpen;
  return waitText(service.estimated_wait_minutes, lang);
}

// One service button as the kiosk shows it.
export function serviceView(service, lang) {
  const english = lang === "en";
  const available = service.status === "available";
  return {
    id: service.id,
    prefix: service.prefix || "",
    name: (english && service.name_en) || service.name || "",
    available,
    waiting: texts(lang).waiting(Number(service.waiting) || 0),
    wait: available ? tileWait(service, lang) : "",
    reason: available ? "" : (english && service.reason_message_en) || service.reason_message || "",
    reasonCode: available ? null : service.reason || null,
    opensAt: available ? null : service.opens_at || null,
  };
}

// What a closed service says when tapped: why (the server's words) and what to do now.
export function unavailableHelp(service, lang) {
  const t = texts(lang);
  const view = serviceView(service, lang);
  const advice = t.unavailable[view.reasonCode] || t.unavailable.other;
  return { title: `${view.name}: ${view.reason || t.closed}`, text: advice(view.opensAt) };
}

// The toast's inner HTML for a help message ({title, text}).
export function helpMarkup(help) {
  return (
    `<strong class="xk-toast__title">${escapeHtml(help.title)}</strong>` +
    `<span class="xk-toast__text">${escapeHtml(help.text)}</span>`
  );
}

// Long names get a smaller type so that three lines still fit a button.
export function nameLength(name) {
  const length = String(name).length;
  if (length > 40) return " xk-service__name--longer";
  if (length > 18) return " xk-service__name--long";
  return "";
}

// The grid of service buttons: every one `disabled` while a ticket is being issued, and greyed
// as well while the server is out of reach (`offline`). A closed service stays tappable, to say
// why and what to do (`aria-disabled`: it issues nothing).
export function servicesMarkup(services, lang, { disabled = false, offline = false } = {}) {
  return services
    .map((service) => serviceView(service, lang))
    .map((view) => {
      const detail = view.available
        ? `<span class="xk-service__waiting">${escapeHtml(view.waiting)}</span>` +
          (view.wait ? `<span class="xk-service__wait">${escapeHtml(view.wait)}</span>` : "")
        : `<span class="xk-service__reason">${escapeHtml(view.reason)}</span>`;
      const classes = `xk-service${view.available ? "" : " xk-service--off"}${offline ? " xk-service--offline" : ""}`;
      const action = view.available ? "issue" : "unavailable";
      let state = "";
      if (disabled || offline) state = " disabled";
      else if (!view.available) state = ' aria-disabled="true"';
      return (
        `<button type="button" class="${classes}" ` +
        `data-action="${action}" data-service-id="${escapeHtml(view.id)}"${state}>` +
        `<span class="xk-service__prefix" aria-hidden="true">${escapeHtml(view.prefix)}</span>` +
        `<span class="xk-service__name${nameLength(view.name)}">${escapeHtml(view.name)}</span>` +
        `<span class="xk-service__detail">${detail}</span></button>`
      );
    })
    .join("");
}

// What the kiosk says about its printer before anyone taps; null when a citizen can be served.
// Paper running low is for staff (the admin's device list), not for the citizen at the kiosk.
export function printerNotice(status, lang) {
  const t = texts(lang);
  if (PRINTER_FAULTS.has(status)) return { level: "error", text: `${t.printer[status]} — ${t.printerDown}` };
  return null;
}

// Whether a printer state means printing cannot succeed now.
export function printerDown(status) {
  return PRINTER_FAULTS.has(status);
}

// The print state of a fresh ticket: pending, or failed at once when the printer is known down.
export function initialPrint(printerStatus) {
  if (printerDown(printerStatus)) return { state: "failed", reason: printerStatus };
  return { state: "pending", reason: null };
}

// Apply a `print_job_updated` (or a print timeout, `{status: "failed", reason: "timeout"}`).
// A printed ticket stays printed: a later failure can only be an earlier job's (or a late timeout).
export function printAfter(print, update) {
  if (update.status === "printed") return { state: "printed", reason: null };
  if (update.status === "failed") {
    if (print.state === "printed") return print;
    if (update.reason === "timeout" && print.state !== "pending" && print.state !== "reprinting") return print;
    const failed = { state: "failed", reason: update.reason || "error" };
    return print.attempts ? { ...failed, attempts: print.attempts } : failed;
  }
  return print;
}

// The confirmation screen of an issued ticket.
// `service` is the kiosk's entry of the ticket's service (English name, counters serving it);
// `priorityLabel` is the office's label of the ticket's priority category (priorities.js).
export function confirmationView(
  ticket,
  print,
  lang,
  { service = null, secondsLeft = null, priorityLabel = "", timeZone = DEFAULT_TIME_ZONE } = {},
) {
  const t = texts(lang);
  // A reprint keeps the failure on screen (the number is still the citizen's only record) and
  // shows its button busy until the printer answers.
  const reprinting = print.state === "reprinting";
  const failed = print.state === "failed" || reprinting;
  const printText = print.state === "printed" ? t.printed : t.printing;
  const ahead = Number(ticket.people_ahead) || 0;
  const minutes = ticket.estimated_wait_minutes;
  const counterNumbers = (service && service.counter_numbers) || [];
  return {
    number: ticket.number,
    service: (service && serviceView(service, lang).name) || ticket.service_name || "",
    priority: ticket.priority ? priorityLabel : "",
    slot: slotText(ticket.slot_start, timeZone, lang), // an appointment's time: "Lịch hẹn lúc 09:30"
    priorityNote: ticket.priority ? t.priorityNote : "",
    ahead: t.ahead(ahead),
    estimate: minutes === null || minutes === undefined ? "" : t.estimate(Math.round(Number(minutes))),
    counters: counterNumbers.length ? t.counters(counterNumbers.join(", ")) : "",
    qrUrl: ticket.public_token ? `/api/v1/public/tickets/${encodeURIComponent(ticket.public_token)}/qr.svg` : "",
    qrCaption: t.qr,
    failed,
    printState: print.state,
    printText: failed ? t.notPrinted : printText,
    reason: failed && print.reason ? t.printer[print.reason] || t.printer.error : "",
    retried: print.state === "failed" && print.attempts ? t.retried(print.attempts) : "",
    keepNumber: failed ? t.keepNumber : "",
    canReprint: failed,
    reprinting,
    returnsIn: secondsLeft === null ? "" : t.returnsIn(secondsLeft),
  };
}

// "IN LẠI PHIẾU" (beside "XONG": the failure box above keeps the QR room to stay large), or
// while a reprint is on its way the same button busy and disabled.
function reprintButton(view, t) {
  if (view.reprinting) {
    return (
      `<button type="button" class="xk-reprint xk-reprint--busy" data-action="reprint" disabled aria-busy="true">` +
      `${escapeHtml(t.reprinting)}</button>`
    );
  }
  return `<button type="button" class="xk-reprint" data-action="reprint">${escapeHtml(t.reprint)}</button>`;
}

// The confirmation screen's inner HTML.
export function confirmationMarkup(view, lang) {
  const t = texts(lang);
  const line = (cls, text) => (text ? `<p class="${cls}">${escapeHtml(text)}</p>` : "");
  const status = view.failed
    ? `<div class="xk-print xk-print--failed" role="alert">` +
      line("xk-print__title", view.printText) +
      line("xk-print__reason", view.reason) +
      line("xk-print__retried", view.retried) +
      line("xk-print__keep", view.keepNumber) +
      `</div>`
    : `<div class="xk-print xk-print--${escapeHtml(view.printState)}" role="status">` +
      line("xk-print__title", view.printText) +
      `</div>`;
  const qr = view.qrUrl
    ? `<figure class="xk-qr"><img class="xk-qr__image" src="${escapeHtml(view.qrUrl)}" alt="QR">` +
      `<figcaption>${escapeHtml(view.qrCaption)}</figcaption></figure>`
    : "";
  return (
    `<div class="xk-ticket${view.failed ? " xk-ticket--failed" : ""}">` +
    `<div class="xk-ticket__main">` +
    line("xk-ticket__label", t.yourNumber) +
    `<p class="xk-ticket__number" id="ticket-number">${escapeHtml(view.number)}</p>` +
    line("xk-ticket__service", view.service) +
    line("xk-ticket__slot", view.slot) +
    (view.priority ? `<p class="xk-ticket__priority">${escapeHtml(`${t.priority} – ${view.priority}`)}</p>` : "") +
    line("xk-ticket__note", view.priorityNote) +
    line("xk-ticket__ahead", view.ahead) +
    line("xk-ticket__estimate", view.estimate) +
    line("xk-ticket__counters", view.counters) +
    `</div><div class="xk-ticket__side">${qr}${status}</div></div>` +
    `<div class="xk-confirm__actions">` +
    `<button type="button" class="xk-done" data-action="done">${escapeHtml(t.done)}</button>` +
    (view.canReprint ? reprintButton(view, t) : "") +
    line("xk-confirm__returns", view.returnsIn) +
    `</div>`
  );
}

// How long a screen may stay without a touch before the kiosk goes back to the start.
export function screenTimeout(screen, print) {
  const failed = print && (print.state === "failed" || print.state === "reprinting");
  if (screen === "confirm") return failed ? TIMING.failedMs : TIMING.confirmMs;
  if (screen === "home") return null;
  return TIMING.idleMs;
}

// Whether a tap counts: not while busy, not right after the screen changed under the finger.
export function acceptTap(now, { busy = false, screenChangedAt = -Infinity } = {}) {
  return !busy && now - screenChangedAt >= TIMING.tapGuardMs;
}

// Clock text in the office's time zone: { time: "09:41", date: "Thứ Hai, 26/11/2026" }.
export function clockText(date, timeZone, lang) {
  const parts = {};
  const formatter = new Intl.DateTimeFormat("en-GB", {
    timeZone: timeZone || DEFAULT_TIME_ZONE,
    hourCycle: "h23",
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  const weekdayIndex = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday);
  const weekday = texts(lang).weekdays[weekdayIndex] || "";
  return { time: `${parts.hour}:${parts.minute}`, date: `${weekday}, ${parts.day}/${parts.month}/${parts.year}` };
}

// The office heading: the name lines of the ticket header and the office name.
export function officeView(office) {
  if (!office) return { lines: "", name: "" };
  const lines = (office.header_lines || []).filter((line) => String(line).trim());
  return { lines: lines[0] || "", name: office.name || "" };
}

// The message for a failed issue: the server's reason when it gave one (e.g. "Đã hết số trong ngày").
export function issueErrorText(error, lang) {
  if (error && error.status >= 400 && error.status < 500 && error.message && lang !== "en") return error.message;
  return texts(lang).issueFailed;
}

// Printing from the page (kiosk printer `browser:`, Chrome started with --kiosk-printing).
export const BROWSER_PRINTER = "browser:";

// The paper of a kiosk whose page prints its tickets; null when an agent or the server prints.
export function printPaper(settings) {
  if (!settings || settings.printer !== BROWSER_PRINTER) return null;
  return Number(settings.paper_width) === 384 ? { widthMm: 58 } : { widthMm: 80 };
}

// The ticket to print, top to bottom as design §6 orders it, from the server's `printout`.
export function printoutMarkup(printout, qrSrc, paper) {
  const line = (cls, text) => (text ? `<p class="xk-printout__${cls}">${escapeHtml(text)}</p>` : "");
  return (
    `<div class="xk-printout__paper xk-printout__paper--${paper.widthMm}">` +
    line("agency", printout.agency) +
    (printout.office_lines || []).map((text) => line("office", text)).join("") +
    `<hr class="xk-printout__rule">` +
    line("title", printout.title) +
    line("number", printout.number) +
    line("service", printout.service_name) +
    line("priority", printout.priority) +
    line("counters", printout.counters) +
    `<hr class="xk-printout__rule">` +
    (printout.lines || []).map((text) => line("line", text)).join("") +
    (qrSrc ? `<img class="xk-printout__qr" src="${escapeHtml(qrSrc)}" alt="QR">` : "") +
    line("note", printout.note) +
    `</div>`
  );
}

// The page of the print: the paper's width, as tall as the ticket (a roll has no page length).
export function printPageCss(paper, heightMm) {
  return `@page { size: ${paper.widthMm}mm ${Math.max(20, Math.ceil(heightMm) + 2)}mm; margin: 0; }`;
}
