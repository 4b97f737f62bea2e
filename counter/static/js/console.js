// Wiring of the clerk console: login, counter choice, live data, keys and buttons → REST calls.
// Which buttons are usable is decided by actions.js, what is shown by render.js; this file moves data.
import { api } from "/assets/js/api.js";
import { connectLive } from "/assets/js/live.js";
import { actionStates, commandForKey, decide } from "./actions.js";
import { bookingsMarkup } from "./bookings.js";
import { openDialog } from "./dialogs.js";
import { openCheckInDialog, openIssueDialog } from "./reception.js";
import * as view from "./render.js";

const COUNTER_KEY = "xephang.console.counter";
const $ = (id) => document.getElementById(id);
const app = { me: null, csrf: null, counterId: null, data: null, snapshot: null, busy: false, skew: 0, live: null };
let refreshTimer = null;
let refreshSeq = 0;
let messageTimer = null;

const now = () => Date.now() + app.skew;
const post = (path, body) => api(path, { method: "POST", body, csrf: app.csrf });

// Show one of the three screens.
function show(section) {
  for (const id of ["login", "choose", "console"]) $(id).hidden = id !== section;
}

// A message under the buttons: errors stay until Esc or the next success; notes fade.
function showMessage(text, kind = "error") {
  const element = $("message");
  clearTimeout(messageTimer);
  element.className = `cc-message cc-message--${kind}`;
  element.textContent = text;
  element.hidden = !text;
  if (kind !== "error") messageTimer = setTimeout(hideMessage, 5000);
  syncHint();
}

function hideMessage() {
  $("message").hidden = true;
  syncHint();
}

// The hint line steps aside while the message above it says the same thing.
function syncHint() {
  const message = $("message");
  $("hint").classList.toggle("cc-hint--echo", !message.hidden && message.textContent === $("hint").textContent);
}

function focusMain() {
  if (!document.querySelector("dialog[open]")) $("main").focus({ preventScroll: true });
}

// Re-render a list without losing the keyboard focus inside it.
function keepFocus(update) {
  const key = document.activeElement?.dataset?.focusKey;
  update();
  if (!key) return;
  const again = document.querySelector(`[data-focus-key="${key}"]`);
  if (again && !again.disabled) again.focus();
  else focusMain();
}

function states() {
  const data = app.data;
  return actionStates({
    counter: data && data.counter,
    userId: app.me && app.me.id,
    busy: app.busy,
    noShowAfterRecalls: data ? data.no_show_after_recalls : 1,
    parked: data ? data.parked : [],
  });
}

// Put the console's data on screen.
function render() {
  const data = app.data;
  if (!data) return;
  const counter = data.counter;
  const at = now();
  const actionStates = states();
  $("counter-title").textContent = counter.name || `Quầy ${counter.number}`;
  $("counter-status").innerHTML = view.counterStatusMarkup(counter);
  $("clerk-name").textContent = app.me.full_name;
  const timeZone = app.snapshot?.office?.timezone;
  $("current").innerHTML = view.currentTicketMarkup(counter, data.waiting.length, at, timeZone);
  for (const button of document.querySelectorAll("[data-action]")) {
    const state = actionStates[button.dataset.action];
    button.disabled = !state.enabled;
    button.querySelector(".cc-action__label").textContent = state.label;
    button.title = state.hint;
    button.classList.toggle("cc-action--emphasis", Boolean(state.emphasis));
  }
  $("hint").textContent = actionStates.next.hint || actionStates.no_show.hint || "";
  syncHint();
  $("issue-button").disabled = app.busy;
  $("close-counter").disabled = app.busy || counter.status === "closed";
  keepFocus(() => {
    $("line").innerHTML = view.lineMarkup(data.waiting, at, { canCall: actionStates.next.enabled, timeZone });
    $("parked").innerHTML = view.parkedMarkup(data.parked, at, counter.id, { enabled: !app.busy });
  });
  $("waiting-count").textContent = String(data.waiting.length);
  $("parked-count").textContent = String(data.parked.length);
  $("figures").innerHTML = view.figuresMarkup(data.figures);
}

