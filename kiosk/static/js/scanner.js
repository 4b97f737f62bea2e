// A USB 2D scanner types what it reads like a keyboard, much faster than a hand, then Enter.
// This module tells such a burst from a person typing and turns what was read into a check-in
// request. Pure: the caller passes each key and the time it came (no DOM, no clock reads).

export const SCAN = {
  maxGapMs: 150, // a longer pause between two keys starts over: the burst is over
  maxMeanGapMs: 40, // a scanner types a key every few milliseconds; a hand ~100 ms or more
  minLength: 6, // a booking code is the shortest thing worth scanning
};

// Keys that drop a burst: a person moving about or correcting, never a scanner.
const STRAY_KEYS = new Set(["Tab", "Escape", "Backspace", "Delete", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);

/** A reader of key events: `key(key, at)` returns the scanned text when `key` is the Enter that
 * ends a fast burst, else null. Tab, Escape, arrows … drop what was typed; other named keys
 * (Shift for capitals, a dead key where an ID card's name has a letter the layout lacks) are
 * passed over. */
export function createScanReader(options = {}) {
  const limits = { ...SCAN, ...options };
  let text = "";
  let first = 0;
  let last = -Infinity;

  const reset = () => {
    text = "";
  };
  return {
    key(key, at) {
      if (key === "Enter") {
        const count = [...text].length;
        const fast = count >= 2 && (last - first) / (count - 1) <= limits.maxMeanGapMs;
        const recent = at - last <= limits.maxGapMs;
        const scanned = count >= limits.minLength && fast && recent ? text : null;
        reset();
        return scanned;
      }
      if (STRAY_KEYS.has(key)) {
        reset();
        return null;
      }
      if ([...key].length !== 1) return null;
      if (text === "" || at - last > limits.maxGapMs) {
        text = key;
        first = at;
      } else {
        text += key;
      }
      last = at;
      return null;
    },
    // Whether a burst is under way: its keys belong to the scanner, not to the page.
    reading(at) {
      return text !== "" && at - last <= limits.maxGapMs;
    },
  };
}

const CITIZEN_ID = /^[0-9]{12}$/;
const BOOKING_PATH = /\/a\/([A-Za-z0-9_-]{1,64})\/?(?:[?#].*)?$/;
const CODE = /^[A-Za-z2-9]{6}$/;

/** The check-in request a scan stands for, or null when it is none of ours:
 * the booking QR (`<public URL>/a/<public_token>`) → `{public_token}`; an ID card's QR (CCCD:
 * fields separated by `|`, the 12-digit ID number first) → `{citizen_id}`; a booking code →
 * `{code}`. */
export function scanRequest(scanned) {
  const text = String(scanned || "").trim();
  const booking = BOOKING_PATH.exec(text);
  if (booking) return { public_token: booking[1] };
  const first = text.split("|")[0].trim();
  if (text.includes("|") && CITIZEN_ID.test(first)) return { citizen_id: first };
  if (CITIZEN_ID.test(text)) return { citizen_id: text };
  if (CODE.test(text)) return { code: text.toUpperCase() };
  return null;
}
