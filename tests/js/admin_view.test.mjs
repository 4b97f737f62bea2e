import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const {
  SERVICE_FORM,
  auditMarkup,
  changeWords,
  countersTable,
  deviceForm,
  devicesTable,
  errorMarkup,
  fieldError,
  formMarkup,
  formValues,
  holidayFormMarkup,
  holidaysMarkup,
  pairingMarkup,
  serviceOrderMarkup,
  servicesTable,
  standardWeek,
  treeMarkup,
  usersTable,
  weekEditorMarkup,
  weekSummary,
} = await import("../../admin/static/js/admin_view.js");

test("a 422 message names the field to mark", () => {
  assert.deepEqual(fieldError("prefix: ký hiệu A đã dùng cho lĩnh vực Đất đai"), { field: "prefix", text: "ký hiệu A đã dùng cho lĩnh vực Đất đai" });
  assert.deepEqual(fieldError("hours[1].end: giờ kết thúc phải sau giờ bắt đầu"), { field: "hours", text: "giờ kết thúc phải sau giờ bắt đầu" });
  assert.deepEqual(fieldError("Không có quyền"), { field: null, text: "Không có quyền" });
});

test("an error in place of a tab is text, never markup", () => {
  const html = errorMarkup('<img src=x onerror="alert(1)">');
  assert.equal(html, '<p class="st-error">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>');
});

test("forms: inputs from the spec with current values, and values back by type", () => {
  const html = formMarkup(SERVICE_FORM, { prefix: "A", name: "Đất <đai>", daily_limit: null, active: true, audience: "customer" });
  assert.match(html, /<input type="text" id="f-prefix" name="prefix" required autocomplete="off" value="A">/);
  assert.ok(html.includes('value="Đất &lt;đai&gt;"'));
  assert.ok(formMarkup(SERVICE_FORM, { name: "Hộ tịch".normalize("NFD") }).includes('value="Hộ tịch"'), "NFC");
  assert.match(html, /<option value="customer" selected>/);
  assert.match(html, /<input type="checkbox" id="f-active" name="active" checked>/);
  assert.match(html, /data-error-for="target_wait_minutes" hidden/);
  const values = formValues(SERVICE_FORM, {
    prefix: "B", name: "Tư pháp", daily_limit: "", max_wait_minutes: "45", target_wait_minutes: "20", cutoff_minutes: "", active: false,
  });
  assert.deepEqual(values, { prefix: "B", name: "Tư pháp", daily_limit: null, max_wait_minutes: 45, target_wait_minutes: 20, active: false });
});

test("device form: settings fields go under settings, per kind", () => {
  const fields = deviceForm([{ id: 3, number: "1", name: "Quầy Đất đai" }]);
  const html = formMarkup(fields, { kind: "kiosk", settings: { paper_width: 384 } });
  assert.match(html, /data-show-for="counter_display rating"/);
  assert.match(html, /<option value="384" selected>58 mm/);
  assert.match(html, /Quầy 1 – Quầy Đất đai/);
  const values = formValues(fields, { kind: "counter_display", name: "Màn hình quầy 1", counter_id: "3", printer: "", paper_width: "576", announce: true });
  assert.deepEqual(values, { kind: "counter_display", name: "Màn hình quầy 1", counter_id: 3, settings: { printer: "", paper_width: 576, announce: true } });
});

test("the office tree nests children and marks the chosen office", () => {
  const html = treeMarkup(
    [
      { id: 1, parent_id: null, name: "Huyện Yên Thế", services: 8, counters: 7, users: 9 },
      { id: 2, parent_id: 1, name: "Xã Tân Hiệp", services: 4, counters: 2, users: 3 },
    ],
    2,
  );
  assert.match(html, /^<ul><li><button type="button" class="ad-node" data-office="1"><span class="ad-node__name">Huyện Yên Thế<\/span>.*<ul><li><button type="button" class="ad-node" data-office="2" aria-current="true">/);
});

test("working weeks read as short sentences", () => {
  assert.equal(weekSummary(standardWeek()), "Thứ Hai–Thứ Sáu 07:30–11:30, 13:30–17:00; Thứ Bảy 07:30–11:30");
  assert.equal(weekSummary([]), "Không làm việc");
});

test("tables: services without counters warn, counters list services in order, users", () => {
  const services = servicesTable([
    { id: 1, prefix: "A", name: "Đất đai", agency: "", target_wait_minutes: 20, daily_limit: null, cutoff_minutes: 15, hours: [], counter_numbers: [], active: true },
  ]);
  assert.match(services, /Chưa có quầy/);
  assert.match(services, /Theo giờ đơn vị/);
  const counters = countersTable([{ id: 4, number: "2", name: "Quầy 2", service_names: ["B – Tư pháp", "A – Đất đai"], clerk: null }]);
  assert.match(counters, /<ol class="ad-order"><li>B – Tư pháp<\/li><li>A – Đất đai<\/li><\/ol>/);
  const users = usersTable(
    [
      { id: 1, full_name: "Admin", username: "admin", role: "admin", active: true },
      { id: 2, full_name: "Cán bộ", username: "canbo1", role: "clerk", active: false },
    ],
    1,
  );
  assert.ok(!users.includes('data-action="disable-user" data-id="1"')); // nobody locks themselves out
  assert.match(users, /data-action="enable-user" data-id="2">Mở khóa/);
});

