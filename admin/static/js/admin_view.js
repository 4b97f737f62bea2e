// Pure render functions of the administration pages: data → HTML, forms from field specs.
import { escapeHtml } from "/assets/js/html.js";
import { ago, dateTimeText, dayText, decimal, num } from "/assets/js/format.js";
import { officeChildren } from "/assets/js/offices.js";
import { MESSAGE_NOTES, NOTIFIER_KINDS } from "./notifier_view.js";

export const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];
export const ROLES = { admin: "Quản trị viên", manager: "Lãnh đạo", clerk: "Cán bộ" };
export const KINDS = { kiosk: "Kiosk cấp số", display: "Màn hình sảnh", counter_display: "Màn hình quầy", rating: "Máy đánh giá" };
export const TABS = [
  ["office", "Thông tin đơn vị"],
  ["services", "Lĩnh vực"],
  ["counters", "Quầy"],
  ["users", "Người dùng"],
  ["devices", "Thiết bị"],
  ["priorities", "Đối tượng ưu tiên"],
  ["calendar", "Lịch làm việc"],
  ["notifier", "Thông báo"],
  ["audit", "Nhật ký thay đổi"],
];

// Labels of fields, for forms and for the audit log's "what changed".
export const FIELD_LABELS = {
  code: "Mã đơn vị",
  name: "Tên",
  header_lines: "Dòng tiêu đề trên phiếu",
  timezone: "Múi giờ",
  dialect: "Giọng đọc",
  notice_text: "Thông báo trên màn hình",
  prefix: "Ký hiệu",
  name_en: "Tên tiếng Anh",
  field: "Lĩnh vực",
  agency: "Cơ quan chuyên môn",
  audience: "Cách gọi",
  active: "Hoạt động",
  daily_limit: "Giới hạn số/ngày",
  cutoff_minutes: "Ngừng cấp trước giờ nghỉ (phút)",
  target_wait_minutes: "Thời gian chờ chuẩn (phút)",
  max_wait_minutes: "Ưu tiên khi chờ quá (phút)",
  default_service_minutes: "Thời gian phục vụ dự kiến (phút)",
  number_start: "Số bắt đầu",
  number_width: "Số chữ số",
  sort_order: "Thứ tự hiển thị",
  hours: "Giờ làm việc riêng",
  remote_enabled: "Lấy số từ xa",
  remote_share: "Tỷ lệ số cấp từ xa (%)",
  notify_ahead: "Báo trước khi còn (người)",
  appointments_enabled: "Đặt lịch hẹn",
  slot_minutes: "Độ dài khung giờ hẹn (phút)",
  slot_capacity: "Số người mỗi khung giờ",
  booking_days: "Đặt trước tối đa (ngày)",
  number: "Số quầy",
  services: "Lĩnh vực phục vụ",
  username: "Tên đăng nhập",
  full_name: "Họ và tên",
  role: "Vai trò",
  office_id: "Đơn vị",
  password: "Mật khẩu",
  kind: "Loại thiết bị",
  settings: "Cài đặt",
  sessions: "Lịch làm việc",
  categories: "Đối tượng ưu tiên",
  day: "Ngày",
  counter_id: "Quầy",
  printer: "Máy in",
  printer_profile: "Mẫu máy in",
  paper_width: "Khổ giấy",
  announce: "Phát âm thanh gọi số",
  counter_ids: "Quầy",
  service_ids: "Lĩnh vực",
  parent_id: "Đơn vị cấp trên",
  notifier: "Cách báo tin cho người dân",
  url: "Địa chỉ cổng SMS",
  method: "Phương thức",
  auth_header: "Dòng xác thực",
  body_template: "Nội dung gửi",
  content_type: "Kiểu nội dung",
  access_token: "Access token Zalo OA",
  templates: "Mẫu tin ZNS",
  base_url: "Địa chỉ API Zalo",
  ...Object.fromEntries(MESSAGE_NOTES.map(([kind, label]) => [kind, label])),
};

// ---- Forms ------------------------------------------------------------------------------

export const OFFICE_FORM = [
  { name: "name", label: "Tên đơn vị", type: "text", required: true, wide: true },
  { name: "code", label: "Mã đơn vị (không dấu)", type: "text", required: true, help: "ví dụ: yen-the, tan-hiep" },
  { name: "timezone", label: "Múi giờ", type: "text", help: "Asia/Ho_Chi_Minh" },
  {
    name: "dialect",
    label: "Giọng đọc số",
    type: "select",
    options: [
      ["north", "Miền Bắc (“linh”, “nghìn”)"],
      ["south", "Miền Nam (“lẻ”, “ngàn”)"],
    ],
  },
  { name: "header_lines", label: "Dòng tiêu đề in trên phiếu (mỗi dòng một ý, tối đa 4)", type: "lines", wide: true },
  { name: "notice_text", label: "Thông báo chạy trên màn hình sảnh", type: "textarea", wide: true },
];

