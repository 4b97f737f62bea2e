// The live connection of a screen: Socket.IO with the token, state snapshots, events in seq
// order (early ones wait briefly for those before them), a visible "mất kết nối" state within
// 5 s, and a reload when the server is upgraded.
import { REORDER_WAIT_MS, giveUp, newStream, receive, snapshotTaken } from "./seq.js";

const EVENTS = ["ticket_issued", "ticket_called", "ticket_updated", "counter_updated"];

/**
 * Connect and keep a screen in step with the server.
 * handlers: { state(snapshot), event(name, payload), missed(name, payload) for an event that
 *   could not be applied in order (a sync follows), connection(online: boolean), revoked() }
 */
export function connectLive({ token, officeId, handlers, io = window.io }) {
  let stream = newStream();
  let reorderTimer = null;
  let version = null;
  let offlineTimer = null;
  const auth = {};
  if (token) auth.token = token;
  if (officeId) auth.office_id = officeId;
  const socket = io({ auth, transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });

  const markOnline = () => {
    clearTimeout(offlineTimer);
    offlineTimer = null;
    handlers.connection?.(true);
  };
  const markOffline = () => {
    if (offlineTimer) return;
    // Brief blips are not shown; a real loss is, within 5 seconds (ping timeout is shorter).
    offlineTimer = setTimeout(() => handlers.connection?.(false), 1500);
  };

  socket.on("connect", markOnline);
  socket.on("disconnect", markOffline);
  socket.on("connect_error", (error) => {
    markOffline();
    if (error && error.message && /refused|unauthori[sz]ed/i.test(error.message)) handlers.revoked?.();
  });
  socket.on("state", (snapshot) => {
    if (version && snapshot.server_version && snapshot.server_version !== version) {
      window.location.reload(); // the server was upgraded: load the new screen code
      return;
    }
    version = snapshot.server_version || version;
    const result = snapshotTaken(stream, snapshot.seq);
    handlers.state(snapshot);
    follow(result);
  });
  // Apply what is ready; while events wait for a missing seq, give them REORDER_WAIT_MS.
  function follow(result) {
    stream = result.stream;
    for (const event of result.ready) handlers.event(event.name, event.payload);
    if (result.sync) socket.emit("sync");
    if (!result.waiting) {
      clearTimeout(reorderTimer);
      reorderTimer = null;
    } else if (!reorderTimer) {
      reorderTimer = setTimeout(() => {
        reorderTimer = null;
        const given = giveUp(stream);
        stream = given.stream;
        // The snapshot will heal the screen, but a call must still be heard: let the screen see it.
        for (const event of given.missed) handlers.missed?.(event.name, event.payload);
        socket.emit("sync");
      }, REORDER_WAIT_MS);
    }
  }
  for (const name of EVENTS) {
    socket.on(name, (payload) => {
      const result = receive(stream, { seq: payload.seq, name, payload });
      if (result.sync) handlers.missed?.(name, payload);
      follow(result);
    });
  }
  // A heartbeat of our own: a socket can look connected while the network is gone.
  const heartbeat = setInterval(() => {
    if (!socket.connected) markOffline();
  }, 1000);
  return {
    socket,
    close() {
      clearInterval(heartbeat);
      clearTimeout(offlineTimer);
      clearTimeout(reorderTimer);
      socket.close();
    },
  };
}
