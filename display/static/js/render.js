// Pure render functions of the lobby and counter-top displays: board + settings → view → HTML.
// No DOM, no clock reads (the caller passes `now`); every text from the server is escaped.

import { zonedParts } from "/assets/js/format.js";
import { escapeHtml } from "/assets/js/html.js";
import { callHolds } from "./board.js";

export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";
const WEEKDAYS = { Sun: "Chủ nhật", Mon: "Thứ Hai", Tue: "Thứ Ba", Wed: "Thứ Tư", Thu: "Thứ Năm", Fri: "Thứ Sáu", Sat: "Thứ Bảy" };
const COUNTER_STATUS = { open: "Sẵn sàng", paused: "Tạm dừng", closed: "Đang đóng" };
const TICKET_STATUS = { called: "Đang mời", serving: "Đang phục vụ" };
const ROWS_PER_COLUMN = 8;
const RECENT_SHOWN = 6;

// The device settings of a display (`counter_ids`, `service_ids`, `announce`); empty = no filter.
export function normalizeSettings(raw) {
  const settings = raw && typeof raw === "object" ? raw : {};
  const ids = (list) => {
    if (!Array.isArray(list)) return null;
    const clean = list.map(Number).filter(Number.isInteger);
    return clean.length ? new Set(clean) : null;
  };
  return {
    counterIds: ids(settings.counter_ids),
    serviceIds: ids(settings.service_ids),
    announce: settings.announce !== false,
  };
}

// Whether a counter belongs on this display.
export function counterVisible(counter, settings) {
  if (settings.counterIds && !settings.counterIds.has(counter.id)) return false;
  if (settings.serviceIds && !(counter.service_ids || []).some((id) => settings.serviceIds.has(id))) return false;
  return true;
}

// Whether a call (a recent call or a `ticket_called`) belongs on this display and its speaker.
export function callVisible(call, settings) {
  if (!call) return false;
  if (settings.counterIds && !settings.counterIds.has(call.counter_id)) return false;
  if (settings.serviceIds && !settings.serviceIds.has(call.service_id)) return false;
  return true;
}

// The counter's name without a leading "Quầy 3 – " that repeats its number.
export function counterTitle(counter) {
  const name = String(counter.name || "").normalize("NFC").trim();
  const prefix = new RegExp(`^quầy\\s*(số\\s*)?${escapeRegExp(String(counter.number))}(?![\\p{L}\\p{N}])\\s*[–—:-]?\\s*`, "iu");
  const rest = name.replace(prefix, "").trim();
  return rest || name;
}

// Escape a string for use inside a regular expression.
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// "14:05", "14:05:09" and "Thứ Hai, 12/05/2025" in the office's time zone.
export function clockParts(date, timeZone) {
  const p = zonedParts(date, timeZone);
  return {
    time: `${p.hour}:${p.minute}`,
    seconds: p.second,
    date: `${WEEKDAYS[p.weekday] || ""}, ${p.day}/${p.month}/${p.year}`,
  };
}

// "14:05" of an ISO timestamp in the office's time zone ("" when missing or invalid).
export function shortTime(iso, timeZone) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return clockParts(date, timeZone).time;
}

// An appointment ticket's slot, "09:30" office time, for its mark; "" for any other ticket.
// The server's `channel` says what the ticket is (design §12), never guessed from its number.
export function slotTime(ticket, timeZone) {
  if (!ticket || ticket.channel !== "appointment") return "";
  return shortTime(ticket.slot_start, timeZone);
}

// The words above a called number: the service's `audience` as the server sends it with every
// ticket and call (the voice says the same), never guessed from the agency or the spoken text.
export function callLabel(call) {
  return call && call.audience === "customer" ? "MỜI KHÁCH HÀNG CÓ SỐ" : "MỜI CÔNG DÂN CÓ SỐ";
}

// Seconds one pass of the scrolling notice takes, so it reads at the same speed at any length.
export function tickerSeconds(text) {
  const length = String(text || "").length;
  return Math.max(20, Math.round(length * 0.28 + 12));
}

