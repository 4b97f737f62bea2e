// The lobby's announcement queue as plain values: which call is spoken next, and in which form.
// No audio, no timers, no clock reads: the player (announcer.js) passes `now` and a `holds`
// predicate (does the call still stand on the live board?) and plays what it is told.
//
// At opening time every counter calls within a second. Each call on its own is a chime and the
// whole invitation (about 4.7 s); in a burst only the first call is: the calls after it come
// without the chime and with the short words the server renders for that (`announcement.follow`:
// "Bê sáu đến quầy số ba", about 2 s), so seven calls are heard in about 17 s instead of 35.

// A call that starts this soon after the previous one ended belongs to the same burst.
export const FOLLOW_WITHIN_MS = 1500;

// An empty queue: nothing waiting, nothing just heard.
export function emptyQueue() {
  return { waiting: [], lastEnded: null };
}

// Whether two calls are the same ticket at the same counter (a recall, or a repeat).
function sameCall(a, b) {
  return a.ticket_id === b.ticket_id && a.counter_id === b.counter_id;
}

// Queue a call (a `ticket_called` as board.js gives it: ticket_id, counter_id, recall,
// announcement). A call already waiting is spoken once: a recall pressed again, or a recall of
// a call not yet heard, adds nothing; the oldest waiting calls go when more than `maxQueue` wait.
export function addCall(queue, call, { now, maxQueue = 12 }) {
  if (!call || !call.announcement || !call.announcement.audio_url) return queue;
  const index = queue.waiting.findIndex((item) => sameCall(item.call, call));
  if (index >= 0) {
    if (call.recall) return queue;
    // Called anew (back in line and called again): the new call, in the old one's place.
    const waiting = queue.waiting.map((item, i) => (i === index ? { call, at: now } : item));
    return { ...queue, waiting };
  }
  const waiting = [...queue.waiting, { call, at: now }];
  return { ...queue, waiting: waiting.slice(Math.max(0, waiting.length - maxQueue)) };
}

// The next call to speak, or null: calls older than `maxAgeMs` or that no longer hold are
// dropped (returned as `skipped`); a call right after another one plays its `follow` form.
export function takeNext(queue, { now, holds = () => true, maxAgeMs = 60_000 }) {
  const waiting = queue.waiting.slice();
  const skipped = [];
  const continues = queue.lastEnded !== null && now - queue.lastEnded <= FOLLOW_WITHIN_MS;
  while (waiting.length) {
    const item = waiting.shift();
    if (now - item.at > maxAgeMs || !holds(item.call)) {
      skipped.push(item.call);
      continue;
    }
    const { announcement } = item.call;
    const follow = continues && announcement.follow && announcement.follow.audio_url;
    const form = follow ? announcement.follow : announcement;
    const spoken = { item, call: item.call, url: form.audio_url, text: form.text || "", chime: !follow };
    return { queue: { ...queue, waiting }, spoken, skipped };
  }
  return { queue: { ...queue, waiting }, spoken: null, skipped };
}

// The spoken call was heard to its end: a call starting now continues the burst.
export function spokenEnded(queue, now) {
  return { ...queue, lastEnded: now };
}

// The spoken call failed, stalled or was cut off: the next call starts afresh, chime first.
export function spokenBroken(queue) {
  return { ...queue, lastEnded: null };
}

// A call that could not start (the browser wants a tap first) waits at the front again.
export function putBack(queue, spoken) {
  return { waiting: [spoken.item, ...queue.waiting], lastEnded: null };
}
