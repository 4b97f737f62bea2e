// Wiring of the kiosk page: pairing token, services, issuing, printer state, live updates.
// What the page shows is decided by render.js; this file only moves data and timers around.
import { api } from "/assets/js/api.js";
import { connectLive } from "/assets/js/live.js";
import { deviceToken, forgetToken } from "/assets/js/pairing.js";
import { nameWordsMarkup, nextFitSize } from "/assets/js/words.js";
import { CHECKIN_TEXT, answerMarkup, checkInAnswer, keypadMarkup, offersCheckIn, typeCode } from "./checkin.js";
import { createPrintWatch } from "./print_watch.js";
import { createScanReader, scanRequest } from "./scanner.js";
import { categoriesMarkup, categoryLabel, offersPriority, priorityChoices, priorityHint } from "./priorities.js";
import {
  TIMING,
  acceptTap,
  clockText,
  confirmationMarkup,
  confirmationView,
  gridColumns,
  helpMarkup,
  initialPrint,
  issueErrorText,
  officeView,
  printerNotice,
  printoutMarkup,
  printPageCss,
  printPaper,
  screenTimeout,
  servicesMarkup,
  texts,
  unavailableHelp,
} from "./render.js";

const KIND = "kiosk";
const SCREENS = ["home", "priority", "priority-services", "checkin", "checkin-answer", "confirm"];
const $ = (id) => document.getElementById(id);

const kiosk = {
  token: null,
  officeId: null,
  office: null,
  services: [],
  categories: [], // the priority categories the office offers (none until loaded)
  printerStatus: null,
  paper: null, // set when this kiosk's page prints its tickets (printer `browser:`)
  online: true,
  lang: "vi",
  screen: "home",
  screenChangedAt: -Infinity,
  lastTouch: Date.now(),
  busy: false,
  priority: null,
  ticket: null,
  print: null,
  refreshTimer: null,
  live: null,
  code: "", // the booking code typed on the keypad
  answer: null, // a refused check-in, as checkin.js words it
};

// Keys typed faster than a hand can, ending in Enter: what a USB 2D scanner read.
const scanReader = createScanReader();

// The print state of the ticket on screen; its updates may come before the ticket itself.
const printWatch = createPrintWatch({
  onChange(print) {
    kiosk.print = print;
    renderConfirm();
  },
});

function showMessage(text) {
  $("message").textContent = text;
  $("message").hidden = false;
}

// A message over the screen for a few seconds: a text, or `{title, text}` help.
function toast(message) {
  const element = $("toast");
  if (typeof message === "string") element.textContent = message;
  else element.innerHTML = helpMarkup(message);
  element.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (element.hidden = true), 6000);
}

function renderTexts() {
  const t = texts(kiosk.lang);
  document.documentElement.lang = kiosk.lang;
  for (const element of document.querySelectorAll("[data-text]")) element.textContent = t[element.dataset.text];
  $("language").textContent = t.language;
  $("language").lang = kiosk.lang === "en" ? "vi" : "en";
  renderPriority();
  renderCheckIn();
}

// "Đã đặt lịch hẹn" while a service takes bookings; the keypad and a refusal in the language.
function renderCheckIn() {
  const t = CHECKIN_TEXT[kiosk.lang] || CHECKIN_TEXT.vi;
  const button = $("checkin-button");
  button.hidden = !offersCheckIn(kiosk.services);
  button.disabled = !kiosk.online;
  $("checkin-label").textContent = t.button;
  $("checkin-hint").textContent = t.buttonHint;
  if (kiosk.screen === "checkin") $("screen-checkin").innerHTML = keypadMarkup(kiosk.code, kiosk.lang, { busy: kiosk.busy });
  if (kiosk.screen === "checkin-answer" && kiosk.answer) {
    $("screen-checkin-answer").innerHTML = answerMarkup(checkInAnswer(kiosk.answer, kiosk.lang), kiosk.lang);
  }
}

// The priority path offers the office's enabled categories; with none, there is no such path.
// Offline it leads nowhere, so it is greyed like the services.
function renderPriority() {
  const offered = offersPriority(kiosk.categories);
  const button = document.querySelector(".xk-priority");
  button.hidden = !offered;
  button.disabled = !kiosk.online;
  $("priority-hint").textContent = priorityHint(kiosk.categories, kiosk.lang);
  patchButtons($("categories"), categoriesMarkup(kiosk.categories, kiosk.lang, { offline: !kiosk.online }));
  if (kiosk.priority) {
    const label = categoryLabel(kiosk.categories, kiosk.priority);
    $("priority-services-title").textContent = texts(kiosk.lang).priorityServices(label);
  }
  if (!offered && (kiosk.screen === "priority" || kiosk.screen === "priority-services")) goHome();
}