export const SERVICE_FORM = [
  { name: "prefix", label: "Ký hiệu số", type: "text", required: true, help: "1–2 chữ in hoa, ví dụ A" },
  { name: "name", label: "Tên lĩnh vực", type: "text", required: true, wide: true },
  { name: "field", label: "Nhóm lĩnh vực", type: "text" },
  { name: "agency", label: "Cơ quan (quầy chuyên ngành)", type: "text", help: "ví dụ: Điện lực Yên Thế" },
  {
    name: "audience",
    label: "Cách mời khi gọi số",
    type: "select",
    options: [
      ["citizen", "“Mời công dân…”"],
      ["customer", "“Mời khách hàng…” (quầy chuyên ngành)"],
    ],
  },
  { name: "name_en", label: "Tên tiếng Anh", type: "text" },
  { name: "target_wait_minutes", label: "Thời gian chờ chuẩn (phút)", type: "number", min: 1, max: 600, required: true },
  { name: "max_wait_minutes", label: "Ưu tiên khi chờ quá (phút)", type: "number", min: 1, max: 1440, nullable: true, help: "để trống: không" },
  { name: "daily_limit", label: "Giới hạn số phiếu/ngày", type: "number", min: 1, max: 9999, nullable: true, help: "để trống: không giới hạn" },
  { name: "cutoff_minutes", label: "Ngừng cấp số trước giờ nghỉ (phút)", type: "number", min: 0, max: 600 },
  { name: "default_service_minutes", label: "Thời gian phục vụ dự kiến (phút)", type: "number", min: 0.5, max: 480, step: 0.5 },
  { name: "number_start", label: "Số bắt đầu mỗi ngày", type: "number", min: 0, max: 9000 },
  { name: "number_width", label: "Số chữ số", type: "number", min: 1, max: 4 },
  { name: "sort_order", label: "Thứ tự trên kiosk", type: "number", min: 0, max: 9999 },
  { name: "active", label: "Đang hoạt động (hiện trên kiosk)", type: "checkbox" },
  { name: "remote_enabled", label: "Cho lấy số từ xa (trên điện thoại)", type: "checkbox" },
  { name: "remote_share", label: "Tỷ lệ số cấp từ xa (% giới hạn/ngày)", type: "number", min: 0, max: 100 },
  { name: "notify_ahead", label: "Báo trước khi còn (người)", type: "number", min: 0, max: 50 },
  { name: "appointments_enabled", label: "Cho đặt lịch hẹn", type: "checkbox" },
  { name: "slot_minutes", label: "Độ dài khung giờ hẹn (phút)", type: "number", min: 5, max: 240 },
  { name: "slot_capacity", label: "Số người mỗi khung giờ", type: "number", min: 1, max: 100 },
  { name: "booking_days", label: "Đặt trước tối đa (ngày)", type: "number", min: 0, max: 90 },
];

export const SERVICE_DEFAULTS = {
  audience: "citizen",
  target_wait_minutes: 30,
  cutoff_minutes: 15,
  default_service_minutes: 5,
  number_start: 1,
  number_width: 3,
  active: true,
  remote_enabled: false,
  remote_share: 30,
  notify_ahead: 3,
  appointments_enabled: false,
  slot_minutes: 15,
  slot_capacity: 2,
  booking_days: 14,
};

export const USER_FORM = [
  { name: "username", label: "Tên đăng nhập", type: "text", required: true, help: "chữ thường không dấu, ví dụ canbo7" },
  { name: "full_name", label: "Họ và tên", type: "text", required: true },
  { name: "role", label: "Vai trò", type: "select", options: Object.entries(ROLES) },
  { name: "password", label: "Mật khẩu ban đầu", type: "password", required: true, help: "ít nhất 8 ký tự" },
];

export const USER_EDIT_FORM = [
  { name: "full_name", label: "Họ và tên", type: "text", required: true },
  { name: "role", label: "Vai trò", type: "select", options: Object.entries(ROLES) },
  { name: "active", label: "Tài khoản đang hoạt động", type: "checkbox" },
];

