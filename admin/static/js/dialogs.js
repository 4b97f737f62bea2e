// The administration page's dialog: forms from field specs, sent to the API, errors by field.
import * as view from "./admin_view.js";
import { $, notify } from "./page_state.js";
import { loadTab, loadTree } from "./tabs.js";

let dialogSubmit = null;

function rawValues(form) {
  const raw = {};
  for (const element of form.querySelectorAll("[name]")) {
    raw[element.name] = element.type === "checkbox" ? element.checked : element.value;
  }
  return raw;
}

function clearErrors() {
  $("dialog-error").hidden = true;
  for (const element of $("dialog").querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const element of $("dialog").querySelectorAll(".ad-error")) element.hidden = true;
}

function showError(error) {
  const { field, text } = view.fieldError(error.message);
  const slot = field && $("dialog").querySelector(`[data-error-for="${field}"]`);
  if (error.status === 422 && slot) {
    slot.textContent = text;
    slot.hidden = false;
    const input = $("dialog").querySelector(`[name="${field}"]`);
    input?.setAttribute("aria-invalid", "true");
    input?.focus();
    return;
  }
  $("dialog-error").textContent = error.message;
  $("dialog-error").hidden = false;
}

/** Show the device form's fields of the chosen kind only. */
export function toggleKind() {
  const kind = $("dialog").querySelector('[name="kind"]')?.value;
  for (const element of $("dialog").querySelectorAll("[data-show-for]")) {
    element.hidden = kind !== undefined && !element.dataset.showFor.split(" ").includes(kind);
  }
}

/** Open the dialog with a body; `onSubmit(raw values)` resolves to a notice, or throws. */
export function openDialog({ title, body, submitText = "Lưu", onSubmit, wide = false }) {
  $("dialog-title").textContent = title;
  $("dialog-body").innerHTML = body;
  $("dialog-submit").textContent = submitText;
  $("dialog-submit").hidden = !onSubmit;
  $("dialog").querySelector("[data-close]").textContent = onSubmit ? "Hủy" : "Đóng";
  $("dialog").classList.toggle("st-dialog--wide", wide);
  dialogSubmit = onSubmit;
  clearErrors();
  toggleKind();
  $("dialog").showModal();
  $("dialog-body").querySelector("input:not([type=checkbox]), select, textarea")?.focus();
}

/** Close the dialog. */
export function closeDialog() {
  $("dialog").close();
}

/** Send the dialog's form; on success close it, notify and reload the tree and tab. */
export async function submitDialog(event) {
  event.preventDefault();
  if (!dialogSubmit) return closeDialog();
  clearErrors();
  $("dialog-submit").disabled = true;
  try {
    const message = await dialogSubmit(rawValues($("dialog-form")));
    closeDialog();
    if (message) notify(message);
    await loadTree();
    await loadTab();
  } catch (error) {
    showError(error);
  } finally {
    $("dialog-submit").disabled = false;
  }
}

/** A dialog with a form from field specs; `send(body, raw)` calls the API. */
export function formDialog({ title, fields, values = {}, extra = "", submitText, send, done, wide }) {
  openDialog({
    title,
    body: `<div class="ad-grid">${view.formMarkup(fields, values)}</div>${extra}`,
    submitText,
    wide,
    onSubmit: async (raw) => {
      const body = view.formValues(fields, raw);
      const result = await send(body, raw);
      return typeof done === "function" ? done(result) : done;
    },
  });
}