// Reload the counter's view from the server (the truth); older answers are dropped.
async function refresh() {
  clearTimeout(refreshTimer);
  refreshTimer = null;
  const mine = ++refreshSeq;
  try {
    const data = await api(`/counters/${app.counterId}/queue`);
    if (mine !== refreshSeq) return;
    app.data = data;
    app.skew = view.clockSkew(data.generated_at, Date.now());
    render();
  } catch (error) {
    if (error.status === 401) return start();
    if (error.status === 403 || error.status === 404) {
      localStorage.removeItem(COUNTER_KEY);
      return chooseCounter();
    }
    showMessage(view.errorText(error));
  }
}

function scheduleRefresh() {
  if (!refreshTimer && app.counterId) refreshTimer = setTimeout(refresh, 100);
}

// Run one command against the server: every button is disabled until the fresh view is in.
// Returns the error (null on success); shown under the buttons unless `quiet`.
async function busyWhile(request, success, { quiet = false } = {}) {
  if (app.busy) return null;
  app.busy = true;
  render();
  let failure = null;
  try {
    const result = await request();
    const note = success ? success(result) : "";
    if (note) showMessage(note, "note");
    else hideMessage();
  } catch (error) {
    failure = error;
    if (error.status === 401) start();
    else if (!quiet) showMessage(view.errorText(error));
  } finally {
    await refresh();
    app.busy = false;
    render();
    if (document.activeElement?.dataset?.action || document.activeElement === document.body) focusMain();
  }
  return failure;
}

const ticketPath = (action) => `/tickets/${app.data.counter.ticket.id}/${action}`;
const counterPath = (action) => `/counters/${app.counterId}/${action}`;

// The console's commands, by the ids of render.js.
const COMMANDS = {
  next: () =>
    busyWhile(
      () => post(counterPath("call-next")),
      (ticket) => (ticket ? `Đã gọi số ${ticket.number}` : "Không có ai đang chờ quầy này"),
    ),
  recall: () => busyWhile(() => post(ticketPath("recall")), (t) => `Đã gọi lại số ${t.number}`),
  start: () => busyWhile(() => post(ticketPath("start"))),
  complete: () => busyWhile(() => post(ticketPath("complete")), (t) => `Đã hoàn thành số ${t.number}`),
  no_show: () => busyWhile(() => post(ticketPath("no-show")), (t) => `Số ${t.number} vắng mặt`),
  transfer: () => openTransfer(),
  park: (state) =>
    state.ticketId
      ? busyWhile(() => post(`/tickets/${state.ticketId}/resume`), (t) => `Số ${t.number} đã trở lại đầu hàng chờ`)
      : busyWhile(() => post(ticketPath("park")), (t) => `Đã tạm giữ số ${t.number}`),
  pause: () => busyWhile(() => post(counterPath(app.data.counter.status === "open" ? "pause" : "open"))),
};

// A button or a key asked for `name`.
function perform(name) {
  if (name === "dismiss") return hideMessage();
  if (name === "issue") return openIssue();
  if (!app.data || app.busy) return;
  const decision = decide(name, states());
  if (decision && decision.hint) showMessage(decision.hint, "note");
  else if (decision) COMMANDS[name](decision.run);
}

