// Wiring of the citizen's phone page: its own live socket, a rate-limited refetch of its
// figures, the call alert and the rating; render.js decides what the page says.
import { api } from "../js/api.js";
import { alertsAvailable, playChime, unlockSound, vibrate } from "./alert.js";
import {
  applyQueue,
  followsQueue,
  initialRating,
  needsRefresh,
  pageMarkup,
  pageView,
  ratingStep,
  refreshDelay,
  shouldAlert,
  titleFor,
} from "./render.js";

const VIBRATION = [400, 200, 400, 200, 800];
const OFFLINE_AFTER_MS = 3000;
const OFFLINE_POLL_MS = 30_000; // while the socket is down, the page asks over REST instead
const BLOCKED_MS = 60_000; // after a 429
const token = document.body.dataset.token;
const root = document.getElementById("app");
const offlineBanner = document.getElementById("offline");
const clock = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false });

let ticket = JSON.parse(document.getElementById("ticket-data").textContent);
let rating = initialRating(ticket);
let sound = alertsAvailable() ? "off" : "none";
let updatedAt = new Date();
let lastFetchAt = Date.now();
let blockedUntil = 0;
let refreshTimer = null;
let offlineTimer = null;
let pollTimer = null;
let pushes = 0; // `public_ticket` pushes seen: a fetch that started before one is stale
let alerts = 0;

function render() {
  root.innerHTML = pageMarkup(pageView(ticket, { rating, sound, updatedAt: clock.format(updatedAt) }));
  document.title = titleFor(ticket);
}

function callAlert() {
  alerts += 1;
  vibrate(VIBRATION);
  playChime(2);
}

// A fresh ticket object (pushed or fetched) replaces the old one.
function accept(next) {
  const alert = shouldAlert(ticket, next);
  if (next.rating && rating.phase !== "thanks") rating = initialRating(next);
  ticket = next;
  updatedAt = new Date();
  render();
  if (alert) callAlert();
}

async function refresh() {
  const seen = pushes;
  lastFetchAt = Date.now();
  try {
    const next = await api(`/public/tickets/${encodeURIComponent(token)}`);
    if (pushes === seen) accept(next);
  } catch (error) {
    if (error.status === 429) blockedUntil = Date.now() + BLOCKED_MS;
  }
}

// After a queue change: refetch people ahead and the estimate, spread out and rate-limited.
function scheduleRefresh() {
  if (refreshTimer || !needsRefresh(ticket)) return;
  const delay = Math.max(refreshDelay(Date.now(), lastFetchAt, Math.random()), blockedUntil - Date.now());
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    if (needsRefresh(ticket)) refresh();
  }, delay);
}

function setOnline(online) {
  clearTimeout(offlineTimer);
  offlineTimer = null;
  if (online) {
    offlineBanner.hidden = true;
    clearInterval(pollTimer);
    pollTimer = null;
    return;
  }
  offlineTimer = setTimeout(() => {
    offlineBanner.hidden = false;
    if (!pollTimer) pollTimer = setInterval(() => Date.now() >= blockedUntil && refresh(), OFFLINE_POLL_MS);
  }, OFFLINE_AFTER_MS);
}

function connect() {
  if (typeof window.io !== "function") return setOnline(false);
  const socket = window.io({ auth: { public_token: token }, transports: ["websocket", "polling"], reconnectionDelayMax: 5000 });
  socket.on("connect", () => setOnline(true));
  socket.on("disconnect", () => setOnline(false));
  socket.on("connect_error", () => {
    setOnline(false);
    // A refusal (too many requests) is not retried by the client itself.
    if (!socket.active) setTimeout(() => socket.connect(), BLOCKED_MS);
  });
  socket.on("public_ticket", (next) => {
    pushes += 1;
    lastFetchAt = Date.now();
    accept(next);
  });
  socket.on("public_queue", (queue) => {
    if (!followsQueue(ticket)) return;
    ticket = applyQueue(ticket, queue);
    updatedAt = new Date();
    render();
    scheduleRefresh();
  });
}

function rate(action) {
  const { state, send } = ratingStep(rating, action);
  rating = state;
  render();
  if (!send) return;
  api(`/public/tickets/${encodeURIComponent(token)}/rating`, { method: "POST", body: send }).then(
    () => {
      ticket = { ...ticket, rating: { level: send.level } };
      rate({ type: "sent" });
    },
    (error) => rate({ type: "failed", status: error.status, code: error.code }),
  );
}

async function enableAlerts() {
  await unlockSound();
  vibrate(80);
  playChime(1); // the citizen hears what the call will sound like
  sound = "on";
  render();
}

root.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.disabled) return;
  const action = button.dataset.action;
  if (action === "sound") enableAlerts();
  else rate({ type: action, level: button.dataset.level, reason: button.dataset.reason });
});

// A phone that slept may have missed pushes: look again when the page is back in view.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && Date.now() - lastFetchAt > 5000 && Date.now() >= blockedUntil) refresh();
});

window.xephangPhone = {
  get ticket() {
    return ticket;
  },
  get alerts() {
    return alerts;
  },
};

render();
connect();
