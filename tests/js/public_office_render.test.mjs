import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays, clockTime, dayChoices, dayLabel, dayText } from "../../server/web/static/public/when.js";
import {
  CONSENT,
  bookingRequest,
  errorMessage,
  initialState,
  officeMarkup,
  phoneOk,
  remoteRequest,
  step,
} from "../../server/web/static/public/office_render.js";

function data(overrides = {}) {
  return {
    office: {
      id: 1,
      name: "Bộ phận Một cửa huyện Yên Thế",
      services: [
        { id: 1, name: "Đất đai", prefix: "A", remote: { available: true, reason: null, message: null }, appointments: { enabled: true, slot_minutes: 15 } },
        { id: 2, name: "Chứng thực", prefix: "C", remote: { available: false, reason: "remote_share_used", message: "Đã hết số cấp từ xa trong ngày; mời đến lấy số tại quầy" }, appointments: { enabled: false, slot_minutes: 15 } },
        { id: 3, name: "Tư pháp <b>", prefix: "B", remote: { available: false, reason: "remote_off", message: "Dịch vụ này không cấp số từ xa" }, appointments: { enabled: false, slot_minutes: 15 } },
      ],
    },
    today: "2026-12-05",
    booking_days: { 1: 2, 2: 14, 3: 14 },
    ...overrides,
  };
}

const SLOTS = [
  { start: "2026-12-05T10:00:00+07:00", end: "2026-12-05T10:15:00+07:00", capacity: 2, free: 0 },
  { start: "2026-12-05T10:15:00+07:00", end: "2026-12-05T10:30:00+07:00", capacity: 2, free: 2 },
];

test("days and times read as the office's wall clock", () => {
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(dayText("2026-12-05"), "Thứ Bảy, 05/12/2026");
  assert.equal(dayText("2026-12-06T00:00:00+07:00"), "Chủ nhật, 06/12/2026");
  assert.equal(dayLabel("2026-12-05", "2026-12-05"), "Hôm nay, 05/12");
  assert.equal(dayLabel("2026-12-06", "2026-12-05"), "Ngày mai, 06/12");
  assert.equal(dayLabel("2026-12-07", "2026-12-05"), "Thứ Hai, 07/12");
  // 23:45 in Hà Nội stays 23:45 whatever the phone's zone: the text is read, not converted.
  assert.equal(clockTime("2026-12-05T23:45:00+07:00"), "23:45");
  assert.equal(clockTime("nonsense"), "");
  assert.deepEqual(dayChoices("2026-12-05", 2).map((c) => c.day), ["2026-12-05", "2026-12-06", "2026-12-07"]);
  assert.equal(dayChoices("2026-12-05", undefined).length, 1);
});

test("the list says per service what can be taken now and why not", () => {
  const html = officeMarkup(initialState(data()));
  assert.ok(html.includes('data-action="remote" data-service="1"'));
  assert.ok(html.includes('data-action="book" data-service="1"'));
  assert.ok(!html.includes('data-action="remote" data-service="2"'));
  assert.ok(html.includes("Đã hết số cấp từ xa trong ngày"), "the reason is shown");
  assert.ok(html.includes("Mời đến lấy số tại máy lấy số"), "a service with nothing offered says where to go");
  assert.ok(html.includes("Tư pháp &lt;b&gt;") && !html.includes("<b>"), "names are escaped");
  assert.equal(html, html.normalize("NFC"));
});

test("a remote number sends the service and a cleaned phone number, or says what is wrong", () => {
  let state = step(initialState(data()), { type: "remote", serviceId: "1" });
  assert.equal(state.mode, "remote");
  assert.ok(officeMarkup(state).includes('data-action="take"'));
  assert.deepEqual(remoteRequest(state), { body: { service_id: 1 } });
  state = step(state, { type: "field", name: "phone", value: "0912 345 678" });
  assert.deepEqual(remoteRequest(state), { body: { service_id: 1, phone: "0912345678" } });
  state = step(state, { type: "field", name: "phone", value: "12ab" });
  assert.match(remoteRequest(state).problem, /Số điện thoại/);
  assert.ok(phoneOk("+84912345678") && phoneOk("") && !phoneOk("0912"));
});

test("booking: a day, a slot, consent; a full slot cannot be chosen", () => {
  let state = step(initialState(data()), { type: "book", serviceId: 1 });
  assert.equal(state.day, "2026-12-05");
  let html = officeMarkup(state);
  assert.ok(html.includes("Đang tải khung giờ"));
  assert.equal((html.match(/<option /g) || []).length, 3, "today and the 2 days of the horizon");
  state = step(state, { type: "slots", day: "2026-12-05", slots: SLOTS });
  html = officeMarkup(state);
  assert.match(html, /data-start="2026-12-05T10:00:00\+07:00" aria-pressed="false" disabled>/);
  assert.ok(html.includes("Hết chỗ") && html.includes("Còn 2 chỗ") && html.includes(">10:15<"));
  assert.ok(html.includes(CONSENT));
  assert.match(html, /data-action="send" disabled/);
  assert.match(bookingRequest(state).problem, /khung giờ/);
  state = step(state, { type: "slot", start: SLOTS[1].start });
  assert.match(bookingRequest(state).problem, /đồng ý/);
  state = step(state, { type: "field", name: "consent", value: true });
  assert.doesNotMatch(officeMarkup(state), /data-action="send" disabled/);
  assert.deepEqual(bookingRequest(state), { body: { service_id: 1, start: SLOTS[1].start } });
  state = step(state, { type: "field", name: "citizenId", value: "0010990123" });
  assert.match(bookingRequest(state).problem, /CCCD/);
  state = step(state, { type: "field", name: "citizenId", value: "001099012345" });
  state = step(state, { type: "field", name: "phone", value: "0912345678" });
  assert.deepEqual(bookingRequest(state).body, {
    service_id: 1,
    start: SLOTS[1].start,
    phone: "0912345678",
    citizen_id: "001099012345",
  });
});

test("slots of a day no longer chosen are dropped; a full slot reloads the list", () => {
  let state = step(initialState(data()), { type: "book", serviceId: 1 });
  state = step(state, { type: "day", day: "2026-12-06" });
  assert.equal(step(state, { type: "slots", day: "2026-12-05", slots: SLOTS }).slots, null);
  state = step(state, { type: "slots", day: "2026-12-06", slots: SLOTS });
  state = step(state, { type: "slot", start: SLOTS[1].start });
  state = step(state, { type: "sending" });
  assert.ok(officeMarkup(state).includes("Đang đặt lịch…"));
  state = step(state, { type: "failed", error: { status: 409, code: "slot_full", message: "Khung giờ này đã đủ người đặt; mời chọn giờ khác" } });
  assert.equal(state.slots, null);
  assert.equal(state.start, null);
  assert.equal(state.sending, false);
  assert.ok(officeMarkup(state).includes('role="alert">Khung giờ này đã đủ người đặt'));
});

test("refusals read in Vietnamese", () => {
  assert.match(errorMessage({ status: 429, code: "too_many_requests", message: "Too many" }), /nhanh quá/);
  assert.equal(errorMessage({ status: 409, code: "daily_limit_reached" }), "Lĩnh vực này đã hết số trong ngày.");
  assert.equal(errorMessage({ status: 0, code: "offline", message: "x" }), "Mất kết nối tới máy chủ, vui lòng thử lại.");
  assert.equal(errorMessage({ status: 500, code: "http_error", message: "INTERNAL" }), "Chưa gửi được, vui lòng thử lại.");
});