// "Chuyển": other services or other counters, then POST transfer.
async function openTransfer() {
  const ticket = app.data.counter.ticket;
  const [services, snapshot] = await Promise.all([
    api(`/offices/${app.data.office_id}/services`),
    api(`/offices/${app.data.office_id}/state`),
  ]).catch((error) => {
    showMessage(view.errorText(error));
    return [null, null];
  });
  if (!services) return;
  $("transfer-title").textContent = `Chuyển phiếu ${ticket.number}`;
  $("transfer-options").innerHTML = view.optionGroupsMarkup(
    "target",
    view.transferOptions(services, snapshot.counters, app.counterId, ticket),
  );
  openDialog($("transfer-dialog"), {
    submit: async (form) => {
      const body = view.transferBody(new FormData(form).get("target"));
      if (!body) return { error: view.NO_TRANSFER_TARGET };
      const failure = await busyWhile(
        () => post(`/tickets/${ticket.id}/transfer`, body),
        (t) => `Đã chuyển số ${t.number}`,
        { quiet: true },
      );
      return failure ? { error: view.errorText(failure) } : {};
    },
    closed: focusMain,
  });
}

// "Cấp số tại quầy": a ticket for a citizen at the desk, printed on a chosen kiosk printer.
function openIssue() {
  if (!app.data || document.querySelector("dialog[open]")) return;
  openIssueDialog({
    officeId: app.data.office_id,
    counter: app.data.counter,
    post,
    failed: (error) => showMessage(view.errorText(error)),
    closed: focusMain,
  });
}

// "Xác nhận lịch hẹn": a booked citizen at the desk, checked in by the booking's code.
function openCheckIn() {
  if (!app.data || document.querySelector("dialog[open]")) return;
  openCheckInDialog({ post, timeZone: app.snapshot?.office?.timezone, closed: focusMain });
}

// "Lịch hẹn hôm nay": the office's bookings of the day; Enter reloads them.
function openBookings() {
  if (!app.data || document.querySelector("dialog[open]")) return;
  const load = async () => {
    try {
      $("bookings-list").innerHTML = bookingsMarkup(await api(`/offices/${app.data.office_id}/appointments`));
      return { keepOpen: true };
    } catch (error) {
      return { error: view.errorText(error), keepOpen: true };
    }
  };
  $("bookings-list").innerHTML = "";
  openDialog($("bookings-dialog"), { submit: load, closed: focusMain });
  load().then((outcome) => {
    if (outcome.error) {
      $("bookings-error").textContent = outcome.error;
      $("bookings-error").hidden = false;
    }
  });
}

// Counters of the office to choose from; a remembered one is taken straight away.
async function chooseCounter({ useRemembered = false } = {}) {
  const snapshot = await api(`/offices/${app.me.office_id}/state`);
  app.snapshot = snapshot;
  const remembered = Number(localStorage.getItem(COUNTER_KEY));
  if (useRemembered && snapshot.counters.some((counter) => counter.id === remembered)) return openConsole(remembered);
  show("choose");
  $("choose-greeting").textContent = `Xin chào ${app.me.full_name}. Hãy chọn quầy bạn làm việc hôm nay.`;
  $("choices").innerHTML = view.counterChoicesMarkup(snapshot.counters, app.me.id);
  const own = snapshot.counters.find((counter) => counter.id === remembered) || snapshot.counters[0];
  document.querySelector(`[data-choose-counter="${own ? own.id : ""}"]`)?.focus();
}

// The clerk picked a counter: open it if it is closed (seats the clerk), remember it, work it.
async function pickCounter(counterId) {
  const counter = app.snapshot.counters.find((c) => c.id === counterId);
  const error = $("choose-error");
  error.hidden = true;
  try {
    if (counter && counter.status === "closed") await post(`/counters/${counterId}/open`);
  } catch (failure) {
    error.textContent = view.errorText(failure);
    error.hidden = false;
    return;
  }
  localStorage.setItem(COUNTER_KEY, String(counterId));
  openConsole(counterId);
}

async function openConsole(counterId) {
  app.counterId = counterId;
  app.data = null;
  show("console");
  focusMain();
  if (!app.live) {
    app.live = connectLive({
      officeId: app.me.office_id,
      handlers: {
        state: scheduleRefresh,
        event: scheduleRefresh,
        connection(online) {
          $("offline").hidden = online;
          $("connection").className = `cc-conn cc-conn--${online ? "on" : "off"}`;
          $("connection").textContent = online ? "Trực tuyến" : "Mất kết nối";
        },
      },
    });
  }
  await refresh();
}

