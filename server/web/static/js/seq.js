// Pure rule for the event stream: which events to apply, and when to ask for a fresh state.
// A `state` snapshot is always applied and resets the counter: that heals every doubt,
// including a database restored from backup whose seq went back.

/** Decide what to do with an event carrying `seq`, given the seq of what the screen shows. */
export function classifyEvent(lastSeq, seq) {
  if (lastSeq === null || lastSeq === undefined) return "sync"; // no snapshot yet
  if (seq <= lastSeq) return "stale"; // already contained in the snapshot
  if (seq === lastSeq + 1) return "apply";
  return "sync"; // a gap: an event was missed
}
