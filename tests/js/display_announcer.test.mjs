import { test } from "node:test";
import assert from "node:assert/strict";
import { createAnnouncer } from "../../display/static/js/announcer.js";

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

test("calls play in order, one at a time, each after the previous ended", () => {
  const audio = new FakeAudio();
  const captions = [];
  const announcer = createAnnouncer({ audio, timers: manualTimers(), onPlay: (item) => captions.push(item.text), onIdle: () => captions.push(null) });
  announcer.enqueue({ url: "/a1", text: "một" });
  announcer.enqueue({ url: "/a2", text: "hai" });
  announcer.enqueue({ url: "/a3", text: "ba" });
  assert.equal(audio.src, "/a1");
  assert.deepEqual(announcer.pending, ["/a2", "/a3"]);
  audio.fire("ended");
  assert.equal(audio.src, "/a2");
  audio.fire("ended");
  assert.equal(audio.src, "/a3");
  audio.fire("ended");
  assert.equal(announcer.current, null);
  assert.deepEqual(announcer.played, ["/a1", "/a2", "/a3"]);
  assert.deepEqual(captions, ["một", "hai", "ba", null]);
  assert.equal(audio.maxAtOnce, 1);
});

test("a recall of the same call is played again", () => {
  const audio = new FakeAudio();
  const announcer = createAnnouncer({ audio, timers: manualTimers() });
  announcer.enqueue({ url: "/call?number=A012&recall=0" });
  audio.fire("ended");
  announcer.enqueue({ url: "/call?number=A012&recall=1" });
  audio.fire("ended");
  announcer.enqueue({ url: "/call?number=A012&recall=1" });
  assert.deepEqual(announcer.played, ["/call?number=A012&recall=0", "/call?number=A012&recall=1", "/call?number=A012&recall=1"]);
});

test("a file that fails or never ends does not stop the queue", () => {
  const audio = new FakeAudio();
  const timers = manualTimers();
  const announcer = createAnnouncer({ audio, timers });
  announcer.enqueue({ url: "/broken" });
  announcer.enqueue({ url: "/hangs" });
  announcer.enqueue({ url: "/fine" });
  audio.fire("error");
  assert.equal(audio.src, "/hangs");
  timers.runAll(); // the stall timeout
  assert.equal(audio.src, "/fine");
  audio.fire("ended");
  assert.equal(timers.size, 0, "no timer left behind when idle");
});

test("the queue is bounded: the oldest waiting calls are dropped", () => {
  const audio = new FakeAudio();
  const announcer = createAnnouncer({ audio, maxQueue: 3, timers: manualTimers() });
  for (let i = 0; i < 10; i += 1) announcer.enqueue({ url: `/c${i}` });
  assert.equal(audio.src, "/c0");
  assert.deepEqual(announcer.pending, ["/c7", "/c8", "/c9"]);
});

test("stale calls are skipped and the played history is bounded", () => {
  let clock = 0;
  const audio = new FakeAudio();
  const announcer = createAnnouncer({ audio, maxAgeMs: 1000, historyLimit: 4, now: () => clock, timers: manualTimers() });
  announcer.enqueue({ url: "/old" });
  announcer.enqueue({ url: "/stale" });
  clock = 5000;
  announcer.enqueue({ url: "/new" });
  audio.fire("ended");
  assert.equal(audio.src, "/new");
  for (let i = 0; i < 10; i += 1) {
    announcer.enqueue({ url: `/x${i}` });
    audio.fire("ended");
  }
  assert.equal(announcer.played.length, 4);
});

test("blocked autoplay keeps the call and plays it after unlock", async () => {
  const audio = new FakeAudio({ refuse: true });
  const blocked = [];
  const timers = manualTimers();
  const announcer = createAnnouncer({ audio, timers, onBlocked: (item) => blocked.push(item.url) });
  announcer.enqueue({ url: "/first" });
  await flush();
  assert.equal(announcer.blocked, true);
  assert.deepEqual(blocked, ["/first"]);
  announcer.enqueue({ url: "/second" });
  assert.deepEqual(announcer.pending, ["/first", "/second"]);
  assert.equal(timers.size, 0);
  audio.refuse = false;
  announcer.unlock();
  assert.equal(audio.src, "/first");
  audio.fire("ended");
  assert.equal(audio.src, "/second");
});

test("dispose removes the element's listeners and timers", () => {
  const audio = new FakeAudio();
  const timers = manualTimers();
  const announcer = createAnnouncer({ audio, timers });
  assert.equal(audio.listenerCount(), 2);
  announcer.enqueue({ url: "/a" });
  announcer.dispose();
  assert.equal(audio.listenerCount(), 0);
  assert.equal(timers.size, 0);
  announcer.enqueue({ url: "/b" });
  assert.equal(audio.src, "/a");
});
