import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEvent, fromSnapshot } from "../../display/static/js/board.js";
import { electricityCall, snapshot, ticket } from "./display_fixtures.mjs";

const waitingOf = (board, serviceId) => board.waiting.find((w) => w.service_id === serviceId).waiting;

test("a snapshot features its newest call, with the audience the server sent", () => {
  const board = fromSnapshot(snapshot());
  assert.equal(board.latest.number, "A012");
  assert.equal(board.latest.audience, "citizen");
  assert.equal(fromSnapshot({ ...snapshot(), recent_calls: [] }).latest, null);
});

test("a call updates its counter, tops the recent calls, leaves the line, and is featured", () => {
  const before = fromSnapshot(snapshot());
  const { board, sync, call } = applyEvent(before, "ticket_called", electricityCall());
  assert.equal(sync, false);
  assert.equal(call.number, "V005");
  assert.equal(call.audience, "customer");
  assert.equal(call.announcement.audio_url.startsWith("/audio/call.wav?"), true);
  assert.equal(board.counters.find((c) => c.id === 7).ticket.number, "V005");
  assert.equal(board.recent_calls[0].number, "V005");
  assert.equal(waitingOf(board, 8), 0);
  assert.equal(board.latest.number, "V005");
  assert.equal(waitingOf(before, 8), 1, "the input board is not mutated");
});

test("a recall keeps the line and the order of recent calls but is featured again", () => {
  const start = applyEvent(fromSnapshot(snapshot()), "ticket_called", electricityCall()).board;
  const payload = { ...snapshot(), seq: 9, ticket: ticket(), counter: snapshot().counters[0], recall: true, announcement: { text: "Xin nhắc lại, mời công dân…", audio_url: "/audio/call.wav?recall=1" } };
  const { board, call } = applyEvent(start, "ticket_called", payload);
  assert.equal(call.recall, true);
  assert.equal(board.latest.number, "A012");
  assert.deepEqual(board.recent_calls.map((c) => c.number), ["V005", "A012", "B003"]);
  assert.equal(waitingOf(board, 1), 4);
});

test("recent calls stay bounded", () => {
  let board = fromSnapshot(snapshot());
  for (let i = 0; i < 50; i += 1) {
    board = applyEvent(board, "ticket_called", electricityCall(10 + i, { id: 1000 + i, number: `V${i}` }), { recentLimit: 10 }).board;
  }
  assert.equal(board.recent_calls.length, 10);
  assert.equal(board.recent_calls[0].number, "V49");
});

test("an issued ticket adds one to its service; an unknown service asks for a fresh state", () => {
  const board = fromSnapshot(snapshot());
  const issued = applyEvent(board, "ticket_issued", { seq: 8, ticket: ticket({ id: 200, status: "waiting", counter_id: null }) });
  assert.equal(waitingOf(issued.board, 1), 5);
  assert.equal(issued.sync, false);
  assert.equal(applyEvent(board, "ticket_issued", { seq: 8, ticket: ticket({ service_id: 99 }) }).sync, true);
});

test("finishing the ticket at a counter frees the counter without a resync", () => {
  const board = fromSnapshot(snapshot());
  const { board: after, sync } = applyEvent(board, "ticket_updated", { seq: 8, ticket: ticket({ status: "done" }) });
  assert.equal(sync, false);
  assert.equal(after.counters[0].ticket, null);
  assert.equal(after.recent_calls[0].status, "done");
  assert.equal(waitingOf(after, 1), 4);
});

test("starting service keeps the ticket at its counter", () => {
  const { board } = applyEvent(fromSnapshot(snapshot()), "ticket_updated", { seq: 8, ticket: ticket({ status: "serving" }) });
  assert.equal(board.counters[0].ticket.status, "serving");
});

test("a ticket transferred away from a counter goes back into a line", () => {
  const moved = ticket({ status: "waiting", service_id: 2, counter_id: null });
  const { board, sync } = applyEvent(fromSnapshot(snapshot()), "ticket_updated", { seq: 8, ticket: moved });
  assert.equal(sync, false);
  assert.equal(board.counters[0].ticket, null);
  assert.equal(waitingOf(board, 2), 3);
});

test("a change to a ticket the board cannot place asks for a fresh state", () => {
  const parked = ticket({ id: 555, status: "parked", counter_id: null });
  assert.equal(applyEvent(fromSnapshot(snapshot()), "ticket_updated", { seq: 8, ticket: parked }).sync, true);
});

test("a counter update replaces the counter; an unknown counter asks for a fresh state", () => {
  const board = fromSnapshot(snapshot());
  const paused = { ...snapshot().counters[0], status: "paused" };
  assert.equal(applyEvent(board, "counter_updated", { seq: 8, counter: paused }).board.counters[0].status, "paused");
  assert.equal(applyEvent(board, "counter_updated", { seq: 8, counter: { ...paused, id: 42 } }).sync, true);
});