function renderOffice() {
  const view = officeView(kiosk.office);
  for (const [id, text] of [["office-lines", view.lines], ["office-name", view.name]]) {
    const html = nameWordsMarkup(text);
    if (rendered.get($(id)) === html) continue;
    rendered.set($(id), html);
    $(id).innerHTML = html;
  }
  fitOfficeName();
}

// A long name wraps between its words; it shrinks a little when it needs more lines than the
// header gives it (--xk-name-lines) or a word is wider than the header.
function fitOfficeName() {
  const name = $("office-name");
  name.style.fontSize = "";
  const style = getComputedStyle(name);
  const base = parseFloat(style.fontSize);
  const maxLines = Number(style.getPropertyValue("--xk-name-lines")) || 2;
  for (let size = base; ; ) {
    const lines = Math.round(name.clientHeight / parseFloat(getComputedStyle(name).lineHeight));
    const overflowing = name.scrollWidth > name.clientWidth;
    const next = nextFitSize({ size, base, lines, maxLines, overflowing });
    if (next === size) return;
    size = next;
    name.style.fontSize = `${size}px`;
  }
}

const rendered = new WeakMap(); // container → the markup it shows

// Update buttons in place: a button replaced under a finger would swallow the citizen's tap.
function patchButtons(container, html) {
  if (rendered.get(container) === html) return;
  rendered.set(container, html);
  const template = document.createElement("template");
  template.innerHTML = html;
  const fresh = [...template.content.children];
  const old = [...container.children];
  const sameButtons =
    fresh.length === old.length && fresh.every((button, i) => button.dataset.serviceId === old[i].dataset.serviceId);
  if (!sameButtons) {
    container.replaceChildren(...fresh);
    return;
  }
  fresh.forEach((button, i) => {
    const target = old[i];
    for (const { name } of [...target.attributes]) if (!button.hasAttribute(name)) target.removeAttribute(name);
    for (const { name, value } of [...button.attributes]) target.setAttribute(name, value);
    if (target.innerHTML !== button.innerHTML) target.innerHTML = button.innerHTML;
  });
}

function renderServices() {
  const portrait = window.innerHeight > window.innerWidth;
  const options = { disabled: kiosk.busy, offline: !kiosk.online };
  for (const id of ["services", "priority-services"]) {
    const element = $(id);
    element.style.setProperty("--columns", gridColumns(kiosk.services.length, portrait));
    patchButtons(element, servicesMarkup(kiosk.services, kiosk.lang, options));
  }
}

function renderPrinter() {
  const notice = printerNotice(kiosk.printerStatus, kiosk.lang);
  const element = $("printer");
  element.hidden = !notice;
  if (notice) {
    element.textContent = notice.text;
    element.className = `xk-printer xk-printer--${notice.level}`;
  }
}

function secondsLeft() {
  const timeout = screenTimeout(kiosk.screen, kiosk.print);
  if (timeout === null) return null;
  return Math.max(0, Math.ceil((timeout - (Date.now() - kiosk.lastTouch)) / 1000));
}

function renderConfirm() {
  if (kiosk.screen !== "confirm" || !kiosk.ticket) return;
  const service = kiosk.services.find((entry) => entry.id === kiosk.ticket.service_id) || null;
  const view = confirmationView(kiosk.ticket, kiosk.print, kiosk.lang, {
    service,
    secondsLeft: secondsLeft(),
    priorityLabel: categoryLabel(kiosk.categories, kiosk.ticket.priority),
    timeZone: kiosk.office && kiosk.office.timezone,
  });
  $("screen-confirm").innerHTML = confirmationMarkup(view, kiosk.lang);
}

function renderAll() {
  renderTexts();
  renderOffice();
  renderServices();
  renderPrinter();
  renderConfirm();
  tick();
}

function showScreen(name) {
  kiosk.screen = name;
  kiosk.screenChangedAt = performance.now();
  kiosk.lastTouch = Date.now();
  document.body.dataset.screen = name;
  for (const screen of SCREENS) $(`screen-${screen}`).hidden = screen !== name;
  renderCheckIn();
  renderConfirm();
}

function goHome() {
  printWatch.stop();
  kiosk.ticket = null;
  kiosk.print = null;
  kiosk.priority = null;
  kiosk.code = "";
  kiosk.answer = null;
  kiosk.lang = "vi"; // the next citizen starts in Vietnamese
  showScreen("home");
  renderAll();
}

