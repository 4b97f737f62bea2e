import { test } from "node:test";
import assert from "node:assert/strict";
import { giveUp, newStream, receive, snapshotTaken } from "../../server/web/static/js/seq.js";

const ev = (seq) => ({ seq, name: `e${seq}` });
const seqs = (events) => events.map((event) => event.seq);

test("the next seq is applied at once, older and repeated ones are ignored", () => {
  let result = receive(newStream(5), ev(6));
  assert.deepEqual(seqs(result.ready), [6]);
  assert.equal(result.stream.lastSeq, 6);
  for (const old of [6, 5, 3]) {
    result = receive(result.stream, ev(old));
    assert.deepEqual(result.ready, []);
    assert.equal(result.sync, false);
  }
  assert.deepEqual(seqs(receive(newStream(0), ev(1)).ready), [1]);
});

test("without a snapshot an event cannot be applied: ask for one", () => {
  const result = receive(newStream(), ev(1));
  assert.equal(result.sync, true);
  assert.deepEqual(result.ready, []);
});

test("events that cross on the way are put back in order", () => {
  let result = receive(newStream(5), ev(7));
  assert.equal(result.waiting, true);
  assert.deepEqual(result.ready, []);
  result = receive(result.stream, ev(8));
  assert.equal(result.waiting, true);
  result = receive(result.stream, ev(7)); // the same early event again changes nothing
  assert.deepEqual(seqs(result.stream.early), [7, 8]);
  result = receive(result.stream, ev(6));
  assert.deepEqual(seqs(result.ready), [6, 7, 8]);
  assert.equal(result.waiting, false);
  assert.equal(result.stream.lastSeq, 8);
});

test("a missing event that never comes is given up and its successors handed over", () => {
  const held = receive(receive(newStream(5), ev(7)).stream, ev(9)).stream;
  const { stream, missed } = giveUp(held);
  assert.deepEqual(seqs(missed), [7, 9]);
  assert.deepEqual(stream, newStream(5));
});

test("a snapshot takes over; early events after it follow at once", () => {
  let result = receive(newStream(5), ev(9));
  result = receive(result.stream, ev(11));
  result = snapshotTaken(result.stream, 8);
  assert.deepEqual(seqs(result.ready), [9]);
  assert.equal(result.waiting, true); // 11 still waits for 10
  result = snapshotTaken(result.stream, 12); // a newer snapshot covers everything held
  assert.deepEqual(result.ready, []);
  assert.equal(result.waiting, false);
  assert.equal(result.stream.lastSeq, 12);
  // A restored database: the snapshot's seq went back, and the screen follows it.
  assert.equal(snapshotTaken(newStream(40), 3).stream.lastSeq, 3);
});
