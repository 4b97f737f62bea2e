// Wiring of the administration page: office tree, tabs, dialogs → the /admin REST API.
// What is shown comes from admin_view.js; this file moves data and handles the dialogs.
import { api } from "/assets/js/api.js";
import * as view from "./admin_view.js";

const $ = (id) => document.getElementById(id);
const app = {
  csrf: document.body.dataset.csrf,
  meId: Number(document.body.dataset.userId),
  offices: [],
  officeId: null,
  tab: "services",
  data: {},
  week: [],
  order: [],
  auditBefore: null,
};
let noticeTimer = null;

const call = (path, method, body) => api(path, { method, body, csrf: app.csrf });
const office = () => app.offices.find((item) => item.id === app.officeId);

function notify(text) {
  clearTimeout(noticeTimer);
  $("notice").textContent = text;
  $("notice").hidden = false;
  noticeTimer = setTimeout(() => ($("notice").hidden = true), 5000);
}

// ---- Office tree and tabs ------------------------------------------------------------------

async function loadTree() {
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

function toolbar(...buttons) {
  return `<div class="ad-toolbar">${buttons.join("")}</div>`;
}

function addButton(action, text) {
  return `<button type="button" class="st-button st-button--primary" data-action="${action}">${text}</button>`;
}

async function loadTab() {
  renderTabs();
  remember();
  const id = app.officeId;
  const panel = $("panel");
  panel.dataset.tab = app.tab;
  try {
    if (app.tab === "office") {
      const current = office();
      const removable = current.id !== Number(document.body.dataset.officeId);
      panel.innerHTML =
        toolbar(addButton("edit-office", "Sửa thông tin"), removable ? `<button type="button" class="st-button st-button--danger" data-action="delete-office">Xóa đơn vị</button>` : "") +
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
      panel.innerHTML = toolbar(addButton("add-device", "+ Thêm thiết bị")) + view.devicesTable(app.data.devices);
    } else if (app.tab === "priorities") {
      app.data.priorities = await api(`/admin/offices/${id}/priority-categories`);
      renderPriorities();
    } else if (app.tab === "calendar") {
      const [week, holidays] = await Promise.all([api(`/admin/offices/${id}/sessions`), api(`/admin/offices/${id}/holidays`)]);
      app.week = week;
      app.data.holidays = holidays;
      renderCalendar();
    } else if (app.tab === "audit") {
      const page = await api(`/admin/offices/${id}/audit?limit=50`);
      app.data.audit = page.entries;
      app.auditBefore = page.next_before_id;
      renderAudit();
    }
  } catch (error) {
    if (error.status === 401) window.location.reload();
    panel.innerHTML = `<p class="st-error">${error.message}</p>`;
  }
}

function renderPriorities() {
  $("panel").innerHTML =
    `<p class="st-muted">Các nhóm ưu tiên khi cấp số. Mã (API) cố định; tên hiển thị, thứ tự và việc áp dụng do đơn vị chọn.</p>` +
    view.prioritiesMarkup(app.data.priorities) +
    toolbar(addButton("save-priorities", "Lưu đối tượng ưu tiên"));
}

function renderCalendar() {
  $("panel").innerHTML =
    `<h3 class="ad-subtitle">Giờ làm việc trong tuần</h3><p class="st-muted">${view.weekSummary(app.week)}</p>` +
    `<div id="week">${view.weekEditorMarkup(app.week)}</div>` +
    toolbar(addButton("save-week", "Lưu lịch làm việc")) +
    `<h3 class="ad-subtitle">Ngày nghỉ (lễ, Tết)</h3>` +
    `<form class="ad-inline-form" id="holiday-form"><label class="st-field">Ngày <input type="date" name="day" required></label>` +
    `<label class="st-field ad-grow">Tên ngày nghỉ <input type="text" name="name" placeholder="Ví dụ: Quốc khánh"></label>` +
    `<button type="submit" class="st-button st-button--primary">+ Thêm ngày nghỉ</button></form>` +
    `<p class="st-error" id="holiday-error" hidden></p>` +
    view.holidaysMarkup(app.data.holidays);
}

function renderAudit() {
  $("panel").innerHTML =
    view.auditMarkup(app.data.audit) +
    (app.auditBefore ? toolbar(`<button type="button" class="st-button" data-action="more-audit">Xem thêm</button>`) : "");
}

// ---- Dialogs -------------------------------------------------------------------------------

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

function toggleKind() {
  const kind = $("dialog").querySelector('[name="kind"]')?.value;
  for (const element of $("dialog").querySelectorAll("[data-show-for]")) {
    element.hidden = kind !== undefined && !element.dataset.showFor.split(" ").includes(kind);
  }
}

function openDialog({ title, body, submitText = "Lưu", onSubmit, wide = false }) {
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

function closeDialog() {
  $("dialog").close();
}

async function submitDialog(event) {
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

function formDialog({ title, fields, values = {}, extra = "", submitText, send, done, wide }) {
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

// ---- Actions -------------------------------------------------------------------------------

function serviceHoursExtra(service) {
  app.week = service && service.hours && service.hours.length ? service.hours.slice() : [];
  const own = app.week.length > 0;
  return (
    `<fieldset class="ad-fieldset"><legend>Giờ cấp số</legend>` +
    `<label class="st-check"><input type="checkbox" id="own-hours"${own ? " checked" : ""}> Lĩnh vực có giờ làm việc riêng (khác giờ của đơn vị)</label>` +
    `<div id="week"${own ? "" : " hidden"}>${view.weekEditorMarkup(app.week)}</div></fieldset>`
  );
}

function counterServicesExtra(counter) {
  app.order = counter ? counter.service_ids.slice() : [];
  return `<fieldset class="ad-fieldset"><legend>Lĩnh vực phục vụ — thứ tự ưu tiên gọi số</legend><div id="order">${view.serviceOrderMarkup(app.data.services, app.order)}</div><span class="ad-error" data-error-for="service_ids" hidden></span></fieldset>`;
}

function readWeek() {
  const rows = $("dialog").open ? $("dialog").querySelectorAll("#week tbody tr[data-index]") : document.querySelectorAll("#week tbody tr[data-index]");
  return Array.from(rows).map((row) => ({
    weekday: Number(row.querySelector('[data-key="weekday"]').value),
    start: row.querySelector('[data-key="start"]').value,
    end: row.querySelector('[data-key="end"]').value === "23:59" ? "24:00" : row.querySelector('[data-key="end"]').value,
    name: row.querySelector('[data-key="name"]').value,
  }));
}

const actions = {
  "edit-office": () =>
    formDialog({
      title: `Sửa thông tin: ${office().name}`,
      fields: view.OFFICE_FORM,
      values: office(),
      wide: true,
      send: (body) => call(`/admin/offices/${app.officeId}`, "PATCH", body),
      done: "Đã lưu thông tin đơn vị",
    }),
  "delete-office": async () => {
    if (!window.confirm(`Xóa đơn vị “${office().name}”? Chỉ xóa được đơn vị chưa có dữ liệu.`)) return;
    try {
      await call(`/admin/offices/${app.officeId}`, "DELETE");
      app.officeId = office().parent_id;
      notify("Đã xóa đơn vị");
      await loadTree();
      app.tab = "services";
      await loadTab();
    } catch (error) {
      notify(error.message);
    }
  },
  "add-office": () =>
    formDialog({
      title: `Thêm đơn vị trực thuộc ${office().name}`,
      fields: view.OFFICE_FORM,
      values: { timezone: office().timezone, dialect: office().dialect },
      wide: true,
      send: (body) => call("/admin/offices", "POST", { ...body, parent_id: app.officeId }),
      done: (created) => {
        app.officeId = created.id;
        app.tab = "services";
        return `Đã thêm đơn vị ${created.name} (giờ làm việc chép từ đơn vị cấp trên)`;
      },
    }),
  "add-service": () =>
    formDialog({
      title: "Thêm lĩnh vực",
      fields: view.SERVICE_FORM,
      values: view.SERVICE_DEFAULTS,
      extra: serviceHoursExtra(null),
      wide: true,
      send: (body) => call(`/admin/offices/${app.officeId}/services`, "POST", { ...body, hours: $("own-hours").checked ? readWeek() : [] }),
      done: (service) => `Đã thêm lĩnh vực ${service.prefix} – ${service.name}. Nhớ gán lĩnh vực cho quầy.`,
    }),
  "edit-service": (id) => {
    const service = app.data.services.find((item) => item.id === id);
    formDialog({
      title: `Sửa lĩnh vực ${service.prefix} – ${service.name}`,
      fields: view.SERVICE_FORM,
      values: service,
      extra: serviceHoursExtra(service),
      wide: true,
      send: (body) => call(`/admin/services/${id}`, "PATCH", { ...body, hours: $("own-hours").checked ? readWeek() : [] }),
      done: "Đã lưu lĩnh vực",
    });
  },
  "delete-service": async (id) => {
    const service = app.data.services.find((item) => item.id === id);
    if (!window.confirm(`Xóa lĩnh vực ${service.prefix} – ${service.name}?`)) return;
    await call(`/admin/services/${id}`, "DELETE").then(
      () => notify("Đã xóa lĩnh vực"),
      (error) => notify(error.message),
    );
    await loadTree();
    await loadTab();
  },
  "add-counter": () =>
    formDialog({
      title: "Thêm quầy",
      fields: [
        { name: "number", label: "Số quầy", type: "text", required: true, help: "chữ số hoặc chữ cái không dấu, ví dụ 3 hoặc 12A" },
        { name: "name", label: "Tên quầy", type: "text", help: "ví dụ: Quầy Đất đai" },
      ],
      extra: counterServicesExtra(null),
      wide: true,
      send: (body) => call(`/admin/offices/${app.officeId}/counters`, "POST", { ...body, service_ids: app.order }),
      done: (counter) => `Đã thêm quầy ${counter.number}`,
    }),
  "edit-counter": (id) => {
    const counter = app.data.counters.find((item) => item.id === id);
    formDialog({
      title: `Sửa quầy ${counter.number}`,
      fields: [
        { name: "number", label: "Số quầy", type: "text", required: true, help: "chữ số hoặc chữ cái không dấu, ví dụ 3 hoặc 12A" },
        { name: "name", label: "Tên quầy", type: "text" },
      ],
      values: counter,
      extra: counterServicesExtra(counter),
      wide: true,
      send: (body) => call(`/admin/counters/${id}`, "PATCH", { ...body, service_ids: app.order }),
      done: "Đã lưu quầy",
    });
  },
  "delete-counter": async (id) => {
    const counter = app.data.counters.find((item) => item.id === id);
    if (!window.confirm(`Xóa quầy ${counter.number}?`)) return;
    await call(`/admin/counters/${id}`, "DELETE").then(
      () => notify("Đã xóa quầy"),
      (error) => notify(error.message),
    );
    await loadTree();
    await loadTab();
  },
  "add-user": () =>
    formDialog({
      title: "Thêm người dùng",
      fields: view.USER_FORM,
      values: { role: "clerk" },
      send: (body) => call(`/admin/offices/${app.officeId}/users`, "POST", body),
      done: (user) => `Đã thêm ${user.full_name} (${user.username})`,
    }),
  "edit-user": (id) => {
    const user = app.data.users.find((item) => item.id === id);
    formDialog({
      title: `Sửa tài khoản ${user.username}`,
      fields: view.USER_EDIT_FORM,
      values: user,
      send: (body) => call(`/admin/users/${id}`, "PATCH", body),
      done: "Đã lưu tài khoản",
    });
  },
  "password-user": (id) => {
    const user = app.data.users.find((item) => item.id === id);
    formDialog({
      title: `Đặt lại mật khẩu cho ${user.username}`,
      fields: view.PASSWORD_FORM,
      submitText: "Đặt lại mật khẩu",
      send: (body) => call(`/admin/users/${id}/password`, "POST", body),
      done: `Đã đặt lại mật khẩu cho ${user.username}`,
    });
  },
  "disable-user": async (id) => {
    const user = app.data.users.find((item) => item.id === id);
    if (!window.confirm(`Khóa tài khoản ${user.username}? Người này sẽ không đăng nhập được nữa.`)) return;
    await call(`/admin/users/${id}`, "PATCH", { active: false }).then(() => notify(`Đã khóa ${user.username}`), (e) => notify(e.message));
    await loadTab();
  },
  "enable-user": async (id) => {
    await call(`/admin/users/${id}`, "PATCH", { active: true }).then(() => notify("Đã mở khóa tài khoản"), (e) => notify(e.message));
    await loadTab();
  },
  "add-device": () =>
    formDialog({
      title: "Thêm thiết bị",
      fields: view.deviceForm(app.data.counters),
      values: { kind: "kiosk", settings: { paper_width: 576, announce: true } },
      submitText: "Tạo và lấy mã ghép nối",
      send: (body) => {
        const settings = body.settings || {};
        if (body.kind !== "kiosk") {
          delete settings.printer;
          delete settings.paper_width;
        }
        if (body.kind !== "display") delete settings.announce;
        return call(`/admin/offices/${app.officeId}/devices`, "POST", { ...body, settings });
      },
      done: (result) => {
        setTimeout(() => openDialog({ title: "Ghép nối thiết bị", body: view.pairingMarkup(result) }), 0);
        return `Đã tạo thiết bị ${result.device.name}`;
      },
    }),
  "edit-device": (id) => {
    const device = app.data.devices.find((item) => item.id === id);
    const fields = view.deviceForm(app.data.counters).filter((field) => field.name === "name" || (field.showFor || []).includes(device.kind) && field.setting);
    formDialog({
      title: `Sửa thiết bị ${device.name}`,
      fields,
      values: device,
      send: (body) => call(`/admin/devices/${id}`, "PATCH", body),
      done: "Đã lưu thiết bị",
    });
  },
  "revoke-device": async (id) => {
    const device = app.data.devices.find((item) => item.id === id);
    if (!window.confirm(`Thu hồi ${device.name}? Thiết bị sẽ ngừng hoạt động ngay.`)) return;
    await call(`/admin/devices/${id}/revoke`, "POST").then(() => notify(`Đã thu hồi ${device.name}`), (e) => notify(e.message));
    await loadTab();
  },
  "save-priorities": async () => {
    const categories = Array.from($("panel").querySelectorAll("tr[data-code]")).map((row) => ({
      code: row.dataset.code,
      label: row.querySelector('[data-key="label"]').value,
      active: row.querySelector('[data-key="active"]').checked,
    }));
    try {
      app.data.priorities = await call(`/admin/offices/${app.officeId}/priority-categories`, "PUT", { categories });
      renderPriorities();
      notify("Đã lưu đối tượng ưu tiên");
    } catch (error) {
      notify(error.message);
    }
  },
  "save-week": async () => {
    try {
      app.week = await call(`/admin/offices/${app.officeId}/sessions`, "PUT", { sessions: readWeek() });
      renderCalendar();
      notify("Đã lưu lịch làm việc");
    } catch (error) {
      notify(error.message);
    }
  },
  "delete-holiday": async (id) => {
    await call(`/admin/holidays/${id}`, "DELETE").then(() => notify("Đã xóa ngày nghỉ"), (e) => notify(e.message));
    await loadTab();
  },
  "more-audit": async () => {
    const page = await api(`/admin/offices/${app.officeId}/audit?limit=50&before_id=${app.auditBefore}`);
    app.data.audit = app.data.audit.concat(page.entries);
    app.auditBefore = page.next_before_id;
    renderAudit();
  },
};

// ---- Events --------------------------------------------------------------------------------

function onWeekClick(event) {
  const button = event.target.closest("[data-week]");
  if (!button) return false;
  app.week = readWeek();
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
  $("panel").addEventListener("submit", async (event) => {
    if (event.target.id !== "holiday-form") return;
    event.preventDefault();
    const form = event.target;
    try {
      await call(`/admin/offices/${app.officeId}/holidays`, "POST", { day: form.day.value, name: form.name.value });
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
