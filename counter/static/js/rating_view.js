// Pure logic of the rating tablet: its screens as a state machine, and their HTML.
// No DOM, no timers, no clock: the wiring feeds actions in and acts on what comes out.

import { escapeHtml } from "/assets/js/html.js";
import { LEVELS, QUESTION, REASONS } from "/assets/js/rating_choices.js";

export const QUESTION_TIMEOUT_MS = 30_000; // unanswered: back to idle
export const THANKS_MS = 8_000;
const REMEMBERED = 50; // ticket ids already rated on this tablet

// The tablet before anything happened.
export function initialTablet() {
  return { screen: "idle", ticket: null, level: null, reasons: [], rated: [] };
}

// The ticket this tablet should ask about, if the event is its counter completing one.
export function completedTicket(eventName, payload, counterId) {
  const ticket = payload && payload.ticket;
  if (eventName !== "ticket_updated" || !ticket) return null;
  return ticket.status === "done" && ticket.counter_id === counterId ? ticket : null;
}

function remember(rated, ticketId) {
  return [...rated.filter((id) => id !== ticketId), ticketId].slice(-REMEMBERED);
}

function rate(state, level, reasons) {
  const send = { ticket_id: state.ticket.id, level, reasons: level === "dissatisfied" ? reasons : [] };
  return { send, rated: remember(state.rated, state.ticket.id) };
}

/**
 * One step of the tablet. Returns { state, send, timer }: `send` is a rating to submit (or
 * null), `timer` the ms after which to feed { type: "timeout" } (null: no timer).
 * actions: completed {ticket} · choose {level} · toggle {reason} · submit · back · timeout
 */
export function tabletStep(state, action) {
  const same = { state, send: null, timer: undefined }; // undefined: keep the running timer
  switch (action.type) {
    case "completed": {
      const ticket = action.ticket;
      if (!ticket || state.rated.includes(ticket.id)) return same;
      // The previous citizen chose "Không hài lòng" but left before sending: it still counts.
      const pending = state.screen === "reasons" ? rate(state, "dissatisfied", state.reasons) : null;
      const rated = pending ? pending.rated : state.rated;
      const next = { ...state, screen: "question", ticket, level: null, reasons: [], rated };
      return { state: next, send: pending ? pending.send : null, timer: QUESTION_TIMEOUT_MS };
    }
    case "choose": {
      if (state.screen !== "question" || !LEVELS.some((l) => l.level === action.level)) return same;
      if (action.level === "dissatisfied") {
        return { state: { ...state, screen: "reasons", level: action.level, reasons: [] }, send: null, timer: QUESTION_TIMEOUT_MS };
      }
      const { send, rated } = rate(state, action.level, []);
      return { state: { ...state, screen: "thanks", level: action.level, rated }, send, timer: THANKS_MS };
    }
    case "toggle": {
      if (state.screen !== "reasons" || !REASONS.some((r) => r.code === action.reason)) return same;
      const reasons = state.reasons.includes(action.reason)
        ? state.reasons.filter((code) => code !== action.reason)
        : [...state.reasons, action.reason];
      return { state: { ...state, reasons }, send: null, timer: QUESTION_TIMEOUT_MS };
    }
    case "submit": {
      if (state.screen !== "reasons") return same;
      const { send, rated } = rate(state, "dissatisfied", state.reasons);
      return { state: { ...state, screen: "thanks", rated }, send, timer: THANKS_MS };
    }
    case "back": {
      if (state.screen !== "reasons") return same;
      return { state: { ...state, screen: "question", level: null, reasons: [] }, send: null, timer: QUESTION_TIMEOUT_MS };
    }
    case "timeout": {
      // "Không hài lòng" was chosen even if no reason was ticked: it counts.
      const pending = state.screen === "reasons" ? rate(state, "dissatisfied", state.reasons) : null;
      const next = { ...state, screen: "idle", ticket: null, level: null, reasons: [], rated: pending ? pending.rated : state.rated };
      return { state: next, send: pending ? pending.send : null, timer: null };
    }
    default:
      return same;
  }
}

// The counter (from the office `state`) as the idle screen shows it.
export function counterInfo(snapshot, counterId) {
  const counter = ((snapshot && snapshot.counters) || []).find((c) => c.id === counterId) || null;
  return {
    officeName: (snapshot && snapshot.office && snapshot.office.name) || "",
    counter,
  };
}

