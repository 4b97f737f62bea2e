// The print state of the ticket on the confirmation screen, kept in step with the server's
// `print_job_updated` events whatever order they arrive in. A printer the server drives can
// print in 30 ms, so the update may come before the answer to POST /tickets (or /reprint) that
// says which ticket (or job) is ours: an update nobody watches yet is held for a while and
// applied once the answer names its ticket. No DOM here; timers only (tests use a fake clock).

import { TIMING, printAfter } from "./render.js";

const HELD_MAX = 32; // a kiosk's own jobs only: more than this at once means they are stale

/**
 * Watch the print jobs of one ticket at a time.
 * onChange(print) is called with every new print state ({state, reason, attempts?}).
 */
export function createPrintWatch({ onChange, timeoutMs = TIMING.printTimeoutMs, holdMs = TIMING.holdUpdateMs }) {
  let ticketId = null;
  let print = null;
  let jobId = null; // the job of the latest reprint, once its answer named it
  let beforeReprint = null; // the failure shown when the reprint was asked for
  let timer = null;
  let held = []; // [{update, timer}] in arrival order

  const change = (next) => {
    if (next === print) return;
    print = next;
    if (print.state !== "pending" && print.state !== "reprinting") clearTimeout(timer);
    onChange(print);
  };
  const startTimeout = () => {
    clearTimeout(timer);
    timer = setTimeout(() => change(printAfter(print, { status: "failed", reason: "timeout" })), timeoutMs);
  };
  const release = (entry) => {
    clearTimeout(entry.timer);
    held = held.filter((other) => other !== entry);
  };
  const hold = (update) => {
    const entry = { update, timer: null };
    entry.timer = setTimeout(() => release(entry), holdMs);
    held.push(entry);
    if (held.length > HELD_MAX) release(held[0]);
  };
  // Apply an update of our ticket; a failure of an earlier job never hides the reprint's fate.
  const apply = (update) => {
    const reprinting = print.state === "reprinting";
    if (update.status === "failed" && reprinting && update.id !== jobId) {
      if (jobId === null) hold(update); // maybe the reprint's own job: decided when it is named
      return;
    }
    change(printAfter(print, update));
  };
  const appliesHeld = (wanted) => {
    const matching = held.filter((entry) => wanted(entry.update));
    for (const entry of matching) release(entry);
    for (const entry of matching) apply(entry.update);
  };

  return {
    get print() {
      return print;
    },

    /** The POST /tickets answer named the ticket: show `initial`, then what already happened. */
    watch(id, initial) {
      ticketId = id;
      jobId = null;
      beforeReprint = null;
      print = null;
      change(initial);
      if (initial.state === "pending") startTimeout();
      appliesHeld((update) => update.ticket_id === id);
    },

    /** A `print_job_updated` from the server (any ticket of this kiosk). */
    update(payload) {
      if (!payload || payload.ticket_id === undefined) return;
      if (ticketId === null || payload.ticket_id !== ticketId) {
        hold(payload);
        return;
      }
      apply(payload);
    },

    /** The citizen asked for another print: busy until the server answers or the printer does. */
    reprint() {
      if (ticketId === null || print.state === "reprinting") return;
      beforeReprint = print;
      jobId = null;
      change({ state: "reprinting", reason: print.reason, attempts: (print.attempts || 0) + 1 });
      startTimeout();
    },

    /** The reprint's answer named its job: updates of that job held meanwhile now count. */
    reprintSent(id) {
      if (print === null || print.state !== "reprinting") return;
      jobId = id;
      appliesHeld((update) => update.ticket_id === ticketId && update.id === id);
    },

    /** The server refused the reprint (or could not be reached): back to the failure. */
    reprintRefused() {
      if (print === null || print.state !== "reprinting") return;
      clearTimeout(timer);
      change(beforeReprint);
    },

    /** Back to the start: forget the ticket (updates still arriving are held, then dropped). */
    stop() {
      clearTimeout(timer);
      ticketId = null;
      print = null;
      jobId = null;
      beforeReprint = null;
    },
  };
}
