// The announcement queue: plays call audio one after another on a single <audio> element,
// never overlapping. A recall is simply queued again. The queue is bounded and stale calls
// are skipped, so a display that was muted for hours does not read out the morning.

// Create an announcer on `audio` (an HTMLAudioElement, or a fake with the same surface).
export function createAnnouncer({
  audio,
  maxQueue = 5,
  maxAgeMs = 60_000,
  stallMs = 30_000,
  historyLimit = 20,
  now = () => Date.now(),
  timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (id) => clearTimeout(id) },
  onPlay = () => {},
  onIdle = () => {},
  onBlocked = () => {},
} = {}) {
  let queue = [];
  let current = null;
  let blocked = false;
  let stallTimer = null;
  let disposed = false;
  const played = [];

  // Move on to the next queued call (after the current one ended, failed or stalled).
  const finish = () => {
    if (!current) return;
    current = null;
    playNext();
  };

  // Start the oldest queued call that is still fresh; report idle when none is left.
  const playNext = () => {
    timers.clearTimeout(stallTimer);
    stallTimer = null;
    if (disposed || blocked || current) return;
    let item = queue.shift();
    while (item && now() - item.at > maxAgeMs) item = queue.shift();
    if (!item) {
      onIdle();
      return;
    }
    current = item;
    played.push(item.url);
    if (played.length > historyLimit) played.splice(0, played.length - historyLimit);
    audio.src = item.url;
    onPlay(item);
    // A file that never ends (a hung download, a broken decoder) must not silence the rest.
    stallTimer = timers.setTimeout(finish, stallMs);
    let started;
    try {
      started = audio.play();
    } catch (error) {
      started = Promise.reject(error);
    }
    if (started && typeof started.catch === "function") {
      started.catch((error) => {
        if (current !== item) return;
        if (error && error.name === "NotAllowedError") {
          // Autoplay blocked: keep the call and wait for a tap (see unlock()).
          timers.clearTimeout(stallTimer);
          stallTimer = null;
          blocked = true;
          current = null;
          queue.unshift(item);
          onBlocked(item);
        }
        // Other refusals come with an `error` event (or end at the stall timer): moving on
        // here as well would skip the call after this one.
      });
    }
  };

  audio.addEventListener("ended", finish);
  audio.addEventListener("error", finish);

  return {
    // Queue a call's audio; `text` is shown as a caption while it plays.
    enqueue({ url, text = "" }) {
      if (disposed || !url) return;
      queue.push({ url, text, at: now() });
      if (queue.length > maxQueue) queue.splice(0, queue.length - maxQueue);
      if (!current) playNext();
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
    // The URLs waiting to be played.
    get pending() {
      return queue.map((item) => item.url);
    },
    // The call being played, or null.
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
      queue = [];
      current = null;
      timers.clearTimeout(stallTimer);
      audio.removeEventListener("ended", finish);
      audio.removeEventListener("error", finish);
    },
  };
}
