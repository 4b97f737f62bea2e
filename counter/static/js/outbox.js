// Ratings not yet delivered: kept in the tablet's localStorage and sent when the network is back.
// Pure list operations; the wiring reads, writes and sends.

export const OUTBOX_KEY = "xephang.rating.outbox";
const MAX_KEPT = 500; // a tablet offline for days must not fill its storage

// The stored list (a broken or foreign value is an empty list).
export function parseOutbox(text) {
  try {
    const list = JSON.parse(text || "[]");
    return Array.isArray(list) ? list.filter((item) => item && Number.isInteger(item.ticket_id) && item.level) : [];
  } catch {
    return [];
  }
}

// The list with this rating added (one per ticket: a newer one replaces it).
export function enqueue(outbox, rating) {
  return [...outbox.filter((item) => item.ticket_id !== rating.ticket_id), rating].slice(-MAX_KEPT);
}

// Whether a failed send will never succeed (so the rating is dropped rather than retried).
// 409 `already_rated` means it was delivered before: it counts as sent.
export function isFinal(error) {
  if (!error) return true;
  const status = error.status || 0;
  if (status === 0 || status === 408 || status === 429 || status >= 500) return false;
  return true;
}

// The list after an attempt to send `ticketId` (error null = delivered).
export function afterAttempt(outbox, ticketId, error) {
  if (!isFinal(error)) return outbox;
  return outbox.filter((item) => item.ticket_id !== ticketId);
}