// The clock, the countdown of the confirmation, and going back when nobody touches the screen.
function tick() {
  const clock = clockText(new Date(), kiosk.office && kiosk.office.timezone, kiosk.lang);
  $("clock-time").textContent = clock.time;
  $("clock-date").textContent = clock.date;
  const left = secondsLeft();
  if (left === 0) {
    goHome();
    return;
  }
  const returns = document.querySelector(".xk-confirm__returns");
  if (returns && left !== null) returns.textContent = texts(kiosk.lang).returnsIn(left);
}

function scheduleRefresh(delay = 700) {
  clearTimeout(kiosk.refreshTimer);
  kiosk.refreshTimer = setTimeout(refreshServices, delay);
}

async function refreshCategories() {
  if (!kiosk.officeId) return;
  try {
    const categories = await api(`/offices/${kiosk.officeId}/priority-categories`, { token: kiosk.token });
    kiosk.categories = priorityChoices(categories);
    renderPriority();
  } catch (error) {
    if (error.status === 401) await checkPairing();
  }
}

async function refreshServices() {
  clearTimeout(kiosk.refreshTimer);
  kiosk.refreshTimer = setTimeout(refreshServices, TIMING.refreshMs);
  if (!kiosk.officeId) return;
  try {
    kiosk.services = await api(`/offices/${kiosk.officeId}/services`, { token: kiosk.token });
    renderServices();
    renderCheckIn();
  } catch (error) {
    if (error.status === 401) await checkPairing();
  }
}

async function issue(serviceId) {
  kiosk.busy = true;
  renderServices();
  const body = { service_id: serviceId };
  if (kiosk.priority) body.priority = kiosk.priority;
  try {
    kiosk.ticket = await api("/tickets", { method: "POST", token: kiosk.token, body });
  } catch (error) {
    toast(issueErrorText(error, kiosk.lang));
    scheduleRefresh(0);
    return;
  } finally {
    kiosk.busy = false;
  }
  await showTicket();
}

// A booking checked in (typed code or scan): its ticket printed and shown as any other, or what
// the refusal means for the citizen.
async function checkIn(body) {
  if (kiosk.busy) return;
  kiosk.busy = true;
  renderCheckIn();
  try {
    kiosk.ticket = await api("/appointments/check-in", { method: "POST", token: kiosk.token, body });
  } catch (error) {
    kiosk.answer = { status: error.status, code: error.code, message: error.message };
    showScreen("checkin-answer");
    return;
  } finally {
    kiosk.busy = false;
  }
  kiosk.code = "";
  await showTicket();
}

function onScan(text) {
  if (!kiosk.token || !kiosk.officeId || kiosk.busy) return;
  const body = scanRequest(text);
  if (body) {
    printWatch.stop(); // a new citizen: the last one's confirmation is over
    checkIn(body);
    return;
  }
  kiosk.answer = { code: "unreadable" };
  showScreen("checkin-answer");
}

// Every key goes through the scan reader; a scanner's burst is kept from the page.
function onKey(event) {
  const now = performance.now();
  const reading = scanReader.reading(now);
  const scanned = scanReader.key(event.key, now);
  if (reading || scanned !== null) event.preventDefault();
  if (scanned !== null) {
    kiosk.lastTouch = Date.now();
    onScan(scanned);
  }
}

// The ticket just issued or checked in: printed by this page or followed to its printer.
async function showTicket() {
  if (kiosk.paper && kiosk.ticket.printout) {
    kiosk.print = { state: "pending", reason: null };
    showScreen("confirm");
    renderServices();
    await printInBrowser();
    return;
  }
  printWatch.watch(kiosk.ticket.id, initialPrint(kiosk.printerStatus));
  showScreen("confirm");
  renderServices();
}

// The style sheet holding the print's @page rule (built in script: the CSP forbids inline style).
function pageSheet() {
  if (!pageSheet.sheet) {
    pageSheet.sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet.sheet];
  }
  return pageSheet.sheet;
}

// Print the ticket from this page: Chrome started with --kiosk-printing sends it to the
// default printer without a dialog. The page is as tall as the ticket, as wide as the paper.
async function printInBrowser() {
  const ticket = kiosk.ticket;
  if (!ticket || !ticket.printout) return;
  const area = $("printout");
  const qr = ticket.public_token ? `/api/v1/public/tickets/${encodeURIComponent(ticket.public_token)}/qr.svg` : "";
  area.innerHTML = printoutMarkup(ticket.printout, qr, kiosk.paper);
  const image = area.querySelector("img");
  if (image) await image.decode().catch(() => {}); // print the number even without its QR
  const heightMm = (area.getBoundingClientRect().height * 25.4) / 96; // a CSS px is 1/96 inch
  pageSheet().replaceSync(printPageCss(kiosk.paper, heightMm));
  window.print();
  if (kiosk.ticket !== ticket) return;
  kiosk.print = { state: "printed", reason: null };
  renderConfirm();
}

