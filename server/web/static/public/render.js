// Pure functions of the citizen's phone page: public ticket + page state → view → HTML.
// No DOM, no clock reads, no network, no queue ordering (the server sends people ahead);
// every text from the server is escaped and NFC-normalised.

import { escapeHtml } from "../js/html.js";
import { LEVELS, QUESTION, REASONS } from "../js/rating_choices.js";

export const STATUS_WORDS = {
  waiting: "Đang chờ",
  called: "Đã đến lượt",
  serving: "Đang phục vụ",
  done: "Đã xong",
  no_show: "Vắng mặt",
  parked: "Tạm giữ",
  cancelled: "Đã hủy",
};

export const PRIORITY_WORDS = {
  elderly: "Người cao tuổi",
  disabled: "Người khuyết tật",
  pregnant: "Phụ nữ mang thai",
  merit: "Người có công",
  other: "Ưu tiên khác",
};

export const ALREADY_RATED = "Ông/Bà đã đánh giá phiếu này";
// The server refuses a rating from a browser signed in as staff (403 staff_cannot_rate).
export const STAFF_CANNOT_RATE =
  "Trình duyệt này đang đăng nhập tài khoản cán bộ nên không gửi được đánh giá. Công dân vui lòng đánh giá bằng điện thoại của mình.";

const NOTES = {
  waiting: "Ông/Bà có thể ra ngoài một lát: trang này tự cập nhật và báo khi đến lượt. Nên quay lại khi còn khoảng 3 người.",
  called: "Vui lòng mang theo phiếu và hồ sơ đến quầy.",
  serving: "Cán bộ đang tiếp nhận hồ sơ của Ông/Bà.",
  done: "Cảm ơn Ông/Bà đã sử dụng dịch vụ.",
  no_show: "Ông/Bà không có mặt khi được gọi. Nếu vẫn cần giải quyết, vui lòng đến quầy hướng dẫn để được xếp lại.",
  parked: "Phiếu đang được tạm giữ; cán bộ sẽ gọi lại. Vui lòng chờ.",
  cancelled: "Phiếu này đã bị hủy. Nếu cần, Ông/Bà vui lòng lấy số mới tại máy lấy số.",
};
const NOW_SERVING_SHOWN = 6;
export const MIN_REFRESH_MS = 15_000; // a waiting phone refetches its figures at most this often

// "Khoảng 25 phút", "Khoảng 1 giờ 10 phút"; the estimate is rough, and says so.
export function waitText(minutes) {
  if (minutes === null || minutes === undefined || minutes === "" || !Number.isFinite(Number(minutes))) {
    return "Chưa ước tính được";
  }
  const total = Math.max(0, Math.round(Number(minutes)));
  if (total === 0) return "Sắp đến lượt";
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `Khoảng ${rest} phút`;
  return rest ? `Khoảng ${hours} giờ ${rest} phút` : `Khoảng ${hours} giờ`;
}

// The counter in words: "quầy 3".
function counterWords(counter) {
  return counter && counter.number ? `quầy ${counter.number}` : "quầy";
}

// Whether the citizen must be alerted: the ticket was just called, or called again (recall).
export function shouldAlert(previous, next) {
  if (!previous || !next || next.status !== "called") return false;
  if (previous.status !== "called") return true;
  return (next.recall_count || 0) > (previous.recall_count || 0);
}

// The office's public figures applied to the ticket: its `now_serving` list is refreshed.
export function applyQueue(ticket, queue) {
  if (!ticket || !queue || queue.office_id !== ticket.office_id || !Array.isArray(queue.now_serving)) return ticket;
  return { ...ticket, now_serving: queue.now_serving };
}

// Whether the office's queue still matters to this ticket (a finished one keeps its page still,
// so a rating being tapped is not redrawn under the finger).
export function followsQueue(ticket) {
  return Boolean(ticket) && ["waiting", "called", "serving", "parked"].includes(ticket.status);
}

// Whether the page should refetch its people ahead and estimate after a queue change.
export function needsRefresh(ticket) {
  return Boolean(ticket) && ticket.status === "waiting";
}

// Milliseconds until the next refetch: spread over 1–4 s (phones do not all ask at once),
// and never sooner than MIN_REFRESH_MS after the last one.
export function refreshDelay(now, lastFetchAt, random) {
  const spread = 1000 + Math.floor(random * 3000);
  return Math.max(spread, (lastFetchAt || 0) + MIN_REFRESH_MS - now);
}

// The browser tab's title: what matters at a glance.
export function titleFor(ticket) {
  if (!ticket) return "Phiếu số thứ tự";
  if (ticket.status === "called") return `Mời đến ${counterWords(ticket.called_counter)} – ${ticket.number}`;
  if (ticket.status === "waiting") return `${ticket.number} – còn ${ticket.people_ahead} người trước`;
  return `${ticket.number} – ${STATUS_WORDS[ticket.status] || ""}`;
}

