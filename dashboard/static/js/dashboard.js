// Wiring of the dashboard: office choice, data from /dashboard, live updates, a ticking clock.
// One office: its Socket.IO room says when something changed, then the figures are refetched.
// Several offices: REST polling every few seconds (one socket joins one office room, and the
// sums have to be made on the server anyway).
import { api } from "/assets/js/api.js";
import { connectLive } from "/assets/js/live.js";
import { officeOptions, officeTree } from "/assets/js/offices.js";
import * as view from "./render.js";

const POLL_MS = 5000; // aggregated view
const SAFETY_POLL_MS = 30000; // single office: the socket says when; this heals missed events
const $ = (id) => document.getElementById(id);
const state = { officeId: null, subtree: false, data: null, printers: "", skew: 0, live: null, timer: null, loading: false, again: false };

const now = () => Date.now() + state.skew;

function render() {
  const data = state.data;
  if (!data) return;
  const at = now();
  $("scope").textContent = view.scopeText(data);
  $("kpis").innerHTML = view.kpiMarkup(data, at);
  $("services").innerHTML = view.servicesMarkup(data, at);
  $("breaches").innerHTML = view.breachesMarkup(data, at);
  $("counters-card").hidden = data.subtree;
  $("offices-card").hidden = !data.subtree;
  if (data.subtree) $("offices").innerHTML = view.officesMarkup(data, at);
  else $("counters").innerHTML = view.countersMarkup(data, at);
}

// What does not tick: rendered once per answer (the printers' alert is read out when it changes).
function renderCharts() {
  const data = state.data;
  const printers = view.printersMarkup(data);
  if (state.printers !== printers) $("printers").innerHTML = state.printers = printers;
  $("printers").hidden = !printers;
  $("hourly").innerHTML = view.hourlyChart(data);
  $("distribution").innerHTML = view.distributionChart(data);
  $("satisfaction").innerHTML = view.satisfactionChart(data);
}

async function refresh() {
  if (state.loading) {
    state.again = true;
    return;
  }
  state.loading = true;
  try {
    const query = `office_id=${state.officeId}${state.subtree ? "&subtree=1" : ""}`;
    const data = await api(`/dashboard?${query}`);
    state.skew = Date.parse(data.generated_at) - Date.now();
    state.data = data;
    $("error").hidden = true;
    render();
    renderCharts();
    document.body.dataset.loaded = "true";
  } catch (error) {
    if (error.status === 401 || error.status === 403) window.location.reload();
    $("error").textContent = `Không tải được số liệu: ${error.message}`;
    $("error").hidden = false;
  } finally {
    state.loading = false;
    if (state.again) {
      state.again = false;
      setTimeout(refresh, 300);
    }
  }
}

let pending = null;
function refreshSoon() {
  if (!pending) pending = setTimeout(() => ((pending = null), refresh()), 800);
}

function setLive(kind, text) {
  $("live").dataset.state = kind;
  $("live").textContent = text;
}

function start() {
  clearInterval(state.timer);
  state.live?.close();
  state.live = null;
  refresh();
  if (state.subtree) {
    setLive("polling", `Tự cập nhật mỗi ${POLL_MS / 1000} giây`);
    state.timer = setInterval(refresh, POLL_MS);
    return;
  }
  state.timer = setInterval(refresh, SAFETY_POLL_MS);
  state.live = connectLive({
    officeId: state.officeId,
    handlers: {
      state: refreshSoon,
      event: refreshSoon,
      missed: refreshSoon,
      connection(online) {
        setLive(online ? "live" : "offline", online ? "Trực tiếp" : "Mất kết nối");
        $("offline").hidden = online;
      },
    },
  });
}

function remember() {
  const params = new URLSearchParams({ office_id: state.officeId });
  if (state.subtree) params.set("subtree", "1");
  history.replaceState(null, "", `?${params}`);
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  const offices = await api("/offices");
  const own = Number(document.body.dataset.officeId);
  const wanted = Number(params.get("office_id")) || own;
  state.officeId = offices.some((office) => office.id === wanted) ? wanted : own;
  const tree = officeTree(offices);
  const hasChildren = tree.find((office) => office.id === state.officeId)?.hasChildren;
  state.subtree = params.has("subtree") ? params.get("subtree") === "1" : Boolean(hasChildren);
  $("office").innerHTML = officeOptions(offices, state.officeId);
  $("subtree").checked = state.subtree;
  $("office").addEventListener("change", () => {
    state.officeId = Number($("office").value);
    state.subtree = Boolean(officeTree(offices).find((o) => o.id === state.officeId)?.hasChildren);
    $("subtree").checked = state.subtree;
    remember();
    start();
  });
  $("subtree").addEventListener("change", () => {
    state.subtree = $("subtree").checked;
    remember();
    start();
  });
  $("scope-form").addEventListener("submit", (event) => event.preventDefault());
  setInterval(render, 1000); // live clocks: waits and service times tick every second
  start();
}

main();
