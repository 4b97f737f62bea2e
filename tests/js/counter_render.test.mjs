import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const {
  clockSkew,
  counterChoicesMarkup,
  counterStatusMarkup,
  currentTicketMarkup,
  errorText,
  figuresMarkup,
  formatClock,
  formatMean,
  formatWait,
  issuedMarkup,
  lineMarkup,
  NO_TRANSFER_TARGET,
  optionGroupsMarkup,
  parkedMarkup,
  printerOptionsMarkup,
  priorityLabel,
  priorityOptionsMarkup,
  serviceOptions,
  sinceText,
  transferBody,
  transferOptions,
} = await import("../../counter/static/js/render.js");

const NOW = Date.parse("2024-05-06T02:30:00Z");
const clerk = { id: 7, full_name: "Nguyễn Văn Hùng" };

function counter(overrides = {}) {
  return { id: 1, number: "1", name: "Quầy 1 – Đất đai", status: "open", clerk, ticket: null, service_ids: [1], ...overrides };
}

function ticket(overrides = {}) {
  return {
    id: 11,
    number: "A012",
    service_id: 1,
    service_name: "Đất đai",
    priority: null,
    status: "called",
    recall_count: 0,
    issued_at: "2024-05-06T02:10:00Z",
    called_at: "2024-05-06T02:28:00Z",
    started_at: null,
    channel: "kiosk",
    ...overrides,
  };
}

test("durations read the Vietnamese way", () => {
  assert.equal(formatWait(20), "dưới 1 phút");
  assert.equal(formatWait(7 * 60 + 5), "7 phút");
  assert.equal(formatWait(65 * 60), "1 giờ 05 phút");
  assert.equal(formatWait(null), "—");
  assert.equal(formatClock(247), "04:07");
  assert.equal(formatClock(3600 + 247), "1:04:07");
  assert.equal(formatMean(270), "4 phút 30 giây");
  assert.equal(formatMean(45), "45 giây");
  assert.equal(formatMean(120), "2 phút");
  assert.equal(formatMean(null), "—");
  assert.equal(sinceText("2024-05-06T02:20:00Z", "clock", NOW), "10:00");
  assert.equal(sinceText("2024-05-06T02:20:00Z", undefined, NOW), "10 phút");
});

test("the server's clock is used, not the PC's", () => {
  assert.equal(clockSkew("2024-05-06T02:30:10Z", NOW), 10_000);
  assert.equal(clockSkew(null, NOW), 0);
});

test("the current ticket shows number, service, priority, wait and time at the counter", () => {
  const html = currentTicketMarkup(counter({ ticket: ticket({ priority: "elderly", recall_count: 2 }) }), 3, NOW);
  assert.match(html, /A012/);
  assert.match(html, /Đất đai/);
  assert.match(html, /Ưu tiên · Người cao tuổi/);
  assert.match(html, /Thời gian chờ<\/dt><dd>18 phút/);
  assert.match(html, /data-since="2024-05-06T02:28:00Z" data-format="clock">02:00/);
  assert.match(html, /đã gọi lại 2 lần/);
  assert.match(html, /cc-current--called/);
});

test("a served ticket counts its time from the start", () => {
  const html = currentTicketMarkup(counter({ ticket: ticket({ status: "serving", started_at: "2024-05-06T02:29:00Z" }) }), 0, NOW);
  assert.match(html, /Thời gian phục vụ/);
  assert.match(html, />01:00</);
});

test("no ticket: an invitation to press F1 and how many wait", () => {
  const html = currentTicketMarkup(counter(), 4, NOW);
  assert.match(html, /Sẵn sàng gọi số/);
  assert.match(html, /4 người đang chờ/);
  assert.match(currentTicketMarkup(counter({ status: "closed", clerk: null }), 0, NOW), /Quầy chưa mở/);
  assert.match(html, /<kbd>F1<\/kbd>/);
});

test("a paused counter's card says paused, as its status pill does, and names P, not F1", () => {
  const paused = counter({ status: "paused" });
  const html = currentTicketMarkup(paused, 2, NOW);
  assert.match(html, /Quầy đang tạm dừng/);
  assert.match(html, /cc-current--paused/);
  assert.match(html, /<kbd>P<\/kbd> hoặc “Tiếp tục làm việc”/);
  assert.doesNotMatch(html, /Quầy chưa mở|F1/);
  assert.match(counterStatusMarkup(paused), /Tạm dừng/);
  const serving = currentTicketMarkup(counter({ status: "paused", ticket: ticket({ status: "serving" }) }), 2, NOW);
  assert.match(serving, /Quầy đang tạm dừng – không gọi số mới/);
  assert.doesNotMatch(currentTicketMarkup(counter({ ticket: ticket() }), 2, NOW), /tạm dừng/);
});