// The rating panel before anything was tapped (or "already" when the ticket was rated).
export function initialRating(ticket) {
  if (ticket && ticket.rating) return { phase: "already", level: ticket.rating.level, reasons: [], message: "" };
  return { phase: "choose", level: null, reasons: [], message: "" };
}

/**
 * One step of the rating panel; returns { state, send } where `send` is the body to POST (or null).
 * actions: choose {level} · toggle {reason} · submit · back · sent · failed {status, code, message}
 */
export function ratingStep(state, action) {
  const same = { state, send: null };
  switch (action.type) {
    case "choose": {
      if (state.phase !== "choose" || !LEVELS.some((l) => l.level === action.level)) return same;
      if (action.level === "dissatisfied") {
        return { state: { ...state, phase: "reasons", level: action.level, reasons: [], message: "" }, send: null };
      }
      const next = { ...state, phase: "sending", level: action.level, reasons: [], message: "" };
      return { state: next, send: { level: action.level, reasons: [] } };
    }
    case "toggle": {
      if (state.phase !== "reasons" || !REASONS.some((r) => r.code === action.reason)) return same;
      const reasons = state.reasons.includes(action.reason)
        ? state.reasons.filter((code) => code !== action.reason)
        : [...state.reasons, action.reason];
      return { state: { ...state, reasons, message: "" }, send: null };
    }
    case "submit": {
      if (state.phase !== "reasons") return same;
      return { state: { ...state, phase: "sending", message: "" }, send: { level: "dissatisfied", reasons: state.reasons } };
    }
    case "back": {
      if (state.phase !== "reasons") return same;
      return { state: { ...state, phase: "choose", level: null, reasons: [], message: "" }, send: null };
    }
    case "sent":
      return { state: { ...state, phase: "thanks", message: "" }, send: null };
    case "failed": {
      if (action.code === "already_rated") return { state: { ...state, phase: "already", message: "" }, send: null };
      const phase = state.level === "dissatisfied" ? "reasons" : "choose";
      const message =
        action.code === "staff_cannot_rate"
          ? STAFF_CANNOT_RATE
          : action.status === 429
            ? "Ông/Bà thao tác nhanh quá, vui lòng thử lại sau ít phút."
            : "Chưa gửi được đánh giá, vui lòng thử lại.";
      return { state: { ...state, phase, message }, send: null };
    }
    default:
      return same;
  }
}

// The view model of the whole page. page: { rating, sound: "off"|"on"|"none", updatedAt }.
export function pageView(ticket, page = {}) {
  const status = ticket.status;
  const counter = ticket.called_counter;
  const recalled = (ticket.recall_count || 0) > 0;
  return {
    number: ticket.number,
    service: ticket.service_name || "",
    agency: ticket.agency || "",
    priority: ticket.priority ? PRIORITY_WORDS[ticket.priority] || PRIORITY_WORDS.other : "",
    status,
    statusWord: STATUS_WORDS[status] || status,
    call:
      status === "called"
        ? {
            lead: recalled ? "Xin nhắc lại: đã đến lượt Ông/Bà" : "Đã đến lượt Ông/Bà",
            main: `Mời đến ${counterWords(counter)}`,
            counter: counterWords(counter),
            name: counter && counter.name ? counter.name : "",
          }
        : null,
    serving: status === "serving" ? { main: `Đang phục vụ tại ${counterWords(counter)}`, name: counter && counter.name ? counter.name : "" } : null,
    stats:
      status === "waiting"
        ? {
            ahead: String(ticket.people_ahead ?? "–"),
            aheadLabel: ticket.people_ahead === 0 ? "Ông/Bà là người tiếp theo" : "người đang chờ trước Ông/Bà",
            wait: waitText(ticket.estimated_wait_minutes),
          }
        : null,
    note: NOTES[status] || "",
    sound: (status === "waiting" || status === "parked") && page.sound && page.sound !== "none" ? page.sound : null,
    rating: status === "done" ? page.rating || initialRating(ticket) : null,
    // "Đang mời" is who is being called now: a citizen already at a counter is no longer invited.
    nowServing: (ticket.now_serving || []).filter((row) => row.status !== "serving").slice(0, NOW_SERVING_SHOWN).map((row) => ({
      number: row.number,
      counter: row.counter_number,
      mine: row.number === ticket.number,
    })),
    updatedAt: page.updatedAt || "",
  };
}

