// The administration page's actions: what each button does, through dialogs to the /admin API.
import { api } from "/assets/js/api.js";
import { parseClock } from "/assets/js/format.js";
import * as view from "./admin_view.js";
import { formDialog, openDialog } from "./dialogs.js";
import { $, app, call, failed, notify, office } from "./page_state.js";
import { loadTab, loadTree, renderAudit, renderCalendar, renderPriorities } from "./tabs.js";

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

/** The sessions in the week editor (of the dialog when open, else of the calendar tab).
 * Times are read on the 24-hour clock ("7:30" → "07:30"); `strict` marks and refuses a time
 * that is none, while rows are added or removed the typed text is kept as it is. */
export function readWeek({ strict = true } = {}) {
  const rows = $("dialog").open ? $("dialog").querySelectorAll("#week tbody tr[data-index]") : document.querySelectorAll("#week tbody tr[data-index]");
  const wrong = [];
  const time = (row, key) => {
    const input = row.querySelector(`[data-key="${key}"]`);
    const value = parseClock(input.value, { endOfDay: key === "end" });
    if (value === null && strict) {
      wrong.push(input.value.trim() || "(trống)");
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    return value ?? input.value.trim();
  };
  const week = Array.from(rows).map((row) => ({
    weekday: Number(row.querySelector('[data-key="weekday"]').value),
    start: time(row, "start"),
    end: time(row, "end"),
    name: row.querySelector('[data-key="name"]').value,
  }));
  if (wrong.length) {
    throw new Error(`Giờ không hợp lệ: ${wrong.join(", ")}. Nhập giờ theo 24 giờ, dạng HH:MM, ví dụ 07:30 hoặc 17:00.`);
  }
  return week;
}

/** What each `data-action` button does, by its action name; called with its `data-id`. */
export const actions = {
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
      app.tab = "services";
      notify("Đã xóa đơn vị");
      await loadTree();
      await loadTab();
    } catch (error) {
      failed(error);
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
      failed,
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
      failed,
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
    await call(`/admin/users/${id}`, "PATCH", { active: false }).then(() => notify(`Đã khóa ${user.username}`), failed);
    await loadTab();
  },
  "enable-user": async (id) => {
    await call(`/admin/users/${id}`, "PATCH", { active: true }).then(() => notify("Đã mở khóa tài khoản"), failed);
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
    await call(`/admin/devices/${id}/revoke`, "POST").then(() => notify(`Đã thu hồi ${device.name}`), failed);
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
      failed(error);
    }
  },
  "save-week": async () => {
    try {
      app.week = await call(`/admin/offices/${app.officeId}/sessions`, "PUT", { sessions: readWeek() });
      renderCalendar();
      notify("Đã lưu lịch làm việc");
    } catch (error) {
      failed(error);
    }
  },
  "delete-holiday": async (id) => {
    await call(`/admin/holidays/${id}`, "DELETE").then(() => notify("Đã xóa ngày nghỉ"), failed);
    await loadTab();
  },
  "print-poster": () => window.print(),
  "more-audit": async () => {
    const page = await api(`/admin/offices/${app.officeId}/audit?limit=50&before_id=${app.auditBefore}`);
    app.data.audit = app.data.audit.concat(page.entries);
    app.auditBefore = page.next_before_id;
    renderAudit();
  },
};
