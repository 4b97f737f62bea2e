// Opening time: seven counters call within a second. The lobby's announcer, board and view run
// together on a fake clock, with an <audio> stand-in that ends each file after as long as the
// server's rendering of it lasts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createAnnouncer } from "../../display/static/js/announcer.js";
import { applyEvent, callAwaited, fromSnapshot } from "../../display/static/js/board.js";
import { installFakeClock } from "./fake_clock.mjs";
import { BURST, burstCall, openingSnapshot } from "./display_fixtures.mjs";
import "./served_assets.mjs";

const { lobbyView, normalizeSettings } = await import("../../display/static/js/render.js");

// How long the server's WAV of a call lasts, as measured on espeak-ng's Vietnamese voice at 150
// words a minute: 0.28 s a syllable and 0.39 s of silence at the end; the chime and the breath
// after it 0.95 s. Add 0.1 s for the display to fetch and start each file.
const SYLLABLE_S = 0.28;
const TAIL_S = 0.39;
const CHIME_S = 0.95;
const START_S = 0.1;
const spokenSeconds = (text) => TAIL_S + SYLLABLE_S * text.replace(/,/g, " ").split(/\s+/).filter(Boolean).length;
const clipSeconds = (form, chime) => START_S + (chime ? CHIME_S : 0) + spokenSeconds(form.text);

// An <audio> stand-in whose file ends after its length (on the fake clock).
class TimedAudio {
  constructor(lengthOf) {
    this.lengthOf = lengthOf;
    this.src = "";
    this.listeners = new Map();
    this.timer = null;
  }
  addEventListener(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
  }
  removeEventListener(name, fn) {
    this.listeners.get(name)?.delete(fn);
  }
  play() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire("ended"), this.lengthOf(this.src) * 1000);
    return Promise.resolve();
  }
  pause() {
    clearTimeout(this.timer);
  }
  fire(name) {
    for (const fn of [...(this.listeners.get(name) || [])]) fn();
  }
}

// The lobby's announcer on a fake clock: the calls of `payloads` arrive 150 ms apart (seven
// within a second); `between(board, i)` may change the board after the i-th call.
function runBurst(payloads, { between = (board) => board } = {}) {
  const clock = installFakeClock();
  const settings = normalizeSettings({});
  const lengths = new Map();
  for (const payload of payloads) {
    lengths.set(payload.announcement.audio_url, clipSeconds(payload.announcement, true));
    lengths.set(payload.announcement.follow.audio_url, clipSeconds(payload.announcement.follow, false));
  }
  let board = fromSnapshot(openingSnapshot());
  const heard = [];
  const headlines = new Set();
  let quietAt = null;
  const announcer = createAnnouncer({
    audio: new TimedAudio((url) => lengths.get(url)),
    now: () => clock.now(),
    holds: (call) => callAwaited(board, call),
    onPlay: (spoken) => heard.push({ at: clock.now(), number: spoken.call.number, chime: spoken.chime, text: spoken.text }),
    onIdle: () => {
      quietAt = clock.now();
    },
  });
  // What the lobby shows now: the headline and its caption are the call being spoken.
  const look = () => {
    const spoken = announcer.current;
    const view = lobbyView(board, settings, { now: clock.now(), spoken });
    if (spoken) {
      assert.equal(view.featured.number, spoken.call.number, "the headline is the call being spoken");
      assert.equal(view.caption, spoken.text, "the caption says the headline's call");
      assert.equal(view.featured.highlighted, true);
    } else {
      assert.equal(view.caption, "");
    }
    if (view.featured) headlines.add(view.featured.number);
    return view;
  };
  try {
    payloads.forEach((payload, i) => {
      if (i) clock.tick(150);
      const result = applyEvent(board, "ticket_called", payload);
      board = between(result.board, i);
      announcer.recheck();
      announcer.enqueue(result.call);
      look();
    });
    const live = look();
    for (let step = 0; step < 1200 && quietAt === null; step += 1) {
      clock.tick(50);
      look();
    }
    return { heard, quietAt, live, headlines, board };
  } finally {
    clock.restore();
  }
}

test("seven counters calling within a second are all heard within 20 s, under one chime", (t) => {
  const payloads = BURST.map((entry, i) => burstCall(entry, { seq: 8 + i }));
  const { heard, quietAt, live } = runBurst(payloads);
  assert.deepEqual(heard.map((h) => h.number), BURST.map((entry) => entry.number));
  assert.deepEqual(heard.map((h) => h.chime), [true, false, false, false, false, false, false]);
  assert.equal(heard[1].text, "A một đến quầy số hai");
  // While A005 is said, the counters already show every number called.
  assert.deepEqual(live.counters.map((c) => c.ticketNumber), BURST.map((entry) => entry.number));
  const seconds = quietAt / 1000;
  const oneByOne = payloads.reduce((sum, payload) => sum + clipSeconds(payload.announcement, true), 0);
  t.diagnostic(`7 calls heard in ${seconds.toFixed(1)} s (each with its chime and invitation: ${oneByOne.toFixed(1)} s)`);
  assert.ok(seconds <= 20, `the burst took ${seconds} s`);
  assert.ok(oneByOne > 30, "the model of a clip's length is that of the issue's 5 s a call");
});

test("a call parked, or at a counter that paused, before its turn is never said nor headlined", () => {
  const payloads = BURST.map((entry, i) => burstCall(entry, { seq: 8 + i }));
  const withdraw = (board, i) => {
    if (i !== 4) return board;
    // Counter 3 parks B006; counter 4 pauses (C005 stays at the paused counter).
    const parked = { ...payloads[2].ticket, status: "parked", counter_id: null };
    let next = applyEvent(board, "ticket_updated", { seq: 20, ticket: parked }).board;
    const paused = { ...next.counters.find((c) => c.id === 4), status: "paused" };
    next = applyEvent(next, "counter_updated", { seq: 21, counter: paused }).board;
    return next;
  };
  const { heard, headlines, board } = runBurst(payloads, { between: withdraw });
  assert.deepEqual(heard.map((h) => h.number), ["A005", "A001", "E001", "T001", "V001"]);
  assert.ok(!headlines.has("B006") && !headlines.has("C005"), [...headlines].join());
  assert.equal(heard.filter((h) => h.chime).length, 1);
  assert.deepEqual(board.recent_calls.map((c) => c.number), ["V001", "T001", "E001", "C005", "A001", "A005"]);
});

test("recalls pressed again and again during the burst are said once", () => {
  const payloads = BURST.map((entry, i) => burstCall(entry, { seq: 8 + i }));
  const recalls = [1, 2, 3].map((n) => burstCall(BURST[0], { seq: 20 + n, recall: true }));
  const { heard } = runBurst([...payloads, ...recalls]);
  assert.deepEqual(heard.map((h) => h.number), [...BURST.map((entry) => entry.number), "A005"]);
  assert.equal(heard.at(-1).text, "Xin nhắc lại, a năm đến quầy số một");
});
