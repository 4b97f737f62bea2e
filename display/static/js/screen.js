// Shared wiring of the display pages: pairing token, device settings, live board, offline
// banner. Everything a page shows is decided by render.js; this file only moves data around.
import { api } from "/assets/js/api.js";
import { connectLive } from "/assets/js/live.js";
import { deviceToken, forgetToken } from "/assets/js/pairing.js";
import { applyEvent, fromSnapshot } from "./board.js";
import { normalizeSettings } from "./render.js";

const UNPAIRED =
  "Màn hình chưa được ghép nối hoặc mã thiết bị đã bị thu hồi. " +
  "Hãy mở đường dẫn ghép nối (…?token=…) do quản trị viên cung cấp.";

// Show a full-screen message (pairing problems).
export function showMessage(text) {
  const element = document.getElementById("message");
  element.textContent = text;
  element.hidden = false;
}

// Start a screen: `update(board, settings, call)` is called with every new board; `call` is the
// `ticket_called` that produced it, if any. Returns the live connection (or null when unpaired).
export async function startScreen({ kind, update }) {
  const token = deviceToken(kind);
  if (!token) {
    showMessage(UNPAIRED);
    return null;
  }
  const offline = document.getElementById("offline");
  let settings = normalizeSettings({});
  let board = null;
  let live = null;
  let wasOffline = false;
  let retryTimer = null;

  // The device's settings (which counters/services it shows); a 401 means it was revoked.
  const loadSettings = async () => {
    try {
      const me = await api("/auth/me", { token });
      settings = normalizeSettings(me && me.device ? me.device.settings : {});
      if (board) update(board, settings, null);
      return true;
    } catch (error) {
      if (error.status === 401) {
        forgetToken(kind);
        if (live) live.close();
        showMessage(UNPAIRED);
        return false;
      }
      return true; // the server is away: keep the settings we have; live.js shows the banner
    }
  };

  // The server refused or closed the socket. Ask the REST API whether the token still holds
  // before forgetting it; if it does, the refusal was passing: connect again (Socket.IO does
  // not retry after a refusal).
  const recheck = async () => {
    if (!(await loadSettings())) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => live.socket.connect(), 3000);
  };

  function onEvent(name, payload) {
    if (!board) return;
    const result = applyEvent(board, name, payload);
    board = result.board;
    if (result.sync) live.socket.emit("sync");
    update(board, settings, result.call);
  }

  if (!(await loadSettings())) return null;
  live = connectLive({
    token,
    handlers: {
      state(snapshot) {
        board = fromSnapshot(snapshot);
        update(board, settings, null);
      },
      event: onEvent,
      missed(name, payload) {
        // A call that came after a gap is still announced; the fresh state follows.
        if (name === "ticket_called") onEvent(name, payload);
      },
      connection(online) {
        offline.hidden = online;
        if (online && wasOffline) loadSettings(); // settings may have changed while away
        wasOffline = !online;
      },
      revoked: recheck,
    },
  });
  // A socket the server closed (a revoked device) does not reconnect by itself either.
  live.socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect") recheck();
  });
  return live;
}
