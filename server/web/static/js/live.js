// The live connection of a screen: Socket.IO with the token, state snapshots, seq gaps,
// a visible "mất kết nối" state within 5 s, and a reload when the server is upgraded.
import { classifyEvent } from "./seq.js";

const EVENTS = ["ticket_issued", "ticket_called", "ticket_updated", "counter_updated"];

/**
 * Connect and keep a screen in step with the server.
 * handlers: { state(snapshot), event(name, payload), missed(name, payload) for an event that
 *   arrived after a gap (a sync follows), connection(online: boolean), revoked() }
 */
export function connectLive({ token, officeId, handlers, io = window.io }) {
  let lastSeq = null;
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
    lastSeq = snapshot.seq;
    handlers.state(snapshot);
  });
  for (const name of EVENTS) {
    socket.on(name, (payload) => {
      const action = classifyEvent(lastSeq, payload.seq);
      if (action === "apply") {
        lastSeq = payload.seq;
        handlers.event(name, payload);
      } else if (action === "sync") {
        // The snapshot will heal the screen, but a call must still be heard: let the screen see it.
        handlers.missed?.(name, payload);
        socket.emit("sync");
      }
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
      socket.close();
    },
  };
}
