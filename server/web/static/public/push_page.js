// Wiring of the phone page's "Nhận thông báo khi sắp đến lượt" button (Web Push); push.js
// decides whether to offer it and does the subscribing.
import { api } from "../js/api.js";
import { OFFER_LABEL, OUTCOME_TEXT, pushOffered, subscribePush } from "./push.js";

const key = document.body.dataset.pushKey || "";
const offer = document.getElementById("push-offer");

if (offer && pushOffered(window, key) && Notification.permission !== "denied") {
  const button = offer.querySelector("button");
  const status = offer.querySelector("[role=status]");
  button.textContent = OFFER_LABEL;
  offer.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    const outcome = await subscribePush({
      serviceWorker: navigator.serviceWorker,
      requestPermission: () => Notification.requestPermission(),
      key,
      token: document.body.dataset.token,
      send: (path, body) => api(path, { method: "POST", body }),
    });
    status.textContent = OUTCOME_TEXT[outcome];
    button.hidden = outcome === "subscribed";
    button.disabled = false;
  });
}