export const PASSWORD_FORM = [{ name: "password", label: "Mật khẩu mới", type: "password", required: true, help: "ít nhất 8 ký tự" }];

export function deviceForm(counters) {
  return [
    { name: "kind", label: "Loại thiết bị", type: "select", options: Object.entries(KINDS) },
    { name: "name", label: "Tên thiết bị", type: "text", required: true, help: "ví dụ: Kiosk sảnh chính" },
    {
      name: "counter_id",
      label: "Quầy (màn hình quầy, máy đánh giá)",
      type: "select",
      numeric: true,
      options: [["", "—"], ...counters.map((counter) => [String(counter.id), `Quầy ${counter.number}${counter.name ? ` – ${counter.name}` : ""}`])],
      showFor: ["counter_display", "rating"],
    },
    { name: "printer", label: "Máy in (kiosk)", type: "text", help: "để trống: máy in gắn máy kiosk; hoặc tcp://10.0.0.5:9100", showFor: ["kiosk"], setting: true },
    {
      name: "paper_width",
      label: "Khổ giấy",
      type: "select",
      numeric: true,
      options: [
        ["576", "80 mm (576 điểm)"],
        ["512", "80 mm – một số máy Epson (512)"],
        ["384", "58 mm (384 điểm)"],
      ],
      showFor: ["kiosk"],
      setting: true,
    },
    { name: "announce", label: "Phát âm thanh gọi số", type: "checkbox", showFor: ["display"], setting: true },
  ];
}

function inputMarkup(field, value) {
  const id = `f-${field.name}`;
  const common = `id="${id}" name="${field.name}"${field.required ? " required" : ""}`;
  if (field.type === "select") {
    const options = field.options
      .map(([key, label]) => `<option value="${escapeHtml(key)}"${String(value ?? "") === String(key) ? " selected" : ""}>${escapeHtml(label)}</option>`)
      .join("");
    return `<select ${common}>${options}</select>`;
  }
  if (field.type === "checkbox") return `<input type="checkbox" ${common}${value ? " checked" : ""}>`;
  if (field.type === "textarea") return `<textarea ${common} rows="3">${escapeHtml(value ?? "")}</textarea>`;
  if (field.type === "lines") return `<textarea ${common} rows="4">${escapeHtml((value || []).join("\n"))}</textarea>`;
  const extra = [
    field.min !== undefined ? ` min="${field.min}"` : "",
    field.max !== undefined ? ` max="${field.max}"` : "",
    field.step !== undefined ? ` step="${field.step}"` : "",
  ].join("");
  const type = field.type === "password" ? "password" : field.type === "number" ? "number" : "text";
  const auto = field.type === "password" ? ' autocomplete="new-password"' : ' autocomplete="off"';
  return `<input type="${type}" ${common}${extra}${auto} value="${escapeHtml(value ?? "")}">`;
}

/** The inputs of a form; each has a place for its error. */
export function formMarkup(fields, values = {}) {
  return fields
    .map((field) => {
      const value = field.setting ? values.settings?.[field.name] : values[field.name];
      const classes = ["ad-field", field.wide ? "ad-field--wide" : "", field.type === "checkbox" ? "ad-field--check" : ""].join(" ").trim();
      const showFor = field.showFor ? ` data-show-for="${field.showFor.join(" ")}"` : "";
      const label = `<span class="ad-label">${escapeHtml(field.label)}${field.required ? ' <abbr title="bắt buộc">*</abbr>' : ""}</span>`;
      const help = field.help ? `<span class="ad-help">${escapeHtml(field.help)}</span>` : "";
      const control = field.type === "checkbox" ? `${inputMarkup(field, value)}${label}` : `${label}${inputMarkup(field, value)}`;
      return `<label class="${classes}"${showFor}>${control}${help}<span class="ad-error" data-error-for="${field.name}" hidden></span></label>`;
    })
    .join("");
}

/** A form's values from raw input values (strings, booleans) by its spec. */
export function formValues(fields, raw, { only } = {}) {
  const values = {};
  const settings = {};
  for (const field of fields) {
    if (only && !only.includes(field.name)) continue;
    if (!(field.name in raw)) continue;
    let value = raw[field.name];
    if (field.type === "number") value = value === "" ? null : Number(value);
    else if (field.type === "lines") value = String(value).split("\n").map((line) => line.trim()).filter(Boolean);
    else if (field.type === "checkbox") value = Boolean(value);
    else if (field.numeric) value = value === "" ? null : Number(value);
    if (field.type === "number" && value === null && !field.nullable) continue;
    if (field.setting) settings[field.name] = value;
    else values[field.name] = value;
  }
  if (Object.keys(settings).length) values.settings = settings;
  return values;
}