// Ask the server for another print: the button shows it is busy until the printer answers.
async function reprint() {
  if (!kiosk.ticket) return;
  const ticket = kiosk.ticket;
  printWatch.reprint();
  kiosk.busy = true;
  try {
    const job = await api(`/tickets/${ticket.id}/reprint`, { method: "POST", token: kiosk.token });
    if (kiosk.ticket === ticket) printWatch.reprintSent(job.id);
  } catch (error) {
    if (kiosk.ticket === ticket) printWatch.reprintRefused();
    toast(issueErrorText(error, kiosk.lang));
  } finally {
    kiosk.busy = false;
  }
}

function onAction(action, target) {
  if (action === "language") {
    kiosk.lang = kiosk.lang === "vi" ? "en" : "vi";
    renderAll();
  } else if (action === "priority") {
    kiosk.priority = null;
    showScreen("priority");
  } else if (action === "category") {
    kiosk.priority = target.dataset.category;
    renderTexts();
    showScreen("priority-services");
  } else if (action === "checkin") {
    kiosk.code = "";
    showScreen("checkin");
  } else if (action === "code-key") {
    kiosk.code = typeCode(kiosk.code, target.dataset.key);
    renderCheckIn();
  } else if (action === "check-in") {
    checkIn({ code: kiosk.code });
  } else if (action === "home" || action === "done") {
    goHome();
  } else if (action === "issue") {
    issue(Number(target.dataset.serviceId));
  } else if (action === "unavailable") {
    const service = kiosk.services.find((entry) => entry.id === Number(target.dataset.serviceId));
    if (service) toast(unavailableHelp(service, kiosk.lang));
  } else if (action === "reprint") {
    if (kiosk.paper) printInBrowser();
    else reprint();
  }
}

function onClick(event) {
  const target = event.target.closest("[data-action]");
  if (!target || target.disabled) return;
  const now = performance.now();
  if (!acceptTap(now, { busy: kiosk.busy, screenChangedAt: kiosk.screenChangedAt })) return;
  kiosk.lastTouch = Date.now();
  onAction(target.dataset.action, target);
}

// Whether the token still holds; a revoked kiosk forgets it and asks to be paired again.
async function checkPairing() {
  try {
    const me = await api("/auth/me", { token: kiosk.token });
    if (!me || !me.device || me.device.kind !== KIND) throw Object.assign(new Error("unpaired"), { status: 401 });
    kiosk.officeId = me.device.office_id;
    kiosk.printerStatus = me.device.printer_status;
    kiosk.paper = printPaper(me.device.settings);
    renderPrinter();
    return true;
  } catch (error) {
    if (error.status === 401) {
      forgetToken(KIND);
      if (kiosk.live) kiosk.live.close();
      showMessage(texts("vi").unpaired);
      return false;
    }
    return true; // the server is away: live.js shows the banner and we try again later
  }
}

async function start() {
  kiosk.token = deviceToken(KIND);
  renderAll();
  if (!kiosk.token) {
    showMessage(texts("vi").unpaired);
    return;
  }
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  document.addEventListener("pointerdown", () => {
    kiosk.lastTouch = Date.now();
    if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {}); // kiosk mode may forbid it
    }
  });
  document.addEventListener("contextmenu", (event) => event.preventDefault());
  window.addEventListener("resize", () => {
    renderServices();
    fitOfficeName();
  });
  document.fonts.addEventListener("loadingdone", fitOfficeName); // the name's width changes with its font
  setInterval(tick, 1000);
  if (!(await checkPairing())) return;
  let wasOffline = false;
  kiosk.live = connectLive({
    token: kiosk.token,
    handlers: {
      state(snapshot) {
        kiosk.office = snapshot.office;
        renderOffice();
        refreshCategories(); // an admin's change of the categories arrives as a fresh state
        scheduleRefresh(0);
      },
      event() {
        scheduleRefresh();
      },
      connection(online) {
        kiosk.online = online;
        $("offline").hidden = online;
        renderServices();
        renderPriority();
        renderCheckIn();
        if (online && wasOffline) checkPairing(); // the printer may have changed while away
        wasOffline = !online;
      },
      revoked() {
        checkPairing();
      },
    },
  });
  kiosk.live.socket.on("printer_status", (payload) => {
    kiosk.printerStatus = payload.status;
    renderPrinter();
  });
  kiosk.live.socket.on("print_job_updated", (payload) => {
    // A late failure must stay on screen long enough to read.
    if (kiosk.ticket && payload.ticket_id === kiosk.ticket.id) kiosk.lastTouch = Date.now();
    printWatch.update(payload);
  });
}

start();
