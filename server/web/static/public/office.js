// Wiring of the office's public page: clicks and inputs become steps of office_render.js; a
// remote number leads to its ticket page, a booking to its booking page.
import { api } from "../js/api.js";
import { bookingRequest, initialState, officeMarkup, remoteRequest, step } from "./office_render.js";

const root = document.getElementById("app");
let state = initialState(JSON.parse(document.getElementById("page-data").textContent));

function render() {
  root.innerHTML = officeMarkup(state);
}

function go(action) {
  state = step(state, action);
  render();
}

async function loadSlots() {
  const { day, serviceId } = state;
  try {
    const answer = await api(`/public/services/${serviceId}/slots?date=${encodeURIComponent(day)}`);
    go({ type: "slots", day, slots: answer.slots });
  } catch (error) {
    go({ type: "failed", error });
    go({ type: "slots", day, slots: [] });
  }
}

async function refreshOffice() {
  try {
    go({ type: "refreshed", office: await api(`/public/offices/${state.office.id}`) });
  } catch {
    // the list drawn stays; the next action tells what went wrong
  }
}

async function send(path, request, pageOf) {
  if (request.problem) return go({ type: "failed", error: { message: request.problem, status: 422 } });
  go({ type: "sending" });
  try {
    const answer = await api(path, { method: "POST", body: request.body });
    window.location.assign(pageOf(answer));
  } catch (error) {
    go({ type: "failed", error });
    if (state.mode === "book" && state.slots === null) loadSlots();
    if (state.mode === "remote") refreshOffice();
  }
}

root.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.disabled) return;
  const action = button.dataset.action;
  if (action === "remote" || action === "book") {
    go({ type: action, serviceId: button.dataset.service });
    window.scrollTo(0, 0);
    if (action === "book") loadSlots();
  } else if (action === "back") {
    go({ type: "back" });
    refreshOffice();
  } else if (action === "slot") {
    go({ type: "slot", start: button.dataset.start });
  } else if (action === "take") {
    send("/public/tickets", remoteRequest(state), (ticket) => `/t/${encodeURIComponent(ticket.public_token)}`);
  } else if (action === "send") {
    send("/public/appointments", bookingRequest(state), (booking) => `/a/${encodeURIComponent(booking.public_token)}`);
  }
});

// Typed values are kept without redrawing (the field keeps its focus); the consent box redraws
// because it enables the send button.
root.addEventListener("input", (event) => {
  if (event.target.id === "phone") state = step(state, { type: "field", name: "phone", value: event.target.value });
  if (event.target.id === "citizen-id") state = step(state, { type: "field", name: "citizenId", value: event.target.value });
});
root.addEventListener("change", (event) => {
  if (event.target.id === "consent") go({ type: "field", name: "consent", value: event.target.checked });
  if (event.target.id === "day") {
    go({ type: "day", day: event.target.value });
    loadSlots();
  }
});

render();