const ICONS = {
  great:
    '<svg viewBox="0 0 64 64" aria-hidden="true"><circle cx="32" cy="32" r="29" fill="currentColor"/>' +
    '<circle cx="22" cy="25" r="4.5" fill="#fff"/><circle cx="42" cy="25" r="4.5" fill="#fff"/>' +
    '<path d="M15 36c3 10 10 15 17 15s14-5 17-15z" fill="#fff"/></svg>',
  good:
    '<svg viewBox="0 0 64 64" aria-hidden="true"><circle cx="32" cy="32" r="29" fill="currentColor"/>' +
    '<circle cx="22" cy="26" r="4.5" fill="#fff"/><circle cx="42" cy="26" r="4.5" fill="#fff"/>' +
    '<path d="M20 40c4 5 8 7 12 7s8-2 12-7" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round"/></svg>',
  bad:
    '<svg viewBox="0 0 64 64" aria-hidden="true"><circle cx="32" cy="32" r="29" fill="currentColor"/>' +
    '<circle cx="22" cy="26" r="4.5" fill="#fff"/><circle cx="42" cy="26" r="4.5" fill="#fff"/>' +
    '<path d="M20 48c4-6 8-8 12-8s8 2 12 8" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round"/></svg>',
  thanks:
    '<svg viewBox="0 0 64 64" aria-hidden="true"><path d="M32 56 9 33C2 26 3 14 12 10c6-3 13-1 17 4l3 4 3-4c4-5 11-7 17-4 9 4 10 16 3 23z" fill="currentColor"/></svg>',
};

// The counter's name without a leading "Quầy 3 – " that repeats its number.
export function counterSubtitle(counter) {
  const name = String(counter.name || "").normalize("NFC").trim();
  const number = String(counter.number).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return name.replace(new RegExp(`^quầy\\s*(số\\s*)?${number}(?![\\p{L}\\p{N}])\\s*[–—:-]?\\s*`, "iu"), "").trim();
}

// Idle: the counter and the clerk serving at it.
export function idleMarkup({ counter, officeName }) {
  if (!counter) return `<div class="rt-idle"><p class="rt-idle__office">${escapeHtml(officeName)}</p><p class="rt-idle__hint">Đang kết nối…</p></div>`;
  const clerk = counter.clerk && counter.status !== "closed" ? counter.clerk.full_name : "";
  const who = clerk
    ? `<p class="rt-idle__label">Cán bộ tiếp nhận</p><p class="rt-idle__clerk">${escapeHtml(clerk)}</p>`
    : `<p class="rt-idle__clerk rt-idle__clerk--none">Quầy chưa mở</p>`;
  return (
    `<div class="rt-idle">` +
    `<p class="rt-idle__office">${escapeHtml(officeName)}</p>` +
    `<p class="rt-idle__counter"><span class="rt-idle__number">Quầy ${escapeHtml(counter.number)}</span>` +
    `<span class="rt-idle__name">${escapeHtml(counterSubtitle(counter))}</span></p>${who}` +
    `<p class="rt-idle__hint">Sau khi được phục vụ, xin Ông/Bà vui lòng đánh giá sự hài lòng tại đây.</p></div>`
  );
}

// The question with the three big choices.
export function questionMarkup(ticket) {
  const buttons = LEVELS.map(
    ({ level, label, tone }) =>
      `<button type="button" class="rt-level rt-level--${tone}" data-level="${level}">${ICONS[tone]}<span>${escapeHtml(label)}</span></button>`,
  ).join("");
  return (
    `<div class="rt-ask"><p class="rt-ask__ticket">Phiếu ${escapeHtml(ticket.number)} · ${escapeHtml(ticket.service_name)}</p>` +
    `<h1 class="rt-ask__question">${escapeHtml(QUESTION)}</h1><div class="rt-levels">${buttons}</div></div>`
  );
}

// "Không hài lòng": why, several reasons allowed.
export function reasonsMarkup(selected) {
  const chosen = new Set(selected || []);
  const buttons = REASONS.map(({ code, label }) => {
    const on = chosen.has(code);
    return (
      `<button type="button" class="rt-reason${on ? " rt-reason--on" : ""}" data-reason="${code}" aria-pressed="${on}">` +
      `<span class="rt-reason__box" aria-hidden="true">${on ? "✓" : ""}</span><span>${escapeHtml(label)}</span></button>`
    );
  }).join("");
  return (
    `<div class="rt-ask"><h1 class="rt-ask__question">Ông/Bà chưa hài lòng về điều gì?</h1>` +
    `<p class="rt-ask__sub">Có thể chọn nhiều ý</p><div class="rt-reasons">${buttons}</div>` +
    `<div class="rt-ask__bar"><button type="button" class="rt-back" data-back>Quay lại</button>` +
    `<button type="button" class="rt-submit" data-submit>Gửi đánh giá</button></div></div>`
  );
}

// Thank-you.
export function thanksMarkup() {
  return (
    `<div class="rt-thanks">${ICONS.thanks}<h1>Cảm ơn Ông/Bà đã đánh giá!</h1>` +
    `<p>Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn.</p></div>`
  );
}

// The screen for a tablet state.
export function screenMarkup(state, info) {
  if (state.screen === "question") return questionMarkup(state.ticket);
  if (state.screen === "reasons") return reasonsMarkup(state.reasons);
  if (state.screen === "thanks") return thanksMarkup();
  return idleMarkup(info);
}
