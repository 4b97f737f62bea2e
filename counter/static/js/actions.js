// What the clerk may do now, and which key asks for it: pure decisions over the console's data.
// No DOM and no requests; console.js reads a key, asks here, and runs or explains.

// The big buttons, in screen order, with the keys shown on them.
export const ACTIONS = [
  { id: "next", label: "Gọi tiếp", keys: ["F1", "Space"], tone: "primary" },
  { id: "recall", label: "Gọi lại", keys: ["R"] },
  { id: "start", label: "Bắt đầu", keys: ["B"] },
  { id: "complete", label: "Hoàn thành", keys: ["H"], tone: "success" },
  { id: "no_show", label: "Vắng mặt", keys: ["V"], tone: "warning" },
  { id: "transfer", label: "Chuyển", keys: ["C"] },
  { id: "park", label: "Tạm giữ", keys: ["G"] },
  { id: "pause", label: "Tạm dừng quầy", keys: ["P"] },
];

// The pause button's label by counter status: a break ends by pressing it on purpose.
export const PAUSE_LABELS = { open: "Tạm dừng quầy", paused: "Tiếp tục làm việc", closed: "Mở quầy" };

// What F1/Space say on a paused counter instead of calling (the server would reopen it).
export const PAUSED_HINT = `Quầy đang tạm dừng. Nhấn P (“${PAUSE_LABELS.paused}”) để mở lại quầy rồi gọi số.`;

// Keys (KeyboardEvent.code, layout- and IME-independent) → console commands.
const KEY_CODES = {
  F1: "next",
  Space: "next",
  KeyR: "recall",
  KeyB: "start",
  KeyH: "complete",
  KeyV: "no_show",
  KeyC: "transfer",
  KeyG: "park",
  KeyP: "pause",
  KeyN: "issue",
};
const TYPING_TAGS = new Set(["INPUT", "SELECT", "TEXTAREA"]);
const PRESSABLE_TAGS = new Set(["BUTTON", "A", "SUMMARY"]);

// The legend at the foot of the console.
export const SHORTCUTS = [
  ["F1 / Space", "Gọi tiếp"],
  ["R", "Gọi lại"],
  ["B", "Bắt đầu"],
  ["H", "Hoàn thành"],
  ["V", "Vắng mặt"],
  ["C", "Chuyển"],
  ["G", "Tạm giữ / Tiếp tục"],
  ["P", `Tạm dừng / ${PAUSE_LABELS.paused}`],
  ["N", "Cấp số tại quầy"],
  ["Tab", "Chọn số trong hàng chờ"],
  ["Esc", "Đóng hộp thoại / thông báo"],
];

// Whether the counter is held (open or paused) by a clerk other than `userId`.
export function heldByOther(counter, userId) {
  return Boolean(counter && counter.status !== "closed" && counter.clerk && counter.clerk.id !== userId);
}

// The first parked ticket that was parked at this counter (the one "Tiếp tục" brings back).
export function parkedHere(parked, counterId) {
  return (parked || []).find((entry) => entry.target_counter_id === counterId) || null;
}

// Why call-next is not usable now ("" when it is).
function nextHint(ticket, paused) {
  if (paused) return PAUSED_HINT;
  if (ticket && ticket.status === "called") return `Phiếu ${ticket.number} đang được gọi: bắt đầu, gọi lại hoặc đánh vắng mặt`;
  if (ticket && ticket.status === "serving") return `Hoàn thành ${ticket.number} rồi gọi số tiếp theo`;
  return "";
}

/**
 * Which buttons are usable now, with their labels and why not.
 * input: { counter, userId, busy, noShowAfterRecalls, parked }
 * A paused counter calls nobody: call-next (and "Gọi số này") wait for "Tiếp tục làm việc".
 * A closed one may still be opened by call-next (design §4).
 */
export function actionStates({ counter, userId, busy = false, noShowAfterRecalls = 1, parked = [] }) {
  const ticket = (counter && counter.ticket) || null;
  const called = ticket && ticket.status === "called";
  const serving = ticket && ticket.status === "serving";
  const paused = Boolean(counter && counter.status === "paused");
  const other = heldByOther(counter, userId);
  const blocked = busy || other || !counter;
  const states = {};
  const set = (id, enabled, extra = {}) => {
    const base = ACTIONS.find((action) => action.id === id);
    states[id] = { id, label: base.label, keys: base.keys, enabled: Boolean(enabled) && !blocked, hint: "", ...extra };
  };
  set("next", !called && !paused, { hint: nextHint(ticket, paused) });
  set("recall", called);
  set("start", called);
  set("complete", serving);
  const recalls = ticket ? ticket.recall_count || 0 : 0;
  const mayNoShow = called && recalls >= noShowAfterRecalls;
  set("no_show", mayNoShow, { hint: called && !mayNoShow ? "Cần gọi lại trước khi đánh vắng mặt" : "" });
  set("transfer", called || serving);
  const back = parkedHere(parked, counter ? counter.id : null);
  if (ticket) set("park", true, { hint: `Tạm giữ phiếu ${ticket.number}` });
  else if (back) set("park", true, { label: "Tiếp tục", hint: `Đưa ${back.number} trở lại đầu hàng chờ`, ticketId: back.id });
  else set("park", false);
  const status = counter ? counter.status : "closed";
  set("pause", true, { label: PAUSE_LABELS[status] || PAUSE_LABELS.closed, emphasis: paused }); // the way back
  if (other) {
    for (const state of Object.values(states)) state.hint = `Quầy đang do ${counter.clerk.full_name} sử dụng`;
  }
  return states;
}

/**
 * The command for a key press, or null.
 * key: { code, ctrlKey, altKey, metaKey, repeat, targetTag, dialogOpen }
 */
export function commandForKey(key) {
  if (key.ctrlKey || key.altKey || key.metaKey || key.dialogOpen) return null; // dialogs: own keys
  if (key.code === "Escape") return "dismiss";
  if (key.repeat) return null; // a held key must not call a second citizen
  if (TYPING_TAGS.has(key.targetTag)) return null;
  // Space on a focused button presses that button, as everywhere else.
  if (key.code === "Space" && PRESSABLE_TAGS.has(key.targetTag)) return null;
  return KEY_CODES[key.code] || null;
}

/**
 * What asking for command `name` does with these action states: { run: state } to send it,
 * { hint } to explain why not (nothing is sent), or null (not an action, or nothing to say).
 */
export function decide(name, states) {
  const state = states && states[name];
  if (!state) return null;
  if (state.enabled) return { run: state };
  return state.hint ? { hint: state.hint } : null;
}
