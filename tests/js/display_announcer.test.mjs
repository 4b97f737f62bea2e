import { test } from "node:test";
import assert from "node:assert/strict";
import { createAnnouncer } from "../../display/static/js/announcer.js";
import { applyEvent, fromSnapshot } from "../../display/static/js/board.js";
import { BURST, burstCall, openingSnapshot } from "./display_fixtures.mjs";

// An <audio> stand-in: records what it plays and lets the test end or fail the current file.
class FakeAudio {
  constructor({ refuse = false } = {}) {
    this.src = "";
    this.refuse = refuse;
    this.listeners = new Map();
    this.playing = [];
    this.maxAtOnce = 0;
  }
  addEventListener(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
  }
  removeEventListener(name, fn) {
    this.listeners.get(name)?.delete(fn);
  }
  listenerCount() {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
  pause() {
    this.playing = [];
  }
  play() {
    if (this.refuse) {
      const error = new Error("play() failed because the user didn't interact with the document first.");
      error.name = "NotAllowedError";
      return Promise.reject(error);
    }
    this.playing = [this.src]; // one element: a new src replaces whatever played before
    this.maxAtOnce = Math.max(this.maxAtOnce, this.playing.length);
    return Promise.resolve();
  }
  fire(name) {
    if (name === "ended" || name === "error") this.playing = [];
    for (const fn of [...(this.listeners.get(name) || [])]) fn();
  }
}

// Manual timers so the stall timeout can be triggered without waiting.
function manualTimers() {
  const pending = new Map();
  let next = 1;
  return {
    setTimeout(fn) {
      pending.set(next, fn);
      return next++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    runAll() {
      for (const [id, fn] of [...pending]) {
        pending.delete(id);
        fn();
      }
    },
    get size() {
      return pending.size;
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

// The call board.js makes of a `ticket_called` (what the lobby queues).
const callOf = (entry, options) => applyEvent(fromSnapshot(openingSnapshot()), "ticket_called", burstCall(entry, options)).call;
const [A005, A001, B006] = BURST;
const numberIn = (url) => new URLSearchParams(url.split("?")[1]).get("number");

test("calls play in order, one at a time; the burst has one chime, then the short forms", () => {
  const audio = new FakeAudio();
  const captions = [];
  const announcer = createAnnouncer({ audio, timers: manualTimers(), onPlay: (item) => captions.push(item.text), onIdle: () => captions.push(null) });
  for (const entry of [A005, A001, B006]) announcer.enqueue(callOf(entry));
  assert.equal(numberIn(audio.src), "A005");
  assert.deepEqual(announcer.pending.map(numberIn), ["A001", "B006"]);
  audio.fire("ended");
  assert.equal(numberIn(audio.src), "A001");
  assert.equal(announcer.current.chime, false);
  audio.fire("ended");
  assert.equal(numberIn(audio.src), "B006");
  audio.fire("ended");
  assert.equal(announcer.current, null);
  assert.deepEqual(announcer.played.map((url) => url.includes("follow=1")), [false, true, true]);
  assert.deepEqual(captions, ["Mời công dân có số thứ tự a năm đến quầy số một", "A một đến quầy số hai", "Bê sáu đến quầy số ba", null]);
  assert.equal(audio.maxAtOnce, 1);
});

test("a recall of a call already heard is heard again, once however often it is pressed", () => {
  const audio = new FakeAudio();
  const announcer = createAnnouncer({ audio, timers: manualTimers() });
  announcer.enqueue(callOf(A005));
  for (let i = 0; i < 4; i += 1) announcer.enqueue(callOf(A005, { recall: true }));
  assert.deepEqual(announcer.pending.map((url) => url.includes("recall=1")), [true]);
  audio.fire("ended");
  audio.fire("ended");
  announcer.enqueue(callOf(A005, { recall: true }));
  assert.deepEqual(announcer.played.map((url) => url.includes("recall=1")), [false, true, true]);
});

test("a call that stopped holding is skipped before its turn, and cut off while it is spoken", () => {
  const audio = new FakeAudio();
  const withdrawn = new Set();
  const idle = [];
  const announcer = createAnnouncer({ audio, timers: manualTimers(), holds: (call) => !withdrawn.has(call.number), onIdle: () => idle.push(true) });
  for (const entry of [A005, A001, B006]) announcer.enqueue(callOf(entry));
  withdrawn.add("A001"); // parked before its turn
  audio.fire("ended");
  assert.equal(numberIn(audio.src), "B006");
  assert.equal(announcer.current.chime, false, "still the same burst");
  announcer.recheck(); // nothing changed for B006
  assert.equal(numberIn(audio.src), "B006");
  withdrawn.add("B006"); // its counter paused while it is being said
  announcer.recheck();
  assert.equal(announcer.current, null);
  assert.deepEqual(audio.playing, []);
  assert.deepEqual(idle, [true]);
  assert.deepEqual(announcer.played.map(numberIn), ["A005", "B006"]);
  announcer.enqueue(callOf(A001));
  assert.equal(announcer.current, null, "A001 still does not hold");
  withdrawn.clear();
  announcer.enqueue(callOf(A001));
  assert.equal(announcer.current.chime, true, "after a call cut off, the chime again");
});

test("a file that fails or never ends does not stop the queue", () => {
  const audio = new FakeAudio();
  const timers = manualTimers();
  const announcer = createAnnouncer({ audio, timers });
  for (const entry of [A005, A001, B006]) announcer.enqueue(callOf(entry));
  audio.fire("error");
  assert.equal(numberIn(audio.src), "A001");
  assert.equal(announcer.current.chime, true, "nobody heard the chime of the call that failed");
  timers.runAll(); // the stall timeout
  assert.equal(numberIn(audio.src), "B006");
  audio.fire("ended");
  assert.equal(timers.size, 0, "no timer left behind when idle");
});

test("the queue is bounded: the oldest waiting calls are dropped", () => {
  const audio = new FakeAudio();
  const announcer = createAnnouncer({ audio, maxQueue: 3, timers: manualTimers() });
  for (const entry of BURST) announcer.enqueue(callOf(entry));
  assert.equal(numberIn(audio.src), "A005");
  assert.deepEqual(announcer.pending.map(numberIn), ["E001", "T001", "V001"]);
});

test("stale calls are skipped and the played history is bounded", () => {
  let clock = 0;
  const audio = new FakeAudio();
  const announcer = createAnnouncer({ audio, maxAgeMs: 1000, historyLimit: 4, now: () => clock, timers: manualTimers() });
  announcer.enqueue(callOf(A005));
  announcer.enqueue(callOf(A001));
  clock = 5000;
  announcer.enqueue(callOf(B006));
  audio.fire("ended");
  assert.equal(numberIn(audio.src), "B006");
  for (let i = 0; i < 10; i += 1) {
    announcer.enqueue(callOf(BURST[i % BURST.length]));
    audio.fire("ended");
  }
  assert.equal(announcer.played.length, 4);
});

test("blocked autoplay keeps the call and plays it after unlock", async () => {
  const audio = new FakeAudio({ refuse: true });
  const blocked = [];
  const timers = manualTimers();
  const announcer = createAnnouncer({ audio, timers, onBlocked: (item) => blocked.push(item.call.number) });
  announcer.enqueue(callOf(A005));
  await flush();
  assert.equal(announcer.blocked, true);
  assert.deepEqual(blocked, ["A005"]);
  announcer.enqueue(callOf(A001));
  assert.deepEqual(announcer.pending.map(numberIn), ["A005", "A001"]);
  assert.equal(timers.size, 0);
  audio.refuse = false;
  announcer.unlock();
  assert.equal(numberIn(audio.src), "A005");
  assert.equal(announcer.current.chime, true);
  audio.fire("ended");
  assert.equal(numberIn(audio.src), "A001");
});

test("dispose removes the element's listeners and timers", () => {
  const audio = new FakeAudio();
  const timers = manualTimers();
  const announcer = createAnnouncer({ audio, timers });
  assert.equal(audio.listenerCount(), 2);
  announcer.enqueue(callOf(A005));
  announcer.dispose();
  assert.equal(audio.listenerCount(), 0);
  assert.equal(timers.size, 0);
  announcer.enqueue(callOf(A001));
  assert.equal(numberIn(audio.src), "A005");
});