// The call the lobby's headline shows: the call being spoken (`spoken`, from announcer.js),
// else the newest call that still holds (a recall keeps its mark), else none (the welcome).
export function featuredCall(board, settings, spoken = null) {
  if (spoken && callVisible(spoken.call, settings)) return spoken.call;
  const latest = (board.recent_calls || []).find((c) => callVisible(c, settings) && callHolds(board, c));
  if (!latest) return null;
  const recall = Boolean(board.latest && board.latest.ticket_id === latest.ticket_id && board.latest.recall);
  return { ...latest, recall };
}

// The lobby's view model: what to show, filtered by the device settings. `spoken` is the call
// being announced (its words are the caption); `flash` = { ticketId, until } makes a call's
// headline and counter row flash until then (a call being spoken always flashes).
export function lobbyView(board, settings, { now = 0, spoken = null, flash = null } = {}) {
  const office = board.office || {};
  const timeZone = office.timezone || DEFAULT_TIME_ZONE;
  const counters = (board.counters || []).filter((c) => counterVisible(c, settings));
  const shownServices = new Set(counters.flatMap((c) => c.service_ids || []));
  const calls = (board.recent_calls || []).filter((c) => callVisible(c, settings));
  const speaking = Boolean(spoken) && callVisible(spoken.call, settings);
  const latest = featuredCall(board, settings, speaking ? spoken : null);
  const flashing = Boolean(latest && flash && flash.ticketId === latest.ticket_id && now < flash.until);
  const highlighted = Boolean(latest) && (speaking || flashing);
  const waiting = (board.waiting || [])
    .filter((w) => waitingVisible(w, settings, shownServices))
    .map((w) => ({ prefix: w.prefix, name: w.service_name, count: w.waiting }));
  return {
    officeName: office.name || "",
    headerLines: headerLines(office),
    notice: office.notice_text || "",
    featured: latest && {
      label: callLabel(latest),
      number: latest.number,
      counterNumber: latest.counter_number,
      counterTitle: counterTitle({ name: latest.counter_name, number: latest.counter_number }),
      serviceName: latest.service_name,
      slot: slotTime(latest, timeZone),
      recall: Boolean(latest.recall),
      highlighted,
      captioned: speaking,
    },
    caption: speaking ? spoken.text : "",
    counters: counters.map((c) => counterRow(c, highlighted && latest.counter_id === c.id)),
    twoColumns: counters.length > ROWS_PER_COLUMN,
    recent: calls.slice(0, RECENT_SHOWN).map((c) => ({
      number: c.number,
      counterNumber: c.counter_number,
      time: shortTime(c.called_at, timeZone),
      slot: slotTime(c, timeZone),
      absent: c.status === "no_show",
    })),
    waiting,
    // At most six chips a row, the rows evenly filled (8 services: two rows of four).
    waitingColumns: waiting.length ? Math.ceil(waiting.length / Math.ceil(waiting.length / 6)) : 1,
  };
}

// Whether a service's waiting count belongs on this display: one of its services, or one
// served by its counters.
function waitingVisible(waiting, settings, shownServices) {
  if (settings.serviceIds) return settings.serviceIds.has(waiting.service_id);
  return !settings.counterIds || shownServices.has(waiting.service_id);
}

// The office's header lines, without those the office name already says ("BỘ PHẬN MỘT CỬA").
export function headerLines(office) {
  const name = String(office.name || "").normalize("NFC").toLocaleUpperCase("vi");
  return (office.header_lines || []).filter((line) => !name.includes(String(line).normalize("NFC").toLocaleUpperCase("vi")));
}

// One row of the lobby's counter table.
function counterRow(counter, flash) {
  const ticket = counter.ticket;
  let state = counter.status;
  let statusText = COUNTER_STATUS[counter.status] || "";
  if (counter.status === "open" && ticket) {
    state = ticket.status;
    statusText = TICKET_STATUS[ticket.status] || statusText;
  }
  if (ticket && ticket.service_name && counter.status !== "closed") statusText += ` · ${ticket.service_name}`;
  return {
    id: counter.id,
    number: counter.number,
    title: counterTitle(counter),
    state,
    statusText,
    ticketNumber: ticket && counter.status !== "closed" ? ticket.number : "",
    flash,
  };
}

