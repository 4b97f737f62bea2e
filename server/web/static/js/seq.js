// Pure rules for the event stream: which events to apply, in what order, and when to ask for
// a fresh state. A `state` snapshot is always applied and resets the stream: that heals every
// doubt, including a database restored from backup whose seq went back.
//
// With several server processes, two changes committed close together can reach a screen in
// the wrong order (each process publishes its own after commit). So an event that comes early
// waits up to REORDER_WAIT_MS for the ones before it; only a real gap costs a snapshot.

export const REORDER_WAIT_MS = 1000;

/** A stream in step with the server: the seq of what the screen shows, and early events. */
export function newStream(lastSeq = null) {
  return { lastSeq, early: [] };
}

/** Apply the early events that now follow on; the rest keep waiting. */
function release(lastSeq, early) {
  const waiting = early.filter((event) => event.seq > lastSeq).sort((a, b) => a.seq - b.seq);
  const ready = [];
  while (waiting.length && waiting[0].seq === lastSeq + 1) {
    const next = waiting.shift();
    ready.push(next);
    lastSeq = next.seq;
  }
  return { stream: { lastSeq, early: waiting }, ready, waiting: waiting.length > 0, sync: false };
}

/**
 * Take one event ({seq, ...}). The result says what to do:
 * `ready` events to apply now, in order; `waiting` when events are held for a missing seq
 * (give up after REORDER_WAIT_MS); `sync` when there is no snapshot yet to apply it to.
 */
export function receive(stream, event) {
  if (stream.lastSeq === null || stream.lastSeq === undefined) {
    return { stream, ready: [], waiting: false, sync: true };
  }
  const known = event.seq <= stream.lastSeq || stream.early.some((e) => e.seq === event.seq);
  if (known) return { stream, ready: [], waiting: stream.early.length > 0, sync: false };
  return release(stream.lastSeq, [...stream.early, event]);
}

/** A snapshot replaces everything up to its seq; early events after it may follow at once. */
export function snapshotTaken(stream, seq) {
  return release(seq, stream.early);
}

/** The wait ran out: the held events are given up (a snapshot will cover them). */
export function giveUp(stream) {
  return { stream: newStream(stream.lastSeq), missed: stream.early };
}
