// The display's board: the last `state` snapshot with the pushed events applied to it.
// Pure functions over plain objects; they never mutate their input and never decide queue order.

export const RECENT_LIMIT = 10;
const AT_COUNTER = new Set(["called", "serving"]);

// Whether a call still stands: its ticket is at its counter (called or being served) and the
// counter is open. A parked, cancelled, absent or transferred ticket, or a paused or closed
// counter, withdraws it: nobody should walk to that counter for it.
export function callHolds(board, call) {
  const ticket = ticketAtOpenCounter(board, call);
  return Boolean(ticket) && AT_COUNTER.has(ticket.status);
}

// Whether a call still waits for its citizen (still `called` at its open counter): worth saying.
export function callAwaited(board, call) {
  const ticket = ticketAtOpenCounter(board, call);
  return Boolean(ticket) && ticket.status === "called";
}

// The call's ticket as its counter holds it now, when that counter is open.
function ticketAtOpenCounter(board, call) {
  if (!board || !call) return null;
  const counter = (board.counters || []).find((c) => c.id === call.counter_id);
  if (!counter || counter.status !== "open" || !counter.ticket) return null;
  return counter.ticket.id === call.ticket_id ? counter.ticket : null;
}

// A fresh board from a `state` snapshot; `latest` is the call to feature (newest first), with
// the `audience` the server put on it.
export function fromSnapshot(snapshot, { recentLimit = RECENT_LIMIT } = {}) {
  const recent = (snapshot.recent_calls || []).slice(0, recentLimit);
  const counters = snapshot.counters || [];
  const latest = recent.length ? { ...recent[0], recall: false } : null;
  return { ...snapshot, counters, recent_calls: recent, waiting: snapshot.waiting || [], latest };
}

// Apply one event; `sync` says the event cannot be applied exactly and a fresh `state` is
// needed; `call` is the call to feature and announce (only for `ticket_called`).
export function applyEvent(board, name, payload, { recentLimit = RECENT_LIMIT } = {}) {
  if (name === "ticket_called") return applyCall(board, payload, recentLimit);
  if (name === "counter_updated") return applyCounter(board, payload.counter);
  if (name === "ticket_issued") return applyIssued(board, payload.ticket);
  if (name === "ticket_updated") return applyTicketUpdate(board, payload.ticket);
  return { board, sync: false, call: null };
}

// A ticket was called or recalled: its counter, the recent calls, the waiting count.
function applyCall(board, payload, recentLimit) {
  const { ticket, counter, recall, announcement } = payload;
  const known = board.counters.some((c) => c.id === counter.id);
  const counters = known ? replaceCounter(board.counters, counter) : board.counters;
  const entry = {
    ticket_id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    service_id: ticket.service_id,
    service_name: ticket.service_name,
    audience: ticket.audience,
    counter_id: counter.id,
    counter_number: counter.number,
    counter_name: counter.name,
    called_at: ticket.called_at,
    channel: ticket.channel,
    slot_start: ticket.slot_start ?? null,
  };
  // A recall keeps its place (the server orders by called_at); a new call goes on top.
  const existing = board.recent_calls.findIndex((c) => c.ticket_id === ticket.id);
  let recent;
  if (existing >= 0) {
    recent = board.recent_calls.map((c, i) => (i === existing ? { ...c, ...entry } : c));
  } else {
    recent = [entry, ...board.recent_calls].slice(0, recentLimit);
  }
  const waiting = recall ? board.waiting : addWaiting(board.waiting, ticket.service_id, -1);
  const call = { ...entry, recall: Boolean(recall), announcement: announcement || null };
  return {
    board: { ...board, counters, recent_calls: recent, waiting, latest: call },
    sync: !known,
    call,
  };
}

// A counter opened, paused or closed: take the server's counter as it is.
function applyCounter(board, counter) {
  const known = board.counters.some((c) => c.id === counter.id);
  if (!known) return { board, sync: true, call: null };
  return { board: { ...board, counters: replaceCounter(board.counters, counter) }, sync: false, call: null };
}

// A new ticket joined the line of its service.
function applyIssued(board, ticket) {
  const known = board.waiting.some((w) => w.service_id === ticket.service_id);
  if (!known) return { board, sync: true, call: null };
  const delta = ticket.status === "waiting" ? 1 : 0;
  return { board: { ...board, waiting: addWaiting(board.waiting, ticket.service_id, delta) }, sync: false, call: null };
}

// Any other transition. The event does not say the ticket's previous status, so the waiting
// counts can only be adjusted when the board knew where the ticket was (at a counter).
function applyTicketUpdate(board, ticket) {
  const holder = board.counters.find((c) => c.ticket && c.ticket.id === ticket.id);
  const stays = AT_COUNTER.has(ticket.status) && ticket.counter_id != null;
  const counters = board.counters.map((c) => {
    if (stays && c.id === ticket.counter_id) return { ...c, ticket };
    if (c.ticket && c.ticket.id === ticket.id) return { ...c, ticket: null };
    return c;
  });
  // A ticket that left every counter (parked, back in a line) is no recent call any more: the
  // server's snapshot lists only tickets that keep their counter.
  const recent = board.recent_calls
    .filter((c) => c.ticket_id !== ticket.id || ticket.counter_id != null)
    .map((c) => (c.ticket_id === ticket.id ? { ...c, status: ticket.status } : c));
  const latest =
    board.latest && board.latest.ticket_id === ticket.id ? { ...board.latest, status: ticket.status } : board.latest;
  let waiting = board.waiting;
  let sync = false;
  if (holder) {
    if (ticket.status === "waiting") waiting = addWaiting(waiting, ticket.service_id, 1);
  } else {
    sync = true; // it was waiting, parked or no-show: only the server knows what changed
  }
  return { board: { ...board, counters, recent_calls: recent, waiting, latest }, sync, call: null };
}

// The counters with one replaced by the server's newer copy.
function replaceCounter(counters, counter) {
  return counters.map((c) => (c.id === counter.id ? counter : c));
}

// The waiting list with one service's count moved by `delta` (never below zero).
function addWaiting(waiting, serviceId, delta) {
  if (!delta) return waiting;
  return waiting.map((w) => (w.service_id === serviceId ? { ...w, waiting: Math.max(0, w.waiting + delta) } : w));
}