// The lobby's regions as HTML strings (the header clock and the ticker are updated separately);
// `caption` is plain text.
export function lobbyMarkup(view) {
  return {
    call: callMarkup(view.featured),
    caption: view.caption,
    counters: countersMarkup(view),
    recent: recentMarkup(view.recent),
    waiting: waitingMarkup(view.waiting),
  };
}

// The featured call: label, huge number, counter.
function callMarkup(featured) {
  if (!featured) {
    return '<div class="xd-call__body xd-call__body--idle"><p class="xd-call__label">XIN KÍNH CHÀO QUÝ KHÁCH</p>' +
      '<p class="xd-call__idle">Vui lòng lấy số thứ tự và chờ đến lượt</p></div>';
  }
  const flash = featured.highlighted ? " xd-call__body--flash" : "";
  const label = featured.recall
    ? `<p class="xd-call__label xd-call__label--recall"><span class="xd-call__recall">NHẮC LẠI</span>${escapeHtml(featured.label)}</p>`
    : `<p class="xd-call__label">${escapeHtml(featured.label)}</p>`;
  // The line under the counter: an appointment's mark and slot, else the counter's name. While
  // the call's words are captioned below, it gives the caption its room.
  const under = featured.slot
    ? `<p class="xd-call__appt"><span class="xd-appt">LỊCH HẸN</span> ${escapeHtml(featured.slot)}</p>`
    : `<p class="xd-call__service">${escapeHtml(featured.counterTitle)}</p>`;
  return (
    `<div class="xd-call__body${flash}">${label}` +
    `<p class="xd-call__number" data-number="${escapeHtml(featured.number)}">${escapeHtml(featured.number)}</p>` +
    `<p class="xd-call__counter">ĐẾN QUẦY SỐ <strong>${escapeHtml(featured.counterNumber)}</strong></p>` +
    `${featured.captioned ? "" : under}</div>`
  );
}

// The counter table: "Quầy", "Lĩnh vực", "Số đang phục vụ".
function countersMarkup(view) {
  const head =
    '<div class="xd-counters__head" aria-hidden="true"><span>QUẦY</span><span>LĨNH VỰC</span><span>SỐ ĐANG PHỤC VỤ</span></div>';
  if (!view.counters.length) {
    return `${head}<p class="xd-empty">Chưa có quầy nào được hiển thị trên màn hình này</p>`;
  }
  const rows = view.counters
    .map(
      (c) =>
        `<div class="xd-counter xd-counter--${escapeHtml(c.state)}${c.flash ? " xd-counter--flash" : ""}" data-counter-id="${escapeHtml(c.id)}">` +
        `<span class="xd-counter__badge">${escapeHtml(c.number)}</span>` +
        `<span class="xd-counter__info"><span class="xd-counter__title">${escapeHtml(c.title)}</span>` +
        `<span class="xd-counter__status">${escapeHtml(c.statusText)}</span></span>` +
        `<span class="xd-counter__number">${c.ticketNumber ? escapeHtml(c.ticketNumber) : "—"}</span>` +
        "</div>",
    )
    .join("");
  const layout = view.twoColumns ? " xd-counters__rows--two" : "";
  return `${head}<div class="xd-counters__rows${layout}">${rows}</div>`;
}

// The last calls, newest first.
function recentMarkup(recent) {
  if (!recent.length) return '<p class="xd-empty">Chưa có lượt gọi</p>';
  return (
    '<ol class="xd-recent__list">' +
    recent
      .map(
        (c) =>
          `<li class="xd-recent__item${c.absent ? " xd-recent__item--absent" : ""}">` +
          `<span class="xd-recent__number">${escapeHtml(c.number)}</span>` +
          `<span class="xd-recent__where"><span class="xd-recent__counter">Quầy ${escapeHtml(c.counterNumber)}</span>` +
          (c.absent
            ? '<span class="xd-recent__absent">Vắng mặt</span>'
            : c.slot // an appointment: its slot stands where the time of the call would
              ? `<span class="xd-appt xd-appt--small" title="Lịch hẹn ${escapeHtml(c.slot)}">Hẹn ${escapeHtml(c.slot)}</span>`
              : `<span class="xd-recent__time">${escapeHtml(c.time)}</span>`) +
          "</span></li>",
      )
      .join("") +
    "</ol>"
  );
}

