// Wiring of the administration page: office tree, tabs, dialogs → the /admin REST API.
// The parts: page_state.js (state), tabs.js, dialogs.js, actions.js; what is shown comes from
// admin_view.js. This file turns clicks into those parts' calls.
import { parseDay } from "/assets/js/format.js";
import * as view from "./admin_view.js";
import { actions, readWeek } from "./actions.js";
import { closeDialog, submitDialog, toggleKind } from "./dialogs.js";
import { $, app, call, notify } from "./page_state.js";
import { onNotifierChange, saveNotifier } from "./notifier.js";
import { loadTab, loadTree, renderPriorities } from "./tabs.js";

function onWeekClick(event) {
  const button = event.target.closest("[data-week]");
  if (!button) return false;
  app.week = readWeek({ strict: false });
  if (button.dataset.week === "add") {
    const last = app.week[app.week.length - 1];
    app.week.push({ weekday: last ? Math.min(6, last.weekday + 1) : 0, start: "07:30", end: "11:30", name: "Sáng" });
  } else if (button.dataset.week === "remove") {
    app.week.splice(Number(button.dataset.index), 1);
  } else if (button.dataset.week === "standard") {
    app.week = view.standardWeek();
  }
  button.closest("#week").innerHTML = view.weekEditorMarkup(app.week);
  return true;
}

function onOrderClick(event) {
  const check = event.target.closest("[data-service-check]");
  const move = event.target.closest("[data-order]");
  if (!check && !move) return false;
  if (check) {
    const id = Number(check.dataset.serviceCheck);
    app.order = check.checked ? [...app.order, id] : app.order.filter((item) => item !== id);
  } else {
    const id = Number(move.dataset.service);
    const index = app.order.indexOf(id);
    const target = move.dataset.order === "up" ? index - 1 : index + 1;
    if (index >= 0 && target >= 0 && target < app.order.length) {
      [app.order[index], app.order[target]] = [app.order[target], app.order[index]];
    }
  }
  $("order").innerHTML = view.serviceOrderMarkup(app.data.services, app.order);
  return true;
}

function main() {
  const params = new URLSearchParams(window.location.search);
  app.officeId = Number(params.get("office_id")) || Number(document.body.dataset.officeId);
  if (view.TABS.some(([name]) => name === params.get("tab"))) app.tab = params.get("tab");

  $("tree").addEventListener("click", (event) => {
    const node = event.target.closest("[data-office]");
    if (!node) return;
    app.officeId = Number(node.dataset.office);
    loadTree().then(loadTab);
  });
  $("add-office").addEventListener("click", () => actions["add-office"]());
  $("tabs").addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (!tab) return;
    app.tab = tab.dataset.tab;
    loadTab();
  });
  $("panel").addEventListener("click", (event) => {
    if (onWeekClick(event)) return;
    const move = event.target.closest("[data-move]");
    if (move) {
      const rows = Array.from($("panel").querySelectorAll("tr[data-code]")).map((row) => ({
        code: row.dataset.code,
        label: row.querySelector('[data-key="label"]').value,
        active: row.querySelector('[data-key="active"]').checked,
      }));
      const index = Number(move.dataset.index);
      const target = move.dataset.move === "up" ? index - 1 : index + 1;
      [rows[index], rows[target]] = [rows[target], rows[index]];
      app.data.priorities = rows;
      renderPriorities();
      return;
    }
    const button = event.target.closest("[data-action]");
    if (button && actions[button.dataset.action]) actions[button.dataset.action](Number(button.dataset.id));
  });
  $("panel").addEventListener("change", onNotifierChange);
  $("panel").addEventListener("submit", async (event) => {
    if (event.target.id === "notifier-form") return saveNotifier(event);
    if (event.target.id !== "holiday-form") return;
    event.preventDefault();
    const form = event.target;
    const day = parseDay(form.day.value);
    if (day) form.day.removeAttribute("aria-invalid");
    else form.day.setAttribute("aria-invalid", "true");
    if (!day) {
      $("holiday-error").textContent = "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 02/09/2026.";
      $("holiday-error").hidden = false;
      return form.day.focus();
    }
    try {
      await call(`/admin/offices/${app.officeId}/holidays`, "POST", { day, name: form.name.value });
      notify("Đã thêm ngày nghỉ");
      await loadTab();
    } catch (error) {
      $("holiday-error").textContent = error.message;
      $("holiday-error").hidden = false;
    }
  });
  $("dialog-form").addEventListener("submit", submitDialog);
  $("dialog").addEventListener("click", (event) => {
    if (event.target.closest("[data-close]")) return closeDialog();
    if (onWeekClick(event) || onOrderClick(event)) return;
    if (event.target.id === "own-hours") {
      $("week").hidden = !event.target.checked;
      if (event.target.checked && !app.week.length) {
        app.week = view.standardWeek();
        $("week").innerHTML = view.weekEditorMarkup(app.week);
      }
    }
  });
  $("dialog").addEventListener("change", (event) => {
    if (event.target.name === "kind") toggleKind();
  });
  loadTree().then(loadTab);
}

main();
