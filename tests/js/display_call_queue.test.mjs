import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEvent, fromSnapshot } from "../../display/static/js/board.js";
import { FOLLOW_WITHIN_MS, addCall, emptyQueue, putBack, spokenBroken, spokenEnded, takeNext } from "../../display/static/js/call_queue.js";
import { BURST, burstCall, openingSnapshot } from "./display_fixtures.mjs";

// The call board.js makes of a `ticket_called` (what the lobby queues).
const callOf = (entry, options) => applyEvent(fromSnapshot(openingSnapshot()), "ticket_called", burstCall(entry, options)).call;
const [A005, A001, B006] = BURST;

test("the first call of a burst has its chime and invitation, the calls right after it the short form", () => {
  let queue = emptyQueue();
  for (const entry of [A005, A001, B006]) queue = addCall(queue, callOf(entry), { now: 0 });
  let next = takeNext(queue, { now: 0 });
  assert.equal(next.spoken.call.number, "A005");
  assert.equal(next.spoken.chime, true);
  assert.equal(next.spoken.text, "Mời công dân có số thứ tự a năm đến quầy số một");
  queue = spokenEnded(next.queue, 4800);
  next = takeNext(queue, { now: 4800 });
  assert.equal(next.spoken.call.number, "A001");
  assert.equal(next.spoken.chime, false);
  assert.equal(next.spoken.text, "A một đến quầy số hai");
  assert.match(next.spoken.url, /&follow=1&/);
  // A call that comes after a silence is a new burst: chime and invitation again.
  queue = spokenEnded(next.queue, 7000);
  next = takeNext(queue, { now: 7000 + FOLLOW_WITHIN_MS + 1 });
  assert.equal(next.spoken.call.number, "B006");
  assert.equal(next.spoken.chime, true);
});

test("after a call that broke off, the next one starts afresh with the chime", () => {
  let queue = addCall(addCall(emptyQueue(), callOf(A005), { now: 0 }), callOf(A001), { now: 0 });
  queue = spokenBroken(spokenEnded(takeNext(queue, { now: 0 }).queue, 100));
  assert.equal(takeNext(queue, { now: 100 }).spoken.chime, true);
});

test("a recall is queued once however often it is pressed, and a waiting call is not repeated", () => {
  let queue = addCall(emptyQueue(), callOf(A005), { now: 0 });
  for (let i = 0; i < 3; i += 1) queue = addCall(queue, callOf(A005, { recall: true }), { now: i });
  assert.equal(queue.waiting.length, 1, "the call not yet heard is the one said");
  assert.equal(queue.waiting[0].call.recall, false);
  queue = takeNext(queue, { now: 5 }).queue; // A005 is being spoken
  for (let i = 0; i < 3; i += 1) queue = addCall(queue, callOf(A005, { recall: true }), { now: 10 + i });
  assert.deepEqual(queue.waiting.map((item) => [item.call.number, item.call.recall]), [["A005", true]]);
});

test("calls that no longer hold or waited too long are skipped before their turn", () => {
  let queue = emptyQueue();
  queue = addCall(queue, callOf(A005), { now: 0 });
  queue = addCall(queue, callOf(A001), { now: 50_000 });
  queue = addCall(queue, callOf(B006), { now: 50_000 });
  const next = takeNext(queue, { now: 61_000, holds: (call) => call.number !== "A001" });
  assert.deepEqual(next.skipped.map((call) => call.number), ["A005", "A001"]);
  assert.equal(next.spoken.call.number, "B006");
  assert.equal(takeNext(next.queue, { now: 61_000 }).spoken, null);
});

test("the queue is bounded: the oldest waiting calls go", () => {
  let queue = emptyQueue();
  for (const entry of BURST) queue = addCall(queue, callOf(entry), { now: 0, maxQueue: 3 });
  assert.deepEqual(queue.waiting.map((item) => item.call.number), ["E001", "T001", "V001"]);
});

test("a call without audio is not queued; a call put back waits first, chime first", () => {
  const silent = { ...callOf(A005), announcement: null };
  assert.deepEqual(addCall(emptyQueue(), silent, { now: 0 }), emptyQueue());
  let queue = addCall(addCall(emptyQueue(), callOf(A005), { now: 0 }), callOf(A001), { now: 0 });
  const next = takeNext(spokenEnded(queue, 0), { now: 0 });
  queue = putBack(next.queue, next.spoken);
  assert.deepEqual(queue.waiting.map((item) => item.call.number), ["A005", "A001"]);
  assert.equal(takeNext(queue, { now: 0 }).spoken.chime, true);
});
