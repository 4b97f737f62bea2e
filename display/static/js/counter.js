// Wiring of the counter-top display: one counter, its number huge, its state in words.
import { clockParts, counterScreenMarkup, counterScreenView } from "./render.js";
import { startScreen } from "./screen.js";

const HIGHLIGHT_MS = 10_000;
const counterId = Number(document.body.dataset.counterId);
const $ = (id) => document.getElementById(id);

let current = null;
let highlightUntil = 0;
let highlightTimer = null;

// Put the counter on screen.
function render() {
  if (!current) return;
  const view = counterScreenView(current, counterId, { now: Date.now(), highlightUntil });
  $("board").innerHTML = counterScreenMarkup(view);
}

// A new board; a call at this counter flashes for a few seconds.
function update(board, _settings, call) {
  current = board;
  if (call && call.counter_id === counterId) {
    highlightUntil = Date.now() + HIGHLIGHT_MS;
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(render, HIGHLIGHT_MS + 50);
  }
  render();
}

// The time in the office's time zone.
function tick() {
  const zone = current && current.office ? current.office.timezone : undefined;
  const time = clockParts(new Date(), zone).time;
  if ($("clock-time").textContent !== time) $("clock-time").textContent = time;
}

window.xephangDisplay = {
  get board() {
    return current;
  },
};

tick();
setInterval(tick, 1000);
startScreen({ kind: "counter_display", update });