// Waiting people per service.
function waitingMarkup(waiting) {
  return waiting
    .map(
      (w) =>
        `<div class="xd-waiting__item"><span class="xd-waiting__prefix">${escapeHtml(w.prefix)}</span>` +
        `<span class="xd-waiting__name">${escapeHtml(w.name)}</span>` +
        `<span class="xd-waiting__count">${escapeHtml(w.count)}</span></div>`,
    )
    .join("");
}

// The counter-top display's view model for one counter.
export function counterScreenView(board, counterId, { now = 0, highlightUntil = 0 } = {}) {
  const counter = (board.counters || []).find((c) => c.id === counterId);
  if (!counter) return { found: false, mode: "missing", headline: "Không tìm thấy quầy", subline: "" };
  const names = new Map((board.waiting || []).map((w) => [w.service_id, w.service_name]));
  const ticket = counter.ticket;
  const base = {
    found: true,
    counterNumber: counter.number,
    title: counterTitle(counter),
    clerkName: counter.clerk ? counter.clerk.full_name : "",
    services: (counter.service_ids || []).map((id) => names.get(id)).filter(Boolean),
    number: ticket ? ticket.number : "",
    highlighted: false,
  };
  if (counter.status === "closed") {
    return { ...base, number: "", mode: "closed", headline: "ĐANG ĐÓNG", subline: "Quầy chưa làm việc, xin mời đến quầy khác" };
  }
  if (counter.status === "paused") {
    return { ...base, mode: "paused", headline: "TẠM DỪNG", subline: "Xin vui lòng chờ trong giây lát" };
  }
  if (!ticket) return { ...base, mode: "idle", headline: "SẴN SÀNG TIẾP NHẬN", subline: "Xin mời công dân theo số thứ tự" };
  if (ticket.status === "called") {
    return { ...base, mode: "called", headline: callLabel(ticket), subline: ticket.service_name || "", highlighted: now < highlightUntil };
  }
  return { ...base, mode: "serving", headline: "ĐANG PHỤC VỤ SỐ", subline: ticket.service_name || "" };
}

// The counter-top display as HTML.
export function counterScreenMarkup(view) {
  if (!view.found) return `<main class="xc-main xc-main--missing"><p class="xc-headline">${escapeHtml(view.headline)}</p></main>`;
  const bigNumber = view.mode === "called" || view.mode === "serving" || (view.mode === "paused" && view.number);
  const number = bigNumber
    ? `<p class="xc-number" data-number="${escapeHtml(view.number)}">${escapeHtml(view.number)}</p>`
    : "";
  const services = view.services.length
    ? `<p class="xc-services">${view.services.map(escapeHtml).join(" · ")}</p>`
    : "";
  const clerk = view.clerkName ? `<p class="xc-clerk">Cán bộ: <strong>${escapeHtml(view.clerkName)}</strong></p>` : "";
  return (
    '<header class="xc-head">' +
    `<p class="xc-counter">QUẦY <strong>${escapeHtml(view.counterNumber)}</strong></p>` +
    `<p class="xc-title">${escapeHtml(view.title)}</p>` +
    "</header>" +
    `<main class="xc-main xc-main--${escapeHtml(view.mode)}${view.highlighted ? " xc-main--flash" : ""}">` +
    `<p class="xc-headline">${escapeHtml(view.headline)}</p>${number}` +
    `<p class="xc-subline">${escapeHtml(view.subline)}</p>` +
    "</main>" +
    `<footer class="xc-foot">${clerk}${services}</footer>`
  );
}
