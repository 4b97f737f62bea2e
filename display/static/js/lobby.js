// Wiring of the lobby display: regions, clock, ticker, highlight timer and announcements.
import { createAnnouncer } from "./announcer.js";
import { callVisible, clockParts, lobbyMarkup, lobbyView, tickerSeconds } from "./render.js";
import { startScreen } from "./screen.js";

const HIGHLIGHT_MS = 10_000;
const RENDER_LOG_LIMIT = 50;
const $ = (id) => document.getElementById(id);

let current = null; // { board, settings }
let highlightUntil = 0;
let highlightTimer = null;
let notice = null;
const renderLog = []; // when each call reached the screen (read by tests and bench/display.py)

const announcer = createAnnouncer({
  audio: $("announcer"),
  onPlay(item) {
    $("caption").textContent = item.text;
    $("caption").hidden = !item.text;
  },
  onIdle() {
    $("caption").hidden = true;
  },
  onBlocked() {
    $("sound-overlay").hidden = false;
  },
});

// Put the board on screen.
function render() {
  if (!current) return;
  const { board, settings } = current;
  const view = lobbyView(board, settings, { now: Date.now(), highlightUntil });
  const markup = lobbyMarkup(view);
  $("office-lines").textContent = view.headerLines.join(" · ");
  $("office-name").textContent = view.officeName;
  $("call").innerHTML = markup.call;
  $("counters").innerHTML = markup.counters;
  $("recent").innerHTML = markup.recent;
  $("waiting").innerHTML = markup.waiting;
  $("waiting").style.setProperty("--xd-waiting-columns", String(view.waitingColumns));
  if (view.notice !== notice) {
    notice = view.notice;
    $("ticker-text").textContent = notice;
    const seconds = tickerSeconds(notice);
    $("ticker-text").style.setProperty("--xd-ticker-seconds", `${seconds}s`);
    $("ticker-text").style.setProperty("--xd-ticker-delay", `${-Math.round(seconds * 0.3)}s`);
    $("ticker").hidden = !notice;
  }
}

// A new board from the server; a call is highlighted, announced and logged.
function update(board, settings, call) {
  current = { board, settings };
  const shown = call && callVisible(call, settings);
  if (shown) {
    highlightUntil = Date.now() + HIGHLIGHT_MS;
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(render, HIGHLIGHT_MS + 50);
  }
  render();
  if (!shown) return;
  renderLog.push({ ticket_id: call.ticket_id, number: call.number, recall: call.recall, rendered_at: Date.now() });
  if (renderLog.length > RENDER_LOG_LIMIT) renderLog.shift();
  if (settings.announce && call.announcement && call.announcement.audio_url) {
    announcer.enqueue({ url: call.announcement.audio_url, text: call.announcement.text });
  }
}

// Date and time in the office's time zone, once a second.
function tick() {
  const zone = current && current.board.office ? current.board.office.timezone : undefined;
  const clock = clockParts(new Date(), zone);
  if ($("clock-time").textContent !== clock.time) $("clock-time").textContent = clock.time;
  if ($("clock-date").textContent !== clock.date) $("clock-date").textContent = clock.date;
}

// Whether this browser lets the page play sound before anyone touched it (kiosk flag set).
function autoplayAllowed() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return true;
  const context = new Context();
  const allowed = context.state === "running";
  context.close();
  return allowed;
}

$("sound-button").addEventListener("click", () => {
  $("sound-overlay").hidden = true;
  announcer.unlock();
});

window.xephangDisplay = {
  get playedUrls() {
    return announcer.played;
  },
  get pendingUrls() {
    return announcer.pending;
  },
  get calls() {
    return renderLog.slice();
  },
  get board() {
    return current && current.board;
  },
};

tick();
setInterval(tick, 1000);
startScreen({ kind: "display", update }).then((live) => {
  if (live && current && current.settings.announce && !autoplayAllowed()) $("sound-overlay").hidden = false;
});
