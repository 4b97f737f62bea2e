import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { actionStates, commandForKey, decide, PAUSED_HINT, SHORTCUTS } = await import("../../counter/static/js/actions.js");

const clerk = { id: 7, full_name: "Nguyễn Văn Hùng" };

function counter(overrides = {}) {
  return { id: 1, number: "1", name: "Quầy 1 – Đất đai", status: "open", clerk, ticket: null, service_ids: [1], ...overrides };
}

function ticket(overrides = {}) {
  return { id: 11, number: "A012", service_id: 1, status: "called", recall_count: 0, ...overrides };
}

const enabled = (states) => Object.values(states).filter((s) => s.enabled).map((s) => s.id).sort();

// What pressing `code` on the console's main area does with these states.
function press(code, states) {
  return decide(commandForKey({ code, targetTag: "MAIN" }), states);
}

test("an idle open counter may call next, pause and nothing else", () => {
  const states = actionStates({ counter: counter(), userId: 7 });
  assert.deepEqual(enabled(states), ["next", "pause"]);
  assert.equal(states.pause.label, "Tạm dừng quầy");
});

test("a called ticket: recall, start, transfer, park; no call-next, no no-show before a recall", () => {
  const states = actionStates({ counter: counter({ ticket: ticket() }), userId: 7, noShowAfterRecalls: 1 });
  assert.deepEqual(enabled(states), ["park", "pause", "recall", "start", "transfer"]);
  assert.match(states.next.hint, /A012 đang được gọi/);
  assert.match(states.no_show.hint, /gọi lại/);
});

test("after enough recalls the clerk may mark no-show", () => {
  const states = actionStates({ counter: counter({ ticket: ticket({ recall_count: 1 }) }), userId: 7, noShowAfterRecalls: 1 });
  assert.equal(states.no_show.enabled, true);
  assert.equal(states.no_show.hint, "");
});

test("a ticket being served: complete, or call next (which completes it)", () => {
  const states = actionStates({ counter: counter({ ticket: ticket({ status: "serving" }) }), userId: 7 });
  assert.deepEqual(enabled(states), ["complete", "next", "park", "pause", "transfer"]);
});

test("nothing is usable while a request is in flight", () => {
  const states = actionStates({ counter: counter({ ticket: ticket({ status: "serving" }) }), userId: 7, busy: true });
  assert.deepEqual(enabled(states), []);
});

test("a counter held by another clerk is read-only and says who holds it", () => {
  const states = actionStates({ counter: counter(), userId: 99 });
  assert.deepEqual(enabled(states), []);
  assert.match(states.next.hint, /Nguyễn Văn Hùng/);
});

test("a paused counter calls nobody: F1 and Space explain, only P (Tiếp tục làm việc) ends the break", () => {
  const states = actionStates({ counter: counter({ status: "paused" }), userId: 7 });
  assert.equal(states.next.enabled, false);
  assert.equal(states.pause.enabled, true);
  assert.equal(states.pause.label, "Tiếp tục làm việc");
  assert.equal(states.pause.emphasis, true);
  for (const code of ["F1", "Space"]) assert.deepEqual(press(code, states), { hint: PAUSED_HINT });
  assert.match(PAUSED_HINT, /tạm dừng/);
  assert.match(PAUSED_HINT, /Tiếp tục làm việc/);
  assert.equal(press("KeyP", states).run.id, "pause");
});

test("paused while serving: the ticket is still finished, transferred or parked, but nobody new is called", () => {
  const states = actionStates({ counter: counter({ status: "paused", ticket: ticket({ status: "serving" }) }), userId: 7 });
  assert.deepEqual(enabled(states), ["complete", "park", "pause", "transfer"]);
  assert.equal(states.next.hint, PAUSED_HINT);
});

test("a closed counter offers Mở quầy, and call-next opens it (design §4)", () => {
  const states = actionStates({ counter: counter({ status: "closed", clerk: null }), userId: 7 });
  assert.equal(states.pause.label, "Mở quầy");
  assert.equal(states.next.enabled, true);
  assert.equal(press("F1", states).run.id, "next");
});

test("a refused command with nothing to say does nothing", () => {
  const states = actionStates({ counter: counter(), userId: 7 });
  assert.equal(decide("recall", states), null);
  assert.equal(decide("issue", states), null); // not one of the big buttons
  assert.equal(decide(null, states), null);
});

test("with no ticket, G resumes the ticket parked at this counter", () => {
  const parked = [
    { id: 5, number: "B002", target_counter_id: 2 },
    { id: 6, number: "A004", target_counter_id: 1 },
  ];
  const states = actionStates({ counter: counter(), userId: 7, parked });
  assert.equal(states.park.enabled, true);
  assert.equal(states.park.label, "Tiếp tục");
  assert.equal(states.park.ticketId, 6);
  const withTicket = actionStates({ counter: counter({ ticket: ticket() }), userId: 7, parked });
  assert.equal(withTicket.park.label, "Tạm giữ");
  assert.equal(withTicket.park.ticketId, undefined);
});

test("keys map to commands; typing, modifiers, held keys and dialogs do not", () => {
  const key = (code, extra = {}) => commandForKey({ code, targetTag: "MAIN", ...extra });
  assert.equal(key("F1"), "next");
  assert.equal(key("Space"), "next");
  assert.equal(key("KeyR"), "recall");
  assert.equal(key("KeyB"), "start");
  assert.equal(key("KeyH"), "complete");
  assert.equal(key("KeyV"), "no_show");
  assert.equal(key("KeyC"), "transfer");
  assert.equal(key("KeyG"), "park");
  assert.equal(key("KeyP"), "pause");
  assert.equal(key("KeyN"), "issue");
  assert.equal(key("Escape"), "dismiss");
  assert.equal(key("KeyQ"), null);
  assert.equal(key("F1", { repeat: true }), null);
  assert.equal(key("KeyR", { ctrlKey: true }), null);
  assert.equal(key("KeyR", { targetTag: "INPUT" }), null);
  assert.equal(key("KeyR", { dialogOpen: true }), null);
  assert.equal(key("Escape", { dialogOpen: true }), null); // the dialog closes itself
  assert.equal(key("Space", { targetTag: "BUTTON" }), null);
  assert.equal(key("F1", { targetTag: "BUTTON" }), "next");
});

test("the legend names the pause key by both of its meanings", () => {
  assert.deepEqual(
    SHORTCUTS.find(([keys]) => keys === "P"),
    ["P", "Tạm dừng / Tiếp tục làm việc"],
  );
});