/** An error in place of a tab's content; the message (from the server, or the network) is text. */
export function errorMarkup(message) {
  return `<p class="st-error">${escapeHtml(message)}</p>`;
}

/** Which field a 422 message names ("prefix: ...") and the explanation. */
export function fieldError(message) {
  const match = /^([a-z_]+)(?:\[\d+\])?(?:\.[a-z_]+)?: (.+)$/.exec(message || "");
  if (!match) return { field: null, text: message };
  return { field: match[1], text: match[2] };
}

// ---- The office tree ---------------------------------------------------------------------

/** The offices as a nested list, the chosen one marked. */
export function treeMarkup(offices, selectedId) {
  const children = officeChildren(offices);
  const branch = (parent) => {
    const list = children.get(parent) || [];
    if (!list.length) return "";
    return `<ul>${list
      .map(
        (office) =>
          `<li><button type="button" class="ad-node" data-office="${office.id}"${office.id === selectedId ? ' aria-current="true"' : ""}>` +
          `<span class="ad-node__name">${escapeHtml(office.name)}</span>` +
          `<span class="ad-node__meta">${num(office.services)} lĩnh vực · ${num(office.counters)} quầy · ${num(office.users)} người</span></button>` +
          `${branch(office.id)}</li>`,
      )
      .join("")}</ul>`;
  };
  return branch(null);
}

// ---- Tables ------------------------------------------------------------------------------