function ratingMarkup(rating) {
  if (rating.phase === "thanks") {
    return '<section class="xp-rating xp-rating--done" role="status"><p class="xp-rating__done">Cảm ơn Ông/Bà đã đánh giá!</p></section>';
  }
  if (rating.phase === "already") {
    return `<section class="xp-rating xp-rating--done" role="status"><p class="xp-rating__done">${escapeHtml(ALREADY_RATED)}</p></section>`;
  }
  const sending = rating.phase === "sending";
  const disabled = sending ? " disabled" : "";
  const message = rating.message ? `<p class="xp-rating__message" role="alert">${escapeHtml(rating.message)}</p>` : "";
  if (rating.phase === "reasons" || (sending && rating.level === "dissatisfied")) {
    const reasons = REASONS.map((reason) => {
      const on = rating.reasons.includes(reason.code);
      return `<button type="button" class="xp-reason${on ? " is-on" : ""}" data-action="toggle" data-reason="${reason.code}" aria-pressed="${on}"${disabled}>${escapeHtml(reason.label)}</button>`;
    }).join("");
    return `<section class="xp-rating">
  <h2 class="xp-rating__question">Ông/Bà chưa hài lòng về điều gì?</h2>
  <p class="xp-rating__hint">Có thể chọn nhiều ý.</p>
  <div class="xp-reasons">${reasons}</div>${message}
  <div class="xp-rating__actions">
    <button type="button" class="xp-button xp-button--primary" data-action="submit"${disabled}>${sending ? "Đang gửi…" : "Gửi đánh giá"}</button>
    <button type="button" class="xp-button" data-action="back"${disabled}>Quay lại</button>
  </div>
</section>`;
  }
  const levels = LEVELS.map(
    (l) =>
      `<button type="button" class="xp-level xp-level--${l.tone}${sending && rating.level === l.level ? " is-on" : ""}" data-action="choose" data-level="${l.level}"${disabled}>${escapeHtml(l.label)}</button>`,
  ).join("");
  return `<section class="xp-rating">
  <h2 class="xp-rating__question">${escapeHtml(QUESTION)}</h2>
  <div class="xp-levels">${levels}</div>${message}${sending ? '<p class="xp-rating__hint" role="status">Đang gửi…</p>' : ""}
</section>`;
}

function nowServingMarkup(rows) {
  if (!rows.length) return '<p class="xp-now__empty">Chưa có số nào đang được mời.</p>';
  const items = rows
    .map(
      (row) =>
        `<li class="xp-now__row${row.mine ? " is-mine" : ""}"><span class="xp-now__number">${escapeHtml(row.number)}</span><span class="xp-now__counter">Quầy ${escapeHtml(row.counter)}</span></li>`,
    )
    .join("");
  return `<ol class="xp-now__list">${items}</ol>`;
}

// The page as HTML (the wiring puts it into #app).
export function pageMarkup(view) {
  const parts = [];
  parts.push(`<section class="xp-ticket xp-ticket--${escapeHtml(view.status)}">
  <p class="xp-ticket__label">Số thứ tự của Ông/Bà</p>
  <p class="xp-ticket__number">${escapeHtml(view.number)}</p>
  <p class="xp-ticket__service">${escapeHtml(view.service)}</p>${view.agency && view.agency !== view.service ? `\n  <p class="xp-ticket__agency">${escapeHtml(view.agency)}</p>` : ""}${view.priority ? `\n  <p class="xp-ticket__priority">Ưu tiên: ${escapeHtml(view.priority)}</p>` : ""}
  <p class="xp-status xp-status--${escapeHtml(view.status)}" id="status">${escapeHtml(view.statusWord)}</p>
</section>`);
  if (view.call) {
    parts.push(`<section class="xp-call" role="alert">
  <p class="xp-call__lead">${escapeHtml(view.call.lead)}</p>
  <p class="xp-call__main" id="call">Mời đến <span class="xp-call__counter">${escapeHtml(view.call.counter)}</span></p>${view.call.name ? `\n  <p class="xp-call__name">${escapeHtml(view.call.name)}</p>` : ""}
</section>`);
  }
  if (view.serving) {
    parts.push(`<section class="xp-serving">
  <p class="xp-serving__main">${escapeHtml(view.serving.main)}</p>${view.serving.name ? `\n  <p class="xp-serving__name">${escapeHtml(view.serving.name)}</p>` : ""}
</section>`);
  }
  if (view.stats) {
    parts.push(`<section class="xp-stats">
  <div class="xp-stat"><p class="xp-stat__value" id="ahead">${escapeHtml(view.stats.ahead)}</p><p class="xp-stat__label">${escapeHtml(view.stats.aheadLabel)}</p></div>
  <div class="xp-stat"><p class="xp-stat__value xp-stat__value--text" id="wait">${escapeHtml(view.stats.wait)}</p><p class="xp-stat__label">thời gian chờ dự kiến</p></div>
</section>`);
  }
  if (view.rating) parts.push(ratingMarkup(view.rating));
  if (view.note) parts.push(`<p class="xp-note">${escapeHtml(view.note)}</p>`);
  if (view.sound === "off") {
    parts.push('<button type="button" class="xp-button xp-button--sound" data-action="sound">Bật chuông và rung khi đến lượt</button>');
  } else if (view.sound === "on") {
    parts.push('<p class="xp-sound-on" role="status">Đã bật chuông và rung khi đến lượt. Giữ trang này mở.</p>');
  }
  parts.push(`<section class="xp-now" aria-labelledby="now-title">
  <h2 class="xp-now__title" id="now-title">Đang mời</h2>
  ${nowServingMarkup(view.nowServing)}
</section>`);
  if (view.updatedAt) parts.push(`<p class="xp-updated">Cập nhật lúc ${escapeHtml(view.updatedAt)}</p>`);
  return parts.join("\n");
}