test("the line keeps the server's order and offers Gọi số này", () => {
  const entries = [
    { id: 3, number: "A003", service_name: "Đất đai", priority: "pregnant", issued_at: "2024-05-06T02:00:00Z" },
    { id: 1, number: "A001", service_name: "Đất đai", priority: null, issued_at: "2024-05-06T01:00:00Z", for_this_counter: true },
  ];
  const html = lineMarkup(entries, NOW);
  assert.ok(html.indexOf("A003") < html.indexOf("A001"));
  assert.match(html, /data-call-ticket="3"/);
  assert.match(html, /Gọi số này/);
  assert.match(html, /Phụ nữ mang thai/);
  assert.match(html, /Chuyển đến quầy này/);
  assert.match(html, /30 phút/);
  assert.match(html, /1 giờ 30 phút/);
  assert.match(lineMarkup(entries, NOW, { canCall: false }), /disabled/);
  assert.match(lineMarkup([], NOW), /Không có ai đang chờ/);
});

test("parked tickets say where they were parked; own ones continue", () => {
  const entries = [
    { id: 4, number: "A004", service_name: "Đất đai", target_counter_id: 1, target_counter_number: "1", issued_at: "2024-05-06T02:00:00Z" },
    { id: 5, number: "B001", service_name: "Tư pháp", target_counter_id: 3, target_counter_number: "3", issued_at: "2024-05-06T02:00:00Z" },
  ];
  const html = parkedMarkup(entries, NOW, 1);
  assert.match(html, /data-resume-ticket="4"[^>]*>Tiếp tục/);
  assert.match(html, /Quầy 3/);
  assert.match(html, /Đưa lại hàng chờ/);
});

test("figures of the day", () => {
  const html = figuresMarkup({ served: 12, called: 14, no_show: 1, mean_service_seconds: 270 });
  assert.match(html, />12</);
  assert.match(html, /4 phút 30 giây/);
  assert.match(figuresMarkup(null), />0</);
});

test("counter choices show who holds each counter and digits to pick", () => {
  const html = counterChoicesMarkup([counter(), counter({ id: 2, number: "2", clerk: { id: 8, full_name: "Trần Thị Thu Hằng" } })], 7);
  assert.match(html, /Quầy của bạn/);
  assert.match(html, /Đang do Trần Thị Thu Hằng sử dụng/);
  assert.match(html, /<kbd>2<\/kbd>/);
});

test("transfer targets: other services and other counters; the body names one", () => {
  const groups = transferOptions(
    [
      { id: 1, prefix: "A", name: "Đất đai", waiting: 2 },
      { id: 2, prefix: "B", name: "Tư pháp", waiting: 0 },
    ],
    [counter(), counter({ id: 2, number: "2", name: "Quầy 2", status: "paused" })],
    1,
    ticket(),
  );
  assert.deepEqual(groups[0].options.map((o) => o.value), ["service:2"]);
  assert.deepEqual(groups[1].options.map((o) => o.value), ["counter:2"]);
  assert.equal(groups[1].options[0].detail, "Tạm dừng");
  assert.deepEqual(transferBody("service:2"), { service_id: 2 });
  assert.deepEqual(transferBody("counter:5"), { counter_id: 5 });
  assert.equal(transferBody("x"), null);
  const html = optionGroupsMarkup("target", groups);
  assert.doesNotMatch(html, /checked/); // chosen on purpose: a reflex "C, Enter" sends nobody away
  assert.match(html, /value="service:2"/);
  assert.match(NO_TRANSFER_TARGET, /hãy chọn một lĩnh vực hoặc một quầy/);
});

test("reception: the counter's own services first, unavailable ones disabled with the reason", () => {
  const options = serviceOptions(
    [
      { id: 1, prefix: "A", name: "Đất đai", status: "available", waiting: 3 },
      { id: 2, prefix: "B", name: "Tư pháp", status: "unavailable", reason_message: "Đã hết giờ cấp số" },
    ],
    [2],
  );
  assert.equal(options[0].value, "2");
  assert.equal(options[0].disabled, true);
  assert.equal(options[0].detail, "Đã hết giờ cấp số");
  assert.equal(options[1].detail, "3 người chờ");
  const html = optionGroupsMarkup("service", [{ title: "Lĩnh vực", options }], { checkFirst: true });
  assert.match(html, /value="1" checked/); // the first one that can be issued
  assert.equal((html.match(/checked/g) || []).length, 1);
});

