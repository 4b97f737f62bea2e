// Wiring of the lobby display: regions, clock, ticker, flash timer and announcements. The
// headline and its caption show the call being spoken; the counters show the live board.
import { createAnnouncer } from "./announcer.js";
import { callAwaited } from "./board.js";
import { callVisible, clockParts, lobbyMarkup, lobbyView, tickerSeconds } from "./render.js";
import { startScreen } from "./screen.js";

const HIGHLIGHT_MS = 10_000;
const RENDER_LOG_LIMIT = 50;
const $ = (id) => document.getElementById(id);

let current = null; // { board, settings }
let spoken = null; // the call being announced: { call, url, text, chime }
let flash = null; // { ticketId, until }
let flashTimer = null;
let notice = null;
const renderLog = []; // when each call reached the screen (read by tests and bench/display.py)

const announcer = createAnnouncer({
  audio: $("announcer"),
  holds: (call) => Boolean(current) && callAwaited(current.board, call),
  onPlay(item) {
    spoken = item;
    flashCall(item.call);
    render();
  },
  onIdle() {
    spoken = null;
    render();
  },
  onBlocked() {
    spoken = null;
    $("sound-overlay").hidden = false;
    render();
  },
});

// Flash a call's headline and counter row for a few seconds.
function flashCall(call) {
  flash = { ticketId: call.ticket_id, until: Date.now() + HIGHLIGHT_MS };
  clearTimeout(flashTimer);
  flashTimer = setTimeout(render, HIGHLIGHT_MS + 50);
}

// Put the board on screen.
function render() {
  if (!current) return;
  const { board, settings } = current;
  const view = lobbyView(board, settings, { now: Date.now(), spoken, flash });
  const markup = lobbyMarkup(view);
  $("office-lines").textContent = view.headerLines.join(" · ");
  $("office-name").textContent = view.officeName;
  $("call").innerHTML = markup.call;
  $("caption").textContent = markup.caption;
  $("caption").hidden = !markup.caption;
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

// A new board from the server: a call is announced (it flashes while spoken), or flashes at
// once when this screen does not speak; a call being spoken that no longer holds is cut off.
function update(board, settings, call) {
  current = { board, settings };
  announcer.recheck();
  const shown = call && callVisible(call, settings);
  if (shown) {
    renderLog.push({ ticket_id: call.ticket_id, number: call.number, recall: call.recall, rendered_at: Date.now() });
    if (renderLog.length > RENDER_LOG_LIMIT) renderLog.shift();
    const speaks = settings.announce && call.announcement && call.announcement.audio_url;
    if (speaks) announcer.enqueue(call);
    if (!speaks || announcer.blocked) flashCall(call);
  }
  render();
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
  // The call being spoken and its caption, as the headline shows them.
  get spoken() {
    return spoken && { ticket_id: spoken.call.ticket_id, number: spoken.call.number, text: spoken.text, chime: spoken.chime };
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