test("service order: chosen services first, numbered, with moves", () => {
  const html = serviceOrderMarkup(
    [
      { id: 1, prefix: "A", name: "Đất đai" },
      { id: 2, prefix: "B", name: "Tư pháp" },
      { id: 3, prefix: "C", name: "Chứng thực" },
    ],
    [2, 1],
  );
  const order = [...html.matchAll(/<li data-service="(\d)"/g)].map((m) => m[1]);
  assert.deepEqual(order, ["2", "1", "3"]);
  assert.match(html, /Ưu tiên 1/);
  assert.match(html, /data-order="up" data-service="2" disabled/);
  assert.match(html, /data-order="down" data-service="1" disabled/);
});

test("pairing shows link, token and QR once; the audit log shows what changed", () => {
  const pairing = pairingMarkup({
    device: { name: "Kiosk sảnh", kind: "kiosk" },
    token: "tok_123",
    pairing_url: "http://x/kiosk?token=tok_123",
    pairing_qr_svg: "<svg></svg>",
  });
  assert.match(pairing, /src="data:image\/svg\+xml;base64,PHN2Zz48L3N2Zz4="/);
  assert.match(pairing, /<code class="ad-token">tok_123<\/code>/);
  assert.doesNotMatch(pairing, /XEPHANG_PUBLIC_URL/);
  const guessed = pairingMarkup({
    device: { name: "Kiosk sảnh", kind: "kiosk" },
    token: "tok_123",
    pairing_url: "http://192.168.1.10:5000/kiosk?token=tok_123",
    pairing_qr_svg: "<svg></svg>",
    public_url_configured: false,
  });
  assert.match(guessed, /class="ad-warn">Máy chủ chưa được đặt địa chỉ công khai \(XEPHANG_PUBLIC_URL\)/);
  const audit = auditMarkup([
    {
      at: "2026-03-02T02:00:00Z", username: "admin", action: "update", action_name: "Sửa", entity: "service", entity_name: "Lĩnh vực",
      summary: "Sửa lĩnh vực A – Đất đai", office_name: "Yên Thế", changes: { target_wait_minutes: [30, 20], active: [true, false] },
    },
  ]);
  assert.match(audit, /Thời gian chờ chuẩn \(phút\)<\/span>: 30 → <strong>20<\/strong>/);
  assert.match(audit, /Hoạt động<\/span>: có → <strong>không<\/strong>/);
  assert.match(audit, /09:00:00/);
});

test("Xóa is offered only where the delete would be accepted", () => {
  const service = { prefix: "A", name: "Đất đai", agency: "", target_wait_minutes: 20, daily_limit: null, cutoff_minutes: 15, hours: [], counter_numbers: ["1"], active: true };
  const services = servicesTable([
    { ...service, id: 1, deletable: false },
    { ...service, id: 2, prefix: "K", deletable: true },
  ]);
  assert.doesNotMatch(services, /data-action="delete-service" data-id="1"/);
  assert.match(services, /data-action="edit-service" data-id="1"/);
  assert.match(services, /data-action="delete-service" data-id="2">Xóa/);
  const counter = { number: "2", name: "Quầy 2", service_names: [], clerk: null };
  const counters = countersTable([
    { ...counter, id: 4, deletable: false },
    { ...counter, id: 5, number: "9", deletable: true },
  ]);
  assert.doesNotMatch(counters, /data-action="delete-counter" data-id="4"/);
  assert.match(counters, /data-action="delete-counter" data-id="5">Xóa/);
});

test("times and days are typed the Vietnamese way, whatever the browser's locale", () => {
  const week = weekEditorMarkup([{ weekday: 0, start: "00:00", end: "24:00", name: "Cả ngày" }]);
  assert.doesNotMatch(week, /type="time"/); // Chromium shows those as "12:00 AM" in an en-US browser
  assert.match(week, /<input type="text" class="ad-clock" data-key="start" value="00:00"[^>]*placeholder="HH:MM"/);
  assert.match(week, /data-key="end" value="24:00"/);
  const form = holidayFormMarkup();
  assert.doesNotMatch(form, /type="date"/);
  assert.match(form, /<input type="text" name="day"[^>]*placeholder="dd\/mm\/yyyy"/);
  assert.match(holidaysMarkup([{ id: 1, day: "2026-09-02", name: "Quốc khánh" }]), /<td>02\/09\/2026<\/td><td>Thứ Tư<\/td>/);
});

