// Wiring of the rating tablet: pairing, live events of its counter, taps → ratings, and the
// outbox that delivers ratings made while the network was down. Screens come from rating_view.js.
import { api } from "/assets/js/api.js";
import { connectLive } from "/assets/js/live.js";
import { deviceToken, forgetToken } from "/assets/js/pairing.js";
import { OUTBOX_KEY, afterAttempt, enqueue, isFinal, parseOutbox } from "./outbox.js";
import { completedTicket, counterInfo, initialTablet, screenMarkup, tabletStep } from "./rating_view.js";

const KIND = "rating";
const RETRY_MS = 10_000;
const counterId = Number(document.body.dataset.counterId);
const $ = (id) => document.getElementById(id);

let token = null;
let state = initialTablet();
let info = { counter: null, officeName: "" };
let snapshot = null;
let timer = null;
let sending = false;

function showMessage(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

function render() {
  $("screen").innerHTML = screenMarkup(state, info);
  $("screen").dataset.screen = state.screen;
  const waiting = parseOutbox(localStorage.getItem(OUTBOX_KEY)).length;
  $("pending").hidden = waiting === 0;
  $("pending").textContent = `${waiting} đánh giá đang chờ gửi`;
}

// Feed one action through the state machine and carry out what it asks for.
function dispatch(action) {
  const step = tabletStep(state, action);
  state = step.state;
  if (step.timer !== undefined) {
    clearTimeout(timer);
    timer = step.timer ? setTimeout(() => dispatch({ type: "timeout" }), step.timer) : null;
  }
  if (step.send) {
    const outbox = enqueue(parseOutbox(localStorage.getItem(OUTBOX_KEY)), { ...step.send, rated_at: new Date().toISOString() });
    localStorage.setItem(OUTBOX_KEY, JSON.stringify(outbox));
    deliver();
  }
  render();
}

// Send every stored rating, oldest first; stop at the first one the network refuses.
async function deliver() {
  if (sending || !token) return;
  sending = true;
  try {
    for (const item of parseOutbox(localStorage.getItem(OUTBOX_KEY))) {
      let error = null;
      try {
        await api(`/tickets/${item.ticket_id}/rating`, {
          method: "POST",
          token,
          body: { level: item.level, reasons: item.reasons || [] },
        });
      } catch (failure) {
        error = failure;
      }
      const outbox = afterAttempt(parseOutbox(localStorage.getItem(OUTBOX_KEY)), item.ticket_id, error);
      localStorage.setItem(OUTBOX_KEY, JSON.stringify(outbox));
      if (error && !isFinal(error)) break;
    }
  } finally {
    sending = false;
    render();
  }
}

function setCounter(counter) {
  if (!counter || counter.id !== counterId || !snapshot) return;
  snapshot = { ...snapshot, counters: snapshot.counters.map((c) => (c.id === counter.id ? counter : c)) };
  info = counterInfo(snapshot, counterId);
}

$("screen").addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.level) dispatch({ type: "choose", level: button.dataset.level });
  else if (button.dataset.reason) dispatch({ type: "toggle", reason: button.dataset.reason });
  else if ("submit" in button.dataset) dispatch({ type: "submit" });
  else if ("back" in button.dataset) dispatch({ type: "back" });
});

async function start() {
  token = deviceToken(KIND);
  const unpaired = "Máy đánh giá chưa được ghép nối. Hãy mở đường dẫn ghép nối (…?token=…) do quản trị viên cung cấp.";
  if (!token) return showMessage(unpaired);
  try {
    const me = await api("/auth/me", { token });
    const device = me && me.device;
    if (!device || device.kind !== "rating" || device.counter_id !== counterId) {
      return showMessage(`Thiết bị này không phải máy đánh giá của quầy này (mã quầy ${counterId}).`);
    }
  } catch (error) {
    if (error.status === 401) {
      forgetToken(KIND);
      return showMessage(unpaired);
    }
    // The server is away: carry on; the live connection retries and shows the banner.
  }
  connectLive({
    token,
    handlers: {
      state(fresh) {
        snapshot = fresh;
        info = counterInfo(snapshot, counterId);
        render();
      },
      event(name, payload) {
        if (payload.counter) setCounter(payload.counter);
        const ticket = completedTicket(name, payload, counterId);
        if (ticket) dispatch({ type: "completed", ticket });
        else render();
      },
      connection(online) {
        $("offline").hidden = online;
        if (online) deliver();
      },
      revoked() {
        forgetToken(KIND);
        showMessage(unpaired);
      },
    },
  });
  window.addEventListener("online", deliver);
  setInterval(deliver, RETRY_MS);
  deliver();
}

window.xephangRating = {
  get state() {
    return state;
  },
};
render();
start();
