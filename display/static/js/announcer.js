// The announcement player: speaks calls one after another on a single <audio> element, never
// overlapping. What is spoken next, and in which form, is decided by call_queue.js; this file
// only moves the element along. A call that no longer holds (parked, marked absent, its counter
// paused…) is skipped before its turn, and cut off if it stops holding while it is spoken.
import { addCall, emptyQueue, putBack, spokenBroken, spokenEnded, takeNext } from "./call_queue.js";

// Create an announcer on `audio` (an HTMLAudioElement, or a fake with the same surface).
// `holds(call)` says whether a call still stands on the live board.
export function createAnnouncer({
  audio,
  holds = () => true,
  maxQueue = 12,
  maxAgeMs = 60_000,
  stallMs = 30_000,
  historyLimit = 20,
  now = () => Date.now(),
  timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (id) => clearTimeout(id) },
  onPlay = () => {},
  onIdle = () => {},
  onBlocked = () => {},
} = {}) {
  let queue = emptyQueue();
  let current = null; // { call, url, text, chime } being spoken
  let blocked = false;
  let stallTimer = null;
  let disposed = false;
  const played = [];

  // Move on after the current call: `heard` when it played to its end.
  const finish = (heard) => {
    if (!current) return;
    current = null;
    queue = heard ? spokenEnded(queue, now()) : spokenBroken(queue);
    playNext();
  };
  const onEnded = () => finish(true);
  const onError = () => finish(false);

  // Start the next call that still holds; report idle when none is left.
  const playNext = () => {
    timers.clearTimeout(stallTimer);
    stallTimer = null;
    if (disposed || blocked || current) return;
    const next = takeNext(queue, { now: now(), holds, maxAgeMs });
    queue = next.queue;
    if (!next.spoken) {
      onIdle();
      return;
    }
    const spoken = next.spoken;
    current = spoken;
    played.push(spoken.url);
    if (played.length > historyLimit) played.splice(0, played.length - historyLimit);
    audio.src = spoken.url;
    onPlay(spoken);
    // A file that never ends (a hung download, a broken decoder) must not silence the rest.
    stallTimer = timers.setTimeout(() => finish(false), stallMs);
    let started;
    try {
      started = audio.play();
    } catch (error) {
      started = Promise.reject(error);
    }
    if (started && typeof started.catch === "function") {
      started.catch((error) => {
        if (current !== spoken) return;
        if (error && error.name === "NotAllowedError") {
          // Autoplay blocked: keep the call and wait for a tap (see unlock()).
          timers.clearTimeout(stallTimer);
          stallTimer = null;
          blocked = true;
          current = null;
          queue = putBack(queue, spoken);
          onBlocked(spoken);
        }
        // Other refusals come with an `error` event (or end at the stall timer): moving on
        // here as well would skip the call after this one.
      });
    }
  };

  audio.addEventListener("ended", onEnded);
  audio.addEventListener("error", onError);

  return {
    // Queue a call (with its `announcement`); a recall already waiting is not queued twice.
    enqueue(call) {
      if (disposed) return;
      queue = addCall(queue, call, { now: now(), maxQueue });
      if (!current) playNext();
    },
    // The board changed: stop the call being spoken if it no longer holds, and go on.
    recheck() {
      if (!current || holds(current.call)) return;
      audio.pause();
      finish(false);
    },
    // After a user gesture allowed audio: play what is waiting.
    unlock() {
      blocked = false;
      if (!current) playNext();
    },
    // The URLs started so far, oldest first (bounded).
    get played() {
      return played.slice();
    },
    // The announcement URLs of the calls waiting (in their own form).
    get pending() {
      return queue.waiting.map((item) => item.call.announcement.audio_url);
    },
    // The call being spoken ({ call, url, text, chime }), or null.
    get current() {
      return current;
    },
    // Whether the browser refused to play without a user gesture.
    get blocked() {
      return blocked;
    },
    // Stop and release the element's listeners and the timer.
    dispose() {
      disposed = true;
      queue = emptyQueue();
      current = null;
      timers.clearTimeout(stallTimer);
      audio.removeEventListener("ended", onEnded);
      audio.removeEventListener("error", onError);
    },
  };
}
