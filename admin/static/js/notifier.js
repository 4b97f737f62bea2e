// Wiring of the notifier tab: the chosen kind shows its fields; the form is sent to the API and
// a refusal is shown under its field (422 messages are "field: reason"), as the dialogs do.
import { fieldError } from "./admin_view.js";
import { kindFieldsMarkup, notifierBody } from "./notifier_view.js";
import { $, app, call, notify } from "./page_state.js";
import { renderNotifier } from "./tabs.js";

function rawValues(form) {
  const raw = {};
  for (const element of form.querySelectorAll("[name]")) {
    if (element.type === "radio" && !element.checked) continue;
    raw[element.name] = element.value;
  }
  return raw;
}

function clearErrors(form) {
  $("notifier-error").hidden = true;
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const element of form.querySelectorAll(".ad-error")) element.hidden = true;
}

/** Another kind chosen: show its fields only (from the stored settings). */
export function onNotifierChange(event) {
  if (event.target.name !== "kind" || !event.target.form || event.target.form.id !== "notifier-form") return false;
  $("notifier-fields").innerHTML = kindFieldsMarkup(event.target.value, app.data.notifier);
  clearErrors(event.target.form);
  return true;
}

/** Save the notifier; a refused field is marked and its reason shown under it. */
export async function saveNotifier(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    app.data.notifier = await call(`/admin/offices/${app.officeId}/notifier`, "PUT", notifierBody(rawValues(form), app.data.notifier));
    renderNotifier();
    notify("Đã lưu cách báo tin cho người dân");
  } catch (error) {
    const { field, text } = fieldError(error.message);
    const slot = field && form.querySelector(`[data-error-for="${field}"]`);
    if (error.status === 422 && slot) {
      slot.textContent = text;
      slot.hidden = false;
      const input = form.querySelector(`[name="${field}"]`) || slot.closest("fieldset")?.querySelector("input");
      input?.setAttribute("aria-invalid", "true");
      input?.focus();
    } else {
      $("notifier-error").textContent = error.message;
      $("notifier-error").hidden = false;
    }
  } finally {
    button.disabled = false;
  }
}
