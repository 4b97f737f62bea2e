// Wiring of the reception desk: a ticket for a citizen at the counter (service, priority),
// issued with channel "reception" and printed on the kiosk printer the clerk chose.
import { api } from "/assets/js/api.js";
import { bookingCode, checkedInMarkup } from "./check_in_view.js";
import { openDialog } from "./dialogs.js";
import * as view from "./render.js";

const PRINTER_KEY = "xephang.console.printer"; // "" = do not print
const $ = (id) => document.getElementById(id);

function showForm(visible) {
  $("issue-form").hidden = !visible;
  $("issue-result").hidden = visible;
  if (visible) ($("issue-form").querySelector("input:checked") || $("issue-submit")).focus();
  else $("issue-again").focus();
}

// Send the ticket to the same printer again (paper jammed, citizen lost it).
async function reprint(ticket, printer, post) {
  const button = $("issue-reprint");
  button.disabled = true;
  const note = $("issue-result-body").querySelector(".cc-issued__note");
  try {
    await post(`/tickets/${ticket.id}/reprint`, { print_device_id: printer.id });
    note.textContent = `Đã gửi lệnh in lại tới ${printer.name}.`;
  } catch (error) {
    note.textContent = view.errorText(error);
  } finally {
    button.disabled = false;
  }
}

/** Open the dialog; `failed(error)` reports a load failure, `closed()` runs on close. */
export async function openIssueDialog({ officeId, counter, post, failed, closed }) {
  let services;
  let printers;
  let categories;
  try {
    [services, printers, categories] = await Promise.all([
      api(`/offices/${officeId}/services`),
      api(`/offices/${officeId}/printers`),
      api(`/offices/${officeId}/priority-categories`),
    ]);
  } catch (error) {
    failed(error);
    return;
  }
  const remembered = localStorage.getItem(PRINTER_KEY);
  const chosen = remembered === "" || printers.some((p) => String(p.id) === remembered) ? remembered : printers[0]?.id ?? "";
  $("issue-services").innerHTML = view.optionGroupsMarkup("service", [
    { title: "Lĩnh vực", options: view.serviceOptions(services, counter.service_ids) },
  ], { checkFirst: true }); // the counter's own service first: the usual ticket at the desk
  $("issue-priority").innerHTML = view.priorityOptionsMarkup(categories);
  $("issue-priority").closest("label").hidden = !categories.length; // none offered
  $("issue-printer").innerHTML = view.printerOptionsMarkup(printers, chosen);
  $("issue-again").onclick = () => showForm(true);
  $("issue-result").hidden = true;
  openDialog($("issue-dialog"), {
    async submit(form) {
      const data = new FormData(form);
      const serviceId = Number(data.get("service"));
      if (!serviceId) return { error: "Hãy chọn lĩnh vực" };
      const printerId = $("issue-printer").value;
      const body = { service_id: serviceId, channel: "reception" };
      if ($("issue-priority").value) body.priority = $("issue-priority").value;
      if (printerId) body.print_device_id = Number(printerId);
      try {
        const ticket = await post("/tickets", body);
        localStorage.setItem(PRINTER_KEY, printerId);
        const printer = printers.find((p) => String(p.id) === printerId);
        $("issue-result-body").innerHTML = view.issuedMarkup(ticket, printer ? printer.name : "");
        $("issue-reprint").hidden = !printer;
        $("issue-reprint").onclick = () => reprint(ticket, printer, post);
        $("issue-priority").value = "";
        showForm(false);
        return { keepOpen: true };
      } catch (error) {
        return { error: view.errorText(error) };
      }
    },
    closed,
  });
}

// "Xác nhận lịch hẹn": the clerk types a booking's code; its ticket is issued (not printed).
export function openCheckInDialog({ post, timeZone, closed }) {
  const showForm = (visible) => {
    $("check-in-form").hidden = !visible;
    $("check-in-result").hidden = visible;
    if (visible) {
      $("check-in-code").value = "";
      $("check-in-code").focus();
    } else $("check-in-again").focus();
  };
  $("check-in-again").onclick = () => showForm(true);
  $("check-in-result").hidden = true;
  $("check-in-code").value = "";
  openDialog($("check-in-dialog"), {
    async submit(form) {
      const code = bookingCode(new FormData(form).get("code"));
      if (!code) return { error: "Mã lịch hẹn gồm 6 ký tự (không có 0, O, 1, I, L)" };
      try {
        const ticket = await post("/appointments/check-in", { code });
        $("check-in-result-body").innerHTML = checkedInMarkup(ticket, timeZone);
        showForm(false);
        return { keepOpen: true };
      } catch (error) {
        return { error: view.errorText(error) };
      }
    },
    closed,
  });
}
