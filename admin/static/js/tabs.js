// The administration page's office tree and tabs: load a tab's data from the API and show it.
import { api } from "/assets/js/api.js";
import * as view from "./admin_view.js";
import { notifierFormMarkup, posterMarkup } from "./notifier_view.js";
import { $, app, noticeStays, office } from "./page_state.js";

/** Load the office tree and show the chosen office's name and figures. */
export async function loadTree() {
  app.offices = await api("/admin/offices");
  if (!office()) app.officeId = Number(document.body.dataset.officeId);
  if (!office() && app.offices.length) app.officeId = app.offices[0].id;
  $("tree").innerHTML = view.treeMarkup(app.offices, app.officeId);
  const current = office();
  $("office-name").textContent = current ? current.name : "";
  $("office-meta").textContent = current
    ? `Mã ${current.code} · ${current.services} lĩnh vực · ${current.counters} quầy · ${current.users} người dùng · ${current.devices} thiết bị`
    : "";
}

function renderTabs() {
  $("tabs").innerHTML = view.TABS.map(
    ([name, label]) => `<button type="button" role="tab" class="st-tab" data-tab="${name}" aria-selected="${name === app.tab}">${label}</button>`,
  ).join("");
}

function remember() {
  history.replaceState(null, "", `?office_id=${app.officeId}&tab=${app.tab}`);
}

/** A row of buttons above a tab's content. */
export function toolbar(...buttons) {
  return `<div class="ad-toolbar">${buttons.join("")}</div>`;
}

function addButton(action, text) {
  return `<button type="button" class="st-button st-button--primary" data-action="${action}">${text}</button>`;
}

/** Load and show the chosen tab; an error shows in its place, as text. */
export async function loadTab() {
  renderTabs();
  remember();
  noticeStays();
  const id = app.officeId;
  const panel = $("panel");
  panel.dataset.tab = app.tab;
  try {
    if (app.tab === "office") {
      const current = office();
      panel.innerHTML =
        toolbar(addButton("edit-office", "Sửa thông tin"), current.deletable ? `<button type="button" class="st-button st-button--danger" data-action="delete-office">Xóa đơn vị</button>` : "") +
        view.officeMarkup(current, app.offices);
    } else if (app.tab === "services") {
      app.data.services = await api(`/admin/offices/${id}/services`);
      panel.innerHTML = toolbar(addButton("add-service", "+ Thêm lĩnh vực")) + view.servicesTable(app.data.services);
    } else if (app.tab === "counters") {
      [app.data.counters, app.data.services] = await Promise.all([
        api(`/admin/offices/${id}/counters`),
        api(`/admin/offices/${id}/services`),
      ]);
      panel.innerHTML = toolbar(addButton("add-counter", "+ Thêm quầy")) + view.countersTable(app.data.counters);
    } else if (app.tab === "users") {
      app.data.users = await api(`/admin/offices/${id}/users`);
      panel.innerHTML = toolbar(addButton("add-user", "+ Thêm người dùng")) + view.usersTable(app.data.users, app.meId);
    } else if (app.tab === "devices") {
      [app.data.devices, app.data.counters] = await Promise.all([
        api(`/admin/offices/${id}/devices`),
        api(`/admin/offices/${id}/counters`),
      ]);
      panel.innerHTML = toolbar(addButton("add-device", "+ Thêm thiết bị")) + view.devicesTable(app.data.devices, Date.now(), office().timezone);
    } else if (app.tab === "priorities") {
      app.data.priorities = await api(`/admin/offices/${id}/priority-categories`);
      renderPriorities();
    } else if (app.tab === "calendar") {
      const [week, holidays] = await Promise.all([api(`/admin/offices/${id}/sessions`), api(`/admin/offices/${id}/holidays`)]);
      app.week = week;
      app.data.holidays = holidays;
      renderCalendar();
    } else if (app.tab === "notifier") {
      app.data.notifier = await api(`/admin/offices/${id}/notifier`);
      renderNotifier();
    } else if (app.tab === "audit") {
      const page = await api(`/admin/offices/${id}/audit?limit=50`);
      app.data.audit = page.entries;
      app.auditBefore = page.next_before_id;
      renderAudit();
    }
  } catch (error) {
    if (error.status === 401) window.location.reload();
    panel.innerHTML = view.errorMarkup(error.message);
  }
}

/** The priority categories tab from the loaded data. */
export function renderPriorities() {
  $("panel").innerHTML =
    `<p class="st-muted">Các nhóm ưu tiên khi cấp số. Mã (API) cố định; tên hiển thị, thứ tự và việc áp dụng do đơn vị chọn.</p>` +
    view.prioritiesMarkup(app.data.priorities) +
    toolbar(addButton("save-priorities", "Lưu đối tượng ưu tiên"));
}

/** The working week and holidays tab from the loaded data. */
export function renderCalendar() {
  $("panel").innerHTML =
    `<h3 class="ad-subtitle">Giờ làm việc trong tuần</h3><p class="st-muted">${view.weekSummary(app.week)}</p>` +
    `<div id="week">${view.weekEditorMarkup(app.week)}</div>` +
    toolbar(addButton("save-week", "Lưu lịch làm việc")) +
    `<h3 class="ad-subtitle">Ngày nghỉ (lễ, Tết)</h3>` +
    view.holidayFormMarkup() +
    `<p class="st-error" id="holiday-error" hidden></p>` +
    view.holidaysMarkup(app.data.holidays);
}

/** The audit log tab from the loaded entries. */
export function renderAudit() {
  $("panel").innerHTML =
    view.auditMarkup(app.data.audit, { offices: app.offices, timeZone: office().timezone }) +
    (app.auditBefore ? toolbar(`<button type="button" class="st-button" data-action="more-audit">Xem thêm</button>`) : "");
}

/** The notifier tab from the loaded settings, with the office's poster QR. */
export function renderNotifier() {
  $("panel").innerHTML = notifierFormMarkup(app.data.notifier) + posterMarkup(app.officeId, window.location.origin);
}
