// Modal pickers on native <dialog>: focus stays inside, Esc cancels, Enter submits the form.

/**
 * Open `dialog`. submit(form) resolves to { error } (shown inside, the dialog stays), to
 * { keepOpen: true } (the caller shows something else in it), or to {} (the dialog closes).
 * closed() runs whenever the dialog closes.
 */
export function openDialog(dialog, { submit, closed }) {
  const form = dialog.querySelector("form");
  const error = form.querySelector(".cc-error");
  const button = form.querySelector("[type=submit]");
  error.hidden = true;
  button.disabled = false;
  form.hidden = false;
  dialog.handlers = { submit, closed }; // one listener per dialog; this opening's handlers
  if (!dialog.dataset.wired) {
    dialog.dataset.wired = "yes";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (button.disabled) return; // a second Enter while the first is in flight
      button.disabled = true;
      error.hidden = true;
      const outcome = (await dialog.handlers.submit(form)) || {};
      button.disabled = false;
      if (outcome.error) {
        error.textContent = outcome.error;
        error.hidden = false;
      } else if (!outcome.keepOpen) dialog.close();
    });
    // Enter submits from a <select> too, as the "Enter" on the submit button promises.
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName === "SELECT") {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    dialog.addEventListener("click", (event) => {
      if (event.target.closest("[data-close-dialog]")) dialog.close();
    });
    dialog.addEventListener("close", () => dialog.handlers.closed && dialog.handlers.closed());
  }
  dialog.showModal();
  const first = form.querySelector("input:checked, input:not([disabled]), select, button[type=submit]");
  if (first) first.focus();
}