test("the device list shows each kiosk's printer state and when it last reported", () => {
  const now = Date.parse("2026-12-07T01:05:00Z");
  const kiosk = { kind: "kiosk", revoked: false, settings: { printer: "tcp://10.0.0.5:9100", paper_width: 576 } };
  const html = devicesTable(
    [
      { ...kiosk, id: 1, name: "Kiosk tầng 2", printer_status: "paper_out", printer_message: "Máy in hết giấy", printer_level: "alert", printer_status_at: "2026-12-07T01:02:00Z" },
      { ...kiosk, id: 2, name: "Kiosk sảnh", printer_status: "paper_near_end", printer_message: "Máy in sắp hết giấy", printer_level: "warning", printer_status_at: "2026-12-06T09:00:00Z" },
      { ...kiosk, id: 3, name: "Kiosk cổng", printer_status: "ok", printer_message: "Máy in sẵn sàng", printer_level: null, printer_status_at: "2026-12-07T01:04:50Z" },
      { ...kiosk, id: 4, name: "Kiosk mới", printer_status: null, printer_message: null, printer_level: null, printer_status_at: null },
      { id: 5, kind: "display", name: "Màn hình sảnh", revoked: false, settings: {} },
    ],
    now,
  );
  assert.match(html, /<th scope="col">Máy in<\/th>/);
  assert.match(html, /Kiosk tầng 2.*ad-printer--alert">Máy in hết giấy<\/span><span class="ad-printer__at">Liên lạc lần cuối 07\/12\/2026 08:02 \(3 phút trước\)/);
  assert.match(html, /Kiosk sảnh.*ad-printer--warning">Máy in sắp hết giấy.*06\/12\/2026 16:00 \(16 giờ trước\)/);
  assert.match(html, /Kiosk cổng.*ad-printer--ok">Máy in sẵn sàng.*\(vừa xong\)/);
  assert.match(html, /Kiosk mới.*Chưa có tin báo/);
  assert.match(html, /Màn hình sảnh.*<td class="ad-printer-cell">—<\/td>/);
});

test("the audit log speaks words: no raw codes, no JSON", () => {
  const offices = [{ id: 2, name: "Xã Đồng Tâm" }];
  assert.equal(changeWords("role", "clerk"), "Cán bộ");
  assert.equal(changeWords("audience", "customer"), "Mời khách hàng");
  assert.equal(changeWords("dialect", "south"), "Miền Nam");
  assert.equal(changeWords("notifier", "http_sms"), "Tin nhắn SMS qua cổng nhà mạng");
  assert.equal(changeWords("templates", { called: "T1" }), "Mời đến quầy: T1");
  assert.equal(changeWords("kind", "kiosk"), "Kiosk cấp số");
  assert.equal(changeWords("office_id", 2, offices), "Xã Đồng Tâm");
  assert.equal(changeWords("default_service_minutes", 4.5), "4,5");
  assert.equal(changeWords("number_start", 1000), "1.000");
  assert.equal(changeWords("daily_limit", null), "không giới hạn");
  assert.equal(changeWords("notice_text", ""), "(trống)");
  assert.equal(changeWords("password", "***"), "(đã thay đổi, không hiển thị)");
  assert.equal(changeWords("header_lines", ["UBND huyện Yên Thế", "Bộ phận Một cửa"]), "UBND huyện Yên Thế / Bộ phận Một cửa");
  assert.equal(
    changeWords("settings", { printer: "agent", paper_width: 384, announce: false }),
    "máy in: máy in gắn kiosk; khổ giấy: 58 mm; phát âm thanh: không",
  );
  const audit = auditMarkup(
    [
      {
        at: "2026-12-01T01:02:03Z", username: "admin", action: "create", action_name: "Thêm", entity: "device", entity_name: "Thiết bị",
        summary: "Thêm kiosk cấp số Kiosk tầng 2", office_name: "Yên Thế",
        changes: { kind: [null, "kiosk"], settings: [null, { printer: "tcp://10.0.0.5:9100", paper_width: 576 }] },
      },
      {
        at: "2026-12-01T01:03:00Z", username: "admin", action: "update", action_name: "Sửa", entity: "user", entity_name: "Người dùng",
        summary: "Sửa tài khoản canbo7", office_name: "Yên Thế", changes: { role: ["clerk", "manager"], office_id: [1, 2] },
      },
    ],
    { offices },
  );
  assert.match(audit, /<td class="ad-when">01\/12\/2026 08:02:03<\/td>/);
  assert.match(audit, /Thêm<\/span> thiết bị/);
  assert.match(audit, /Loại thiết bị<\/span>: \(trống\) → <strong>Kiosk cấp số<\/strong>/);
  assert.match(audit, /Cài đặt<\/span>: \(trống\) → <strong>máy in: tcp:\/\/10.0.0.5:9100; khổ giấy: 80 mm<\/strong>/);
  assert.match(audit, /Vai trò<\/span>: Cán bộ → <strong>Lãnh đạo<\/strong>/);
  assert.match(audit, /Đơn vị<\/span>: đơn vị số 1 → <strong>Xã Đồng Tâm<\/strong>/);
  const words = audit.replace(/<[^>]*>/g, " ");
  assert.doesNotMatch(words, /[{}"]|&quot;|\bclerk\b|\bmanager\b|\bkiosk\b(?! cấp)/);
});
