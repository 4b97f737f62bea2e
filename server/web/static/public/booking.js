// Wiring of the booking's phone page: the cancel flow, and a slow refetch while the booking can
// still change (checked in at the kiosk, its ticket called); booking_render.js says what is shown.
import { api } from "../js/api.js";
import { bookingMarkup, bookingTitle, bookingView, cancelStep, followsBooking, initialPage } from "./booking_render.js";

const REFETCH_MS = 30_000;
const token = document.body.dataset.token;
const root = document.getElementById("app");
const data = JSON.parse(document.getElementById("booking-data").textContent);
let booking = data.booking;
let page = initialPage();

function render() {
  const view = bookingView(booking, { ...page, serviceName: data.service_name, officeId: data.office_id, token });
  root.innerHTML = bookingMarkup(view);
  document.title = bookingTitle(booking);
}

function go(action) {
  page = cancelStep(page, action);
  render();
}

async function refresh() {
  if (page.confirming || page.sending) return;
  try {
    booking = await api(`/public/appointments/${encodeURIComponent(token)}`);
    render();
  } catch {
    // the page keeps what it shows; the next round asks again
  }
}

async function cancel() {
  go({ type: "sending" });
  try {
    booking = await api(`/public/appointments/${encodeURIComponent(token)}/cancel`, { method: "POST" });
    go({ type: "cancelled" });
  } catch (error) {
    go({ type: "failed", error });
    refresh();
  }
}

root.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.disabled) return;
  const action = button.dataset.action;
  if (action === "cancel") cancel();
  else go({ type: action });
});

setInterval(() => {
  if (followsBooking(booking) && document.visibilityState === "visible") refresh();
}, REFETCH_MS);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && followsBooking(booking)) refresh();
});

window.xephangBooking = {
  get booking() {
    return booking;
  },
};

render();