function table(headers, rows, empty) {
  if (!rows.length) return `<p class="ad-empty">${escapeHtml(empty)}</p>`;
  const head = headers.map(([text, cls]) => `<th scope="col"${cls ? ` class="${cls}"` : ""}>${escapeHtml(text)}</th>`).join("");
  return `<table class="st-table ad-table"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function button(action, id, text, kind = "") {
  return `<button type="button" class="st-button st-button--small${kind ? ` st-button--${kind}` : ""}" data-action="${action}" data-id="${id}">${escapeHtml(text)}</button>`;
}

function hoursText(hours) {
  if (!hours || !hours.length) return "Theo giờ đơn vị";
  return weekSummary(hours);
}

/** A week's sessions in a few words: "Thứ Hai–Thứ Sáu 07:30–11:30, 13:30–17:00; Thứ Bảy 07:30–11:30". */
export function weekSummary(sessions) {
  const byDay = WEEKDAYS.map((_, day) =>
    sessions
      .filter((s) => s.weekday === day)
      .map((s) => `${s.start}–${s.end}`)
      .join(", "),
  );
  const parts = [];
  let start = 0;
  for (let day = 1; day <= 7; day += 1) {
    if (day === 7 || byDay[day] !== byDay[start]) {
      if (byDay[start]) {
        const days = day - 1 === start ? WEEKDAYS[start] : `${WEEKDAYS[start]}–${WEEKDAYS[day - 1]}`;
        parts.push(`${days} ${byDay[start]}`);
      }
      start = day;
    }
  }
  return parts.join("; ") || "Không làm việc";
}

export function servicesTable(services) {
  const rows = services.map(
    (s) =>
      `<tr class="${s.active ? "" : "is-muted"}"><td><span class="st-prefix">${escapeHtml(s.prefix)}</span></td>` +
      `<th scope="row"><strong>${escapeHtml(s.name)}</strong>${s.agency ? `<span class="st-sub">${escapeHtml(s.agency)}</span>` : ""}</th>` +
      `<td class="num">${num(s.target_wait_minutes)}</td><td class="num">${s.daily_limit ? num(s.daily_limit) : "—"}</td>` +
      `<td class="num">${num(s.cutoff_minutes)}</td><td>${escapeHtml(hoursText(s.hours))}</td>` +
      `<td>${s.counter_numbers.length ? escapeHtml(s.counter_numbers.join(", ")) : '<span class="ad-warn">Chưa có quầy</span>'}</td>` +
      `<td>${s.active ? '<span class="st-pill st-pill--open">Hoạt động</span>' : '<span class="st-pill">Tạm ngừng</span>'}</td>` +
      `<td class="ad-row-actions">${button("edit-service", s.id, "Sửa")}${s.deletable ? button("delete-service", s.id, "Xóa", "danger") : ""}</td></tr>`,
  );
  return table(
    [["Ký hiệu"], ["Lĩnh vực"], ["Chờ chuẩn (ph)", "num"], ["Giới hạn/ngày", "num"], ["Ngừng cấp trước (ph)", "num"], ["Giờ làm việc"], ["Quầy"], ["Trạng thái"], [""]],
    rows,
    "Đơn vị chưa có lĩnh vực nào.",
  );
}

export function countersTable(counters) {
  const rows = counters.map(
    (c) =>
      `<tr><th scope="row"><strong>Quầy ${escapeHtml(c.number)}</strong>${c.name && c.name !== `Quầy ${c.number}` ? `<span class="st-sub">${escapeHtml(c.name)}</span>` : ""}</th>` +
      `<td>${c.service_names.length ? `<ol class="ad-order">${c.service_names.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ol>` : '<span class="ad-warn">Chưa gán lĩnh vực</span>'}</td>` +
      `<td>${c.clerk ? escapeHtml(c.clerk.full_name) : "—"}</td>` +
      `<td class="ad-row-actions">${button("edit-counter", c.id, "Sửa")}${c.deletable ? button("delete-counter", c.id, "Xóa", "danger") : ""}</td></tr>`,
  );
  return table([["Quầy"], ["Lĩnh vực phục vụ (theo thứ tự ưu tiên)"], ["Cán bộ đang ngồi"], [""]], rows, "Đơn vị chưa có quầy nào.");
}

export function usersTable(users, meId) {
  const rows = users.map(
    (u) =>
      `<tr class="${u.active ? "" : "is-muted"}"><th scope="row"><strong>${escapeHtml(u.full_name)}</strong></th>` +
      `<td><code>${escapeHtml(u.username)}</code></td><td>${escapeHtml(ROLES[u.role] || u.role)}</td>` +
      `<td>${u.active ? '<span class="st-pill st-pill--open">Hoạt động</span>' : '<span class="st-pill">Đã khóa</span>'}</td>` +
      `<td class="ad-row-actions">${button("edit-user", u.id, "Sửa")}${button("password-user", u.id, "Đặt lại mật khẩu")}` +
      `${u.id === meId ? "" : button(u.active ? "disable-user" : "enable-user", u.id, u.active ? "Khóa" : "Mở khóa", u.active ? "danger" : "")}</td></tr>`,
  );
  return table([["Họ và tên"], ["Tên đăng nhập"], ["Vai trò"], ["Trạng thái"], [""]], rows, "Chưa có tài khoản nào.");
}

function deviceSettingsText(device) {
  const s = device.settings || {};
  if (device.kind === "kiosk") {
    const printer = !s.printer || s.printer === "agent" ? "máy in gắn kiosk" : s.printer;
    return `${printer} · ${s.paper_width === 384 ? "58 mm" : "80 mm"}`;
  }
  if (device.kind === "display") return s.announce === false ? "không phát âm thanh" : "có phát âm thanh";
  return device.counter_number ? `Quầy ${device.counter_number}` : "";
}

const PRINTER_TONES = { alert: "ad-printer--alert", warning: "ad-printer--warning" };

/** A kiosk's printer as it last reported, and when: what staff need to see a dead printer early. */
export function printerMarkup(device, now, timeZone = "Asia/Ho_Chi_Minh") {
  if (device.kind !== "kiosk" || device.revoked) return "—";
  if (!device.printer_status) return `<span class="ad-printer">Chưa có tin báo</span>`;
  const tone = PRINTER_TONES[device.printer_level] || "ad-printer--ok";
  const when = device.printer_status_at
    ? `<span class="ad-printer__at">Liên lạc lần cuối ${escapeHtml(dateTimeText(device.printer_status_at, timeZone))} (${escapeHtml(ago(device.printer_status_at, now))})</span>`
    : "";
  return `<span class="ad-printer ${tone}">${escapeHtml(device.printer_message || device.printer_status)}</span>${when}`;
}

export function devicesTable(devices, now = Date.now(), timeZone = "Asia/Ho_Chi_Minh") {
  const rows = devices.map(
    (d) =>
      `<tr class="${d.revoked ? "is-muted" : ""}"><th scope="row"><strong>${escapeHtml(d.name)}</strong></th>` +
      `<td>${escapeHtml(KINDS[d.kind] || d.kind)}</td><td>${escapeHtml(deviceSettingsText(d))}</td>` +
      `<td class="ad-printer-cell">${printerMarkup(d, now, timeZone)}</td>` +
      `<td>${d.revoked ? '<span class="st-pill">Đã thu hồi</span>' : '<span class="st-pill st-pill--open">Đang dùng</span>'}</td>` +
      `<td class="ad-row-actions">${d.revoked ? "" : `${button("edit-device", d.id, "Sửa")}${button("revoke-device", d.id, "Thu hồi", "danger")}`}</td></tr>`,
  );
  return table([["Thiết bị"], ["Loại"], ["Cài đặt"], ["Máy in"], ["Trạng thái"], [""]], rows, "Chưa có thiết bị nào.");
}

/** What a new device needs: its link, token and QR code, shown once. */
export function pairingMarkup(result) {
  const qr = `data:image/svg+xml;base64,${btoa(result.pairing_qr_svg)}`;
  return (
    `<div class="ad-pairing"><img class="ad-qr" alt="Mã QR ghép nối" src="${qr}">` +
    `<div><p><strong>${escapeHtml(result.device.name)}</strong> · ${escapeHtml(KINDS[result.device.kind])}</p>` +
    `<p>Mở liên kết này một lần trên thiết bị (hoặc quét mã QR) để ghép nối:</p>` +
    `<p><a class="ad-link" href="${escapeHtml(result.pairing_url)}" target="_blank" rel="noopener">${escapeHtml(result.pairing_url)}</a></p>` +
    (result.public_url_configured === false
      ? `<p class="ad-warn">Máy chủ chưa được đặt địa chỉ công khai (XEPHANG_PUBLIC_URL): liên kết và mã QR dùng địa chỉ máy chủ tự đoán. ` +
        `Nếu thiết bị không mở được liên kết, hãy đặt XEPHANG_PUBLIC_URL (xem docs/configuration.md) rồi tạo lại thiết bị.</p>`
      : "") +
    `<p class="ad-help">Mã truy cập (chỉ hiện một lần):</p><p><code class="ad-token">${escapeHtml(result.token)}</code></p>` +
    `<p class="ad-warn">Hãy ghép nối hoặc in trang này ngay: sau khi đóng, mã không xem lại được (chỉ thu hồi và tạo mới).</p></div></div>`
  );
}

export function holidaysMarkup(holidays) {
  const rows = holidays.map(
    (h) =>
      `<tr><td>${escapeHtml(dayText(h.day))}</td><td>${escapeHtml(WEEKDAYS[(new Date(`${h.day}T00:00:00Z`).getUTCDay() + 6) % 7])}</td>` +
      `<td>${escapeHtml(h.name)}</td><td class="ad-row-actions">${button("delete-holiday", h.id, "Xóa", "danger")}</td></tr>`,
  );
  return table([["Ngày"], ["Thứ"], ["Tên ngày nghỉ"], [""]], rows, "Chưa có ngày nghỉ nào.");
}

// Times are typed on the 24-hour clock: a browser's time input follows its own locale ("12:00 AM").
function clockInput(key, value, label) {
  return (
    `<input type="text" class="ad-clock" data-key="${key}" value="${escapeHtml(value)}" aria-label="${label}" ` +
    `inputmode="numeric" maxlength="5" placeholder="HH:MM" title="Giờ theo 24 giờ, ví dụ 07:30 hoặc 17:00" autocomplete="off">`
  );
}

/** The holiday form: a day typed dd/mm/yyyy (the way Vietnamese write it, whatever the browser's locale). */
export function holidayFormMarkup() {
  return (
    `<form class="ad-inline-form" id="holiday-form" novalidate><label class="st-field">Ngày ` +
    `<input type="text" name="day" required inputmode="numeric" maxlength="10" placeholder="dd/mm/yyyy" title="Ngày/tháng/năm, ví dụ 02/09/2026" autocomplete="off"></label>` +
    `<label class="st-field ad-grow">Tên ngày nghỉ <input type="text" name="name" placeholder="Ví dụ: Quốc khánh"></label>` +
    `<button type="submit" class="st-button st-button--primary">+ Thêm ngày nghỉ</button></form>`
  );
}

/** An editable list of working sessions. */
export function weekEditorMarkup(sessions) {
  const rows = sessions.map(
    (s, index) =>
      `<tr data-index="${index}"><td><select data-key="weekday" aria-label="Thứ">${WEEKDAYS.map((day, i) => `<option value="${i}"${i === s.weekday ? " selected" : ""}>${day}</option>`).join("")}</select></td>` +
      `<td>${clockInput("start", s.start, "Từ")}</td><td>${clockInput("end", s.end, "Đến")}</td>` +
      `<td><input type="text" data-key="name" value="${escapeHtml(s.name || "")}" placeholder="Sáng / Chiều" aria-label="Buổi"></td>` +
      `<td><button type="button" class="st-button st-button--small st-button--danger" data-week="remove" data-index="${index}">Bỏ</button></td></tr>`,
  );
  return (
    `<table class="st-table ad-week"><thead><tr><th>Thứ</th><th>Từ</th><th>Đến</th><th>Buổi</th><th></th></tr></thead>` +
    `<tbody>${rows.join("") || '<tr><td colspan="5" class="ad-empty">Không có buổi làm việc nào.</td></tr>'}</tbody></table>` +
    `<div class="st-actions"><button type="button" class="st-button st-button--small" data-week="add">+ Thêm buổi</button>` +
    `<button type="button" class="st-button st-button--small" data-week="standard">Giờ hành chính (T2–T6, sáng T7)</button></div>`
  );
}

/** Monday–Friday 07:30–11:30 and 13:30–17:00, Saturday morning. */
export function standardWeek() {
  const week = [];
  for (let day = 0; day < 6; day += 1) {
    week.push({ weekday: day, start: "07:30", end: "11:30", name: "Sáng" });
    if (day < 5) week.push({ weekday: day, start: "13:30", end: "17:00", name: "Chiều" });
  }
  return week;
}

export function prioritiesMarkup(categories) {
  const rows = categories.map(
    (c, index) =>
      `<tr data-code="${escapeHtml(c.code)}"><td><code>${escapeHtml(c.code)}</code></td>` +
      `<td><input type="text" data-key="label" value="${escapeHtml(c.label)}" aria-label="Tên hiển thị của ${escapeHtml(c.code)}"></td>` +
      `<td><label class="st-check"><input type="checkbox" data-key="active"${c.active ? " checked" : ""}> Áp dụng</label></td>` +
      `<td class="ad-row-actions"><button type="button" class="st-button st-button--small" data-move="up" data-index="${index}"${index === 0 ? " disabled" : ""} aria-label="Lên">↑</button>` +
      `<button type="button" class="st-button st-button--small" data-move="down" data-index="${index}"${index === categories.length - 1 ? " disabled" : ""} aria-label="Xuống">↓</button></td></tr>`,
  );
  return table([["Mã (API)"], ["Tên trên kiosk và phiếu"], ["Áp dụng"], ["Thứ tự"]], rows, "");
}

/** Services of an office with checkboxes, the chosen ones first in their order. */
export function serviceOrderMarkup(services, chosenIds) {
  const chosen = chosenIds.map((id) => services.find((s) => s.id === id)).filter(Boolean);
  const rest = services.filter((s) => !chosenIds.includes(s.id));
  const items = [...chosen, ...rest].map((s) => {
    const position = chosenIds.indexOf(s.id);
    return (
      `<li data-service="${s.id}" class="${position >= 0 ? "is-chosen" : ""}">` +
      `<label class="st-check"><input type="checkbox" data-service-check="${s.id}"${position >= 0 ? " checked" : ""}>` +
      `<span class="st-prefix">${escapeHtml(s.prefix)}</span>${escapeHtml(s.name)}</label>` +
      `<span class="ad-order__rank">${position >= 0 ? `Ưu tiên ${position + 1}` : ""}</span>` +
      `<span><button type="button" class="st-button st-button--small" data-order="up" data-service="${s.id}"${position <= 0 ? " disabled" : ""} aria-label="Ưu tiên hơn">↑</button>` +
      `<button type="button" class="st-button st-button--small" data-order="down" data-service="${s.id}"${position < 0 || position === chosenIds.length - 1 ? " disabled" : ""} aria-label="Ưu tiên sau">↓</button></span></li>`
    );
  });
  return `<ul class="ad-services-order">${items.join("") || '<li class="ad-empty">Đơn vị chưa có lĩnh vực.</li>'}</ul>`;
}

// ---- The audit log ------------------------------------------------------------------------

const DIALECTS = { north: "Miền Bắc", south: "Miền Nam" };
const AUDIENCES = { citizen: "Mời công dân", customer: "Mời khách hàng" };
const PAPER = { 576: "80 mm", 512: "80 mm (512 điểm)", 384: "58 mm" };
const SETTING_LABELS = {
  printer: "máy in",
  printer_profile: "mẫu máy in",
  paper_width: "khổ giấy",
  announce: "phát âm thanh",
  counter_ids: "quầy",
  service_ids: "lĩnh vực",
};
const DECIMAL_FIELDS = new Set(["default_service_minutes"]);
const BLANK = { daily_limit: "không giới hạn", max_wait_minutes: "không" };

function printerWords(value) {
  if (!value || value === "agent") return "máy in gắn kiosk";
  if (value === "browser") return "in từ trình duyệt";
  return String(value);
}

function settingWords(key, value) {
  if (key === "printer") return printerWords(value);
  if (key === "paper_width") return PAPER[value] || `${num(value)} điểm`;
  if (Array.isArray(value)) return `${num(value.length)} mục`;
  return changeWords(key, value);
}

/** A value of the audit log in words: enum codes named, numbers Vietnamese, settings spelled out. */
export function changeWords(field, value, offices = []) {
  if (value === "***") return "(đã thay đổi, không hiển thị)";
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
    return BLANK[field] || "(trống)";
  }
  if (value === true) return "có";
  if (value === false) return "không";
  if (field === "role") return ROLES[value] || String(value);
  if (field === "kind") return KINDS[value] || String(value);
  if (field === "notifier") return NOTIFIER_KINDS.find(([kind]) => kind === value)?.[1] || String(value);
  if (field === "dialect") return DIALECTS[value] || String(value);
  if (field === "audience") return AUDIENCES[value] || String(value);
  if (field === "office_id") return offices.find((o) => o.id === value)?.name || `đơn vị số ${value}`;
  if (field === "printer") return printerWords(value);
  if (typeof value === "number") return DECIMAL_FIELDS.has(field) ? decimal(value) : num(value);
  if (Array.isArray(value)) return value.map((item) => changeWords("", item)).join(" / ");
  if (typeof value === "object") {
    return (
      Object.entries(value)
        .map(([key, item]) => `${SETTING_LABELS[key] || FIELD_LABELS[key] || key}: ${settingWords(key, item)}`)
        .join("; ") || "(trống)"
    );
  }
  return String(value);
}

/** The audit log: when, who, what, and each changed field by its label, values in words. */
export function auditMarkup(entries, { offices = [], timeZone = "Asia/Ho_Chi_Minh" } = {}) {
  const rows = entries.map((e) => {
    const changes = Object.entries(e.changes || {})
      .map(
        ([field, [before, after]]) =>
          `<li><span class="ad-change__field">${escapeHtml(FIELD_LABELS[field] || field)}</span>: ` +
          `${escapeHtml(changeWords(field, before, offices))} → <strong>${escapeHtml(changeWords(field, after, offices))}</strong></li>`,
      )
      .join("");
    return (
      `<tr><td class="ad-when">${escapeHtml(dateTimeText(e.at, timeZone, { seconds: true }))}</td><td>${escapeHtml(e.username)}</td>` +
      `<td><span class="ad-action ad-action--${escapeHtml(e.action)}">${escapeHtml(e.action_name)}</span> ${escapeHtml(e.entity_name.toLowerCase())}</td>` +
      `<td>${escapeHtml(e.summary)}${changes ? `<ul class="ad-changes">${changes}</ul>` : ""}</td><td>${escapeHtml(e.office_name)}</td></tr>`
    );
  });
  return table([["Thời gian"], ["Người thực hiện"], ["Thao tác"], ["Nội dung thay đổi"], ["Đơn vị"]], rows, "Chưa có thay đổi nào được ghi.");
}

/** The office's own details. */
export function officeMarkup(office, tree) {
  const parent = tree.find((o) => o.id === office.parent_id);
  return (
    `<dl class="ad-facts">` +
    `<dt>Tên đơn vị</dt><dd>${escapeHtml(office.name)}</dd>` +
    `<dt>Mã</dt><dd><code>${escapeHtml(office.code)}</code></dd>` +
    `<dt>Trực thuộc</dt><dd>${parent ? escapeHtml(parent.name) : "—"}</dd>` +
    `<dt>Múi giờ</dt><dd>${escapeHtml(office.timezone)}</dd>` +
    `<dt>Giọng đọc số</dt><dd>${office.dialect === "south" ? "Miền Nam" : "Miền Bắc"}</dd>` +
    `<dt>Tiêu đề trên phiếu</dt><dd>${(office.header_lines || []).map((line) => escapeHtml(line)).join("<br>") || "—"}</dd>` +
    `<dt>Thông báo trên màn hình sảnh</dt><dd>${escapeHtml(office.notice_text) || "—"}</dd>` +
    `</dl>`
  );
}