// Who is here: the login form, or on to the counter.
async function start() {
  let me = null;
  try {
    me = await api("/auth/me");
  } catch (error) {
    $("login-error").textContent = view.errorText(error);
    $("login-error").hidden = false;
  }
  if (!me || !me.user) {
    show("login");
    $("username").focus();
    return;
  }
  app.me = me.user;
  app.csrf = me.csrf_token;
  await chooseCounter({ useRemembered: true }).catch(showStartFailure);
}

// The office could not be loaded (server away, no rights): say so on the login screen.
function showStartFailure(error) {
  show("login");
  $("login-error").textContent = view.errorText(error);
  $("login-error").hidden = false;
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = $("login-submit");
  if (button.disabled) return;
  button.disabled = true;
  $("login-error").hidden = true;
  try {
    await api("/auth/login", { method: "POST", body: { username: $("username").value, password: $("password").value } });
    $("password").value = "";
    await start();
  } catch (error) {
    $("login-error").textContent = view.errorText(error);
    $("login-error").hidden = false;
    $("password").select();
  } finally {
    button.disabled = false;
  }
});

document.addEventListener("click", (event) => {
  const target = event.target.closest("button");
  if (!target || target.disabled) return;
  if (target.dataset.action) perform(target.dataset.action);
  else if (target.dataset.callTicket) {
    const ticketId = Number(target.dataset.callTicket);
    if (states().next.enabled)
      busyWhile(() => post(counterPath("call-next"), { ticket_id: ticketId }), (t) => (t ? `Đã gọi số ${t.number}` : ""));
  } else if (target.dataset.resumeTicket) {
    busyWhile(() => post(`/tickets/${target.dataset.resumeTicket}/resume`), (t) => `Số ${t.number} đã trở lại hàng chờ`);
  } else if (target.dataset.chooseCounter) pickCounter(Number(target.dataset.chooseCounter));
  else if ("logout" in target.dataset) {
    app.live?.close();
    api("/auth/logout", { method: "POST" }).finally(() => window.location.reload());
  } else if (target.id === "issue-button") perform("issue");
  else if (target.id === "check-in-button") openCheckIn();
  else if (target.id === "bookings-button") openBookings();
  else if (target.id === "change-counter") chooseCounter().catch((error) => showMessage(view.errorText(error)));
  else if (target.id === "close-counter") busyWhile(() => post(counterPath("close")), () => "Đã đóng quầy");
});

document.addEventListener("keydown", (event) => {
  if (!$("choose").hidden && /^Digit[1-9]$/.test(event.code)) {
    const choice = document.querySelectorAll("[data-choose-counter]")[Number(event.code.slice(5)) - 1];
    if (choice) choice.click();
    return;
  }
  if ($("console").hidden) return;
  const command = commandForKey({
    code: event.code,
    ctrlKey: event.ctrlKey,
    altKey: event.altKey,
    metaKey: event.metaKey,
    repeat: event.repeat,
    targetTag: event.target && event.target.tagName,
    dialogOpen: Boolean(document.querySelector("dialog[open]")),
  });
  if (!command) return;
  event.preventDefault(); // F1 must not open the browser's help, Space must not scroll
  perform(command);
});

// Running timers ("đã chờ 7 phút", "04:12") without re-rendering anything else.
setInterval(() => {
  const at = now();
  for (const element of document.querySelectorAll("[data-since]")) {
    const text = view.sinceText(element.dataset.since, element.dataset.format, at);
    if (element.textContent !== text) element.textContent = text;
  }
}, 1000);

$("actions").innerHTML = view.actionsMarkup();
$("legend").innerHTML = view.shortcutsMarkup();
window.xephangConsole = app; // for tests and support staff: the console's current data
start();