test("printer options show the printer's state and an option not to print", () => {
  const html = printerOptionsMarkup(
    [
      { id: 3, name: "Kiosk sảnh chính", printer_status: "paper_out", printer_message: "Máy in hết giấy" },
      { id: 4, name: "Kiosk 2", printer_status: "ok", printer_message: null },
    ],
    "3",
  );
  assert.match(html, /value="3" selected>Kiosk sảnh chính \(Máy in hết giấy\)/);
  assert.match(html, /Kiosk 2 \(sẵn sàng\)/);
  assert.match(html, /Không in/);
  assert.match(printerOptionsMarkup([], ""), /value="" selected/);
});

test("server text is escaped", () => {
  const html = lineMarkup([{ id: 1, number: "<A1>", service_name: "<script>", issued_at: null }], NOW);
  assert.ok(!html.includes("<script>"));
});

test("priority labels and error text", () => {
  assert.equal(priorityLabel("merit"), "Người có công");
  assert.equal(priorityLabel(null), "");
  assert.equal(errorText({ code: "ticket_pending", message: "Phiếu A001 đã được gọi" }), "Phiếu A001 đã được gọi");
  assert.match(errorText({ code: "offline" }), /Mất kết nối/);
});

test("reception offers the office's enabled priority categories, in its order and words", () => {
  const html = priorityOptionsMarkup([
    { code: "merit", label: "Người có công với cách mạng", active: true },
    { code: "elderly", label: "Người từ 75 tuổi", active: true },
    { code: "pregnant", label: "Phụ nữ mang thai", active: false },
  ]);
  assert.deepEqual(
    [...html.matchAll(/<option value="([a-z]*)">([^<]*)</g)].map((match) => [match[1], match[2]]),
    [
      ["", "Không ưu tiên"],
      ["merit", "Người có công với cách mạng"],
      ["elderly", "Người từ 75 tuổi"],
    ],
  );
  assert.equal(priorityOptionsMarkup([]), `<option value="">Không ưu tiên</option>`);
});

test("reception: an unprinted ticket shows its QR code from the issuer's answer, a printed one does not", () => {
  const issued = { number: "A012", service_name: "Đất đai", people_ahead: 2, estimated_wait_minutes: 9, public_token: "k/y+z" };
  const shown = issuedMarkup(issued, "");
  assert.ok(shown.includes('src="/api/v1/public/tickets/k%2Fy%2Bz/qr.svg"'));
  assert.ok(shown.includes("Công dân quét mã"));
  assert.ok(!issuedMarkup(issued, "Kiosk sảnh").includes("qr.svg")); // the paper carries it
  assert.ok(!issuedMarkup({ ...issued, public_token: undefined }, "").includes("qr.svg"));
});

test("an appointment ticket carries a mark with its slot in office time, in the line and on the card", () => {
  const slot = { channel: "appointment", slot_start: "2024-05-06T02:45:00Z" }; // 09:45 in Hà Nội
  const entries = [
    { id: 5, number: "A005", service_name: "Đất đai", priority: null, issued_at: "2024-05-06T02:20:00Z", ...slot },
    { id: 6, number: "A006", service_name: "Đất đai", priority: null, issued_at: "2024-05-06T02:21:00Z", channel: "online", slot_start: null },
    { id: 7, number: "A007", service_name: "Đất đai", priority: null, issued_at: "2024-05-06T02:22:00Z", channel: "kiosk", slot_start: null },
  ];
  const rows = lineMarkup(entries, NOW, { timeZone: "Asia/Ho_Chi_Minh" }).split("<li");
  assert.match(rows[1], /<span class="cc-appt">Lịch hẹn 09:45<\/span>/);
  assert.match(rows[2], /Lấy số từ xa/);
  assert.doesNotMatch(rows[2] + rows[3], /cc-appt/);
  assert.match(lineMarkup(entries, NOW, { timeZone: "UTC" }), /Lịch hẹn 02:45/); // the office's zone, not the PC's
  const card = currentTicketMarkup(counter({ ticket: ticket(slot) }), 0, NOW, "Asia/Ho_Chi_Minh");
  assert.match(card, /<span class="cc-appt cc-appt--large">Lịch hẹn 09:45<\/span>/);
  assert.doesNotMatch(currentTicketMarkup(counter({ ticket: ticket() }), 0, NOW), /cc-appt/);
});
