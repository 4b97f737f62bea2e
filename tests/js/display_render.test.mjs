import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEvent, fromSnapshot } from "../../display/static/js/board.js";
import { BURST, burstCall, electricityCall, openingSnapshot, snapshot, ticket } from "./display_fixtures.mjs";
import "./served_assets.mjs";

const {
  callVisible,
  clockParts,
  counterScreenMarkup,
  counterScreenView,
  counterTitle,
  headerLines,
  lobbyMarkup,
  lobbyView,
  normalizeSettings,
  shortTime,
  tickerSeconds,
} = await import("../../display/static/js/render.js");

const all = normalizeSettings({});

test("text from the server is escaped", () => {
  const board = fromSnapshot(snapshot());
  board.counters[0] = { ...board.counters[0], name: "<img src=x onerror=alert(1)>" };
  board.waiting[0] = { ...board.waiting[0], service_name: "<script>" };
  const html = Object.values(lobbyMarkup(lobbyView(board, all))).join("");
  assert.ok(!html.includes("<img"));
  assert.ok(!html.includes("<script>"));
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
});

test("the latest call is featured and highlighted only for a few seconds", () => {
  const { board } = applyEvent(fromSnapshot(snapshot()), "ticket_called", electricityCall());
  const flash = { ticketId: 120, until: 9000 };
  const fresh = lobbyView(board, all, { now: 1000, flash });
  assert.equal(fresh.featured.number, "V005");
  assert.equal(fresh.featured.label, "MỜI KHÁCH HÀNG CÓ SỐ");
  assert.equal(fresh.featured.counterNumber, "7");
  assert.equal(fresh.featured.highlighted, true);
  assert.deepEqual(fresh.counters.filter((c) => c.flash).map((c) => c.id), [7]);
  const markup = lobbyMarkup(fresh);
  assert.match(markup.call, /xd-call__body--flash/);
  assert.match(markup.call, /data-number="V005"/);
  assert.match(markup.call, /ĐẾN QUẦY SỐ <strong>7<\/strong>/);
  const later = lobbyView(board, all, { now: 9001, flash });
  assert.equal(later.featured.highlighted, false);
  assert.doesNotMatch(lobbyMarkup(later).call, /flash/);
});

// The opening burst: A005 at counter 1 first … V001 at counter 7 last (the newest call).
function afterBurst() {
  let board = fromSnapshot(openingSnapshot());
  BURST.forEach((entry, i) => {
    board = applyEvent(board, "ticket_called", burstCall(entry, { seq: 8 + i })).board;
  });
  return board;
}
const V001 = burstCall(BURST[6]);
const counter7 = (board, changes) => ({ ...board.counters.find((c) => c.id === 7), ...changes });
const WITHDRAWN = {
  "its ticket is parked": (board) => applyEvent(board, "ticket_updated", { seq: 30, ticket: { ...V001.ticket, status: "parked", counter_id: null } }).board,
  "its ticket is cancelled": (board) => applyEvent(board, "ticket_updated", { seq: 30, ticket: { ...V001.ticket, status: "cancelled" } }).board,
  "its ticket is marked absent": (board) => applyEvent(board, "ticket_updated", { seq: 30, ticket: { ...V001.ticket, status: "no_show" } }).board,
  "its ticket is transferred": (board) =>
    applyEvent(board, "ticket_updated", { seq: 30, ticket: { ...V001.ticket, status: "waiting", service_id: 1, counter_id: null } }).board,
  "its counter pauses": (board) => applyEvent(board, "counter_updated", { seq: 30, counter: counter7(board, { status: "paused" }) }).board,
  "its counter closes": (board) => applyEvent(board, "counter_updated", { seq: 30, counter: counter7(board, { status: "closed", ticket: null }) }).board,
};

for (const [how, withdraw] of Object.entries(WITHDRAWN)) {
  test(`the headline leaves a call when ${how}, for the latest call that holds`, () => {
    const board = afterBurst();
    assert.equal(lobbyView(board, all).featured.number, "V001");
    const view = lobbyView(withdraw(board), all);
    assert.equal(view.featured.number, "T001");
    assert.equal(view.featured.counterNumber, "6");
    assert.doesNotMatch(lobbyMarkup(view).call, /V001/);
  });
}

test("picture 27: A005 parked and counter 1 paused, the headline no longer sends anyone there", () => {
  let board = fromSnapshot(openingSnapshot());
  board = applyEvent(board, "ticket_called", burstCall(BURST[4])).board; // E001 at counter 5
  const a005 = burstCall(BURST[0]);
  board = applyEvent(board, "ticket_called", a005).board;
  assert.equal(lobbyView(board, all).featured.number, "A005");
  board = applyEvent(board, "ticket_updated", { seq: 9, ticket: { ...a005.ticket, status: "parked", counter_id: null } }).board;
  const counter1 = { ...board.counters.find((c) => c.id === 1), status: "paused" };
  board = applyEvent(board, "counter_updated", { seq: 10, counter: counter1 }).board;
  const view = lobbyView(board, all);
  assert.equal(view.featured.number, "E001");
  assert.match(lobbyMarkup(view).call, /ĐẾN QUẦY SỐ <strong>5<\/strong>/);
  assert.deepEqual(view.recent.map((c) => c.number), ["E001"], "a parked ticket is no recent call");
});

test("a call being served still holds; when no call holds the headline is the welcome", () => {
  let board = afterBurst();
  board = applyEvent(board, "ticket_updated", { seq: 30, ticket: { ...V001.ticket, status: "serving" } }).board;
  assert.equal(lobbyView(board, all).featured.number, "V001");
  for (const counter of board.counters) {
    board = applyEvent(board, "counter_updated", { seq: 31, counter: { ...counter, status: "closed", ticket: null } }).board;
  }
  const view = lobbyView(board, all);
  assert.equal(view.featured, null);
  assert.match(lobbyMarkup(view).call, /XIN KÍNH CHÀO/);
});

test("a recall keeps its mark when the headline comes back to it", () => {
  let board = afterBurst();
  board = applyEvent(board, "ticket_called", burstCall(BURST[5], { seq: 30, recall: true })).board; // T001 again
  board = WITHDRAWN["its ticket is parked"](board);
  const view = lobbyView(board, all);
  assert.equal(view.featured.number, "T001");
  assert.equal(view.featured.recall, true);
  assert.match(lobbyMarkup(view).call, /NHẮC LẠI/);
});

test("VỪA GỌI marks a ticket marked absent", () => {
  const board = WITHDRAWN["its ticket is marked absent"](afterBurst());
  const view = lobbyView(board, all);
  assert.deepEqual(view.recent.slice(0, 2).map((c) => [c.number, c.absent]), [["V001", true], ["T001", false]]);
  const html = lobbyMarkup(view).recent;
  assert.match(html, /xd-recent__item xd-recent__item--absent"><span class="xd-recent__number">V001<\/span>.*?Vắng mặt/);
  assert.equal((html.match(/Vắng mặt/g) || []).length, 1);
});

test("the headline and the caption are the call being spoken, while the counters show the board", () => {
  const board = afterBurst();
  const first = applyEvent(fromSnapshot(openingSnapshot()), "ticket_called", burstCall(BURST[0])).call;
  const spoken = { call: first, text: "Mời công dân có số thứ tự a năm đến quầy số một", chime: true };
  const view = lobbyView(board, all, { spoken });
  assert.equal(view.featured.number, "A005");
  assert.equal(view.featured.highlighted, true);
  assert.equal(view.caption, spoken.text);
  assert.equal(lobbyMarkup(view).caption, spoken.text);
  assert.deepEqual(view.counters.filter((c) => c.flash).map((c) => c.id), [1]);
  assert.equal(view.counters.find((c) => c.id === 7).ticketNumber, "V001");
  const quiet = lobbyView(board, all);
  assert.equal(quiet.featured.number, "V001");
  assert.equal(quiet.caption, "");
  // A screen that shows some counters only never headlines another's call, spoken or not.
  assert.equal(lobbyView(board, normalizeSettings({ counter_ids: [7] }), { spoken }).featured.number, "V001");
});

test("citizens are invited as công dân", () => {
  const view = lobbyView(fromSnapshot(snapshot()), all);
  assert.equal(view.featured.label, "MỜI CÔNG DÂN CÓ SỐ");
  assert.equal(view.featured.counterTitle, "Đất đai");
});

// A snapshot whose newest call is V005 at counter 7, a desk of `service` ({agency, audience}).
function deskCalled(service) {
  const base = snapshot();
  const called = ticket({ id: 120, number: "V005", service_id: 8, service_name: "Điện lực Yên Thế", counter_id: 7, ...service });
  const call = { ticket_id: 120, number: "V005", status: "called", service_id: 8, service_name: "Điện lực Yên Thế", audience: service.audience, counter_id: 7, counter_number: "7", counter_name: "Quầy 7 – Điện lực Yên Thế", called_at: "2025-05-12T07:10:00+00:00" };
  const counters = base.counters.map((c) => (c.id === 7 ? { ...c, ticket: called } : c));
  return { ...base, counters, recent_calls: [call, ...base.recent_calls] };
}

test("an agency desk that addresses citizens invites công dân, on the lobby and at its counter", () => {
  const board = fromSnapshot(deskCalled({ agency: "Điện lực Yên Thế", audience: "citizen" }));
  assert.equal(lobbyView(board, all).featured.label, "MỜI CÔNG DÂN CÓ SỐ");
  assert.equal(counterScreenView(board, 7).headline, "MỜI CÔNG DÂN CÓ SỐ");
  const live = electricityCall(8, { audience: "citizen" });
  live.announcement = { ...live.announcement, text: "Mời công dân có số thứ tự vê năm đến quầy số bảy" };
  const after = applyEvent(fromSnapshot(snapshot()), "ticket_called", live).board;
  assert.equal(lobbyView(after, all).featured.label, "MỜI CÔNG DÂN CÓ SỐ");
  assert.equal(counterScreenView(after, 7).headline, "MỜI CÔNG DÂN CÓ SỐ");
});

test("a desk without an agency that addresses customers invites khách hàng, whatever the speech says", () => {
  const board = fromSnapshot(deskCalled({ agency: null, audience: "customer" }));
  assert.equal(lobbyView(board, all).featured.label, "MỜI KHÁCH HÀNG CÓ SỐ");
  assert.equal(counterScreenView(board, 7).headline, "MỜI KHÁCH HÀNG CÓ SỐ");
  const silent = { ...electricityCall(8, { agency: null }), announcement: null };
  const { board: after, call } = applyEvent(fromSnapshot(snapshot()), "ticket_called", silent);
  assert.equal(call.audience, "customer");
  assert.equal(lobbyView(after, all).featured.label, "MỜI KHÁCH HÀNG CÓ SỐ");
  assert.equal(after.recent_calls[0].audience, "customer", "the recent call keeps its audience");
});

test("an empty office shows a greeting instead of a number", () => {
  const view = lobbyView(fromSnapshot({ ...snapshot(), recent_calls: [] }), all);
  assert.equal(view.featured, null);
  assert.match(lobbyMarkup(view).call, /XIN KÍNH CHÀO/);
  assert.match(lobbyMarkup(view).recent, /Chưa có lượt gọi/);
});

test("every counter shows its number, service and state in Vietnamese", () => {
  const view = lobbyView(fromSnapshot(snapshot()), all);
  const byId = Object.fromEntries(view.counters.map((c) => [c.id, c]));
  assert.equal(byId[1].ticketNumber, "A012");
  assert.equal(byId[1].statusText, "Đang mời · Đất đai");
  assert.equal(byId[2].statusText, "Tạm dừng");
  assert.equal(byId[2].state, "paused");
  assert.equal(byId[3].statusText, "Đang đóng");
  assert.equal(byId[7].statusText, "Sẵn sàng");
  const html = lobbyMarkup(view).counters;
  assert.match(html, /SỐ ĐANG PHỤC VỤ/);
  assert.match(html, /xd-counter--paused/);
  assert.equal((html.match(/class="xd-counter /g) || []).length, 4);
});

test("many counters switch the table to two columns", () => {
  const base = snapshot();
  const counters = Array.from({ length: 12 }, (_, i) => ({ ...base.counters[2], id: 100 + i, number: String(i + 1) }));
  const view = lobbyView(fromSnapshot({ ...base, counters }), all);
  assert.equal(view.twoColumns, true);
  assert.match(lobbyMarkup(view).counters, /xd-counters__rows--two/);
  assert.equal(lobbyView(fromSnapshot(base), all).twoColumns, false);
});

test("recent calls and waiting counts are listed", () => {
  const view = lobbyView(fromSnapshot(snapshot()), all);
  assert.deepEqual(view.recent.map((c) => [c.number, c.counterNumber, c.time]), [["A012", "1", "14:05"], ["B003", "2", "13:55"]]);
  assert.deepEqual(view.waiting.map((w) => [w.prefix, w.count]), [["A", 4], ["B", 2], ["C", 0], ["V", 1]]);
  const html = lobbyMarkup(view).waiting;
  assert.match(html, /Tư pháp – Hộ tịch/);
});

test("a display set to some counters shows only those, their calls and their services", () => {
  const settings = normalizeSettings({ counter_ids: [2, 3] });
  const view = lobbyView(fromSnapshot(snapshot()), settings);
  assert.deepEqual(view.counters.map((c) => c.id), [2, 3]);
  assert.equal(view.featured, null, "B003 of its own counters is done, and counter 2 paused");
  assert.deepEqual(view.recent.map((c) => c.number), ["B003"]);
  assert.deepEqual(view.waiting.map((w) => w.prefix), ["B", "C"]);
  const call = applyEvent(fromSnapshot(snapshot()), "ticket_called", electricityCall()).call;
  assert.equal(callVisible(call, settings), false);
});

test("a display set to some services shows the counters serving them", () => {
  const settings = normalizeSettings({ service_ids: [8] });
  const { board, call } = applyEvent(fromSnapshot(snapshot()), "ticket_called", electricityCall());
  const view = lobbyView(board, settings);
  assert.deepEqual(view.counters.map((c) => c.id), [7]);
  assert.deepEqual(view.waiting.map((w) => w.prefix), ["V"]);
  assert.equal(callVisible(call, settings), true);
  assert.equal(lobbyView(fromSnapshot(snapshot()), settings).featured, null);
});

test("settings are read defensively; empty lists mean no filter; announce defaults on", () => {
  assert.deepEqual(normalizeSettings(null), { counterIds: null, serviceIds: null, announce: true });
  assert.equal(normalizeSettings({ counter_ids: [] }).counterIds, null);
  assert.deepEqual([...normalizeSettings({ counter_ids: ["2", "x", 3] }).counterIds], [2, 3]);
  assert.equal(normalizeSettings({ announce: false }).announce, false);
});

test("the counter title drops a repeated 'Quầy N –'", () => {
  assert.equal(counterTitle({ number: "3", name: "Quầy 3 – Tư pháp – Hộ tịch" }), "Tư pháp – Hộ tịch");
  assert.equal(counterTitle({ number: "12", name: "Quầy số 12 - Một cửa" }), "Một cửa");
  assert.equal(counterTitle({ number: "1", name: "Quầy 12 – Một cửa" }), "Quầy 12 – Một cửa");
  assert.equal(counterTitle({ number: "5", name: "Quầy 5" }), "Quầy 5");
});

test("the clock reads the office's time zone in Vietnamese", () => {
  const moment = new Date("2025-05-11T17:30:09Z"); // Monday 00:30 in Hà Nội
  assert.deepEqual(clockParts(moment, "Asia/Ho_Chi_Minh"), { time: "00:30", seconds: "09", date: "Thứ Hai, 12/05/2025" });
  assert.equal(clockParts(moment, "UTC").date, "Chủ nhật, 11/05/2025");
  assert.equal(shortTime("not a date", "UTC"), "");
  assert.equal(shortTime(null, "UTC"), "");
});

test("the ticker's speed does not depend on the length of the notice", () => {
  assert.ok(tickerSeconds("x".repeat(400)) > tickerSeconds("x".repeat(100)));
  assert.equal(tickerSeconds(""), 20);
});

test("the counter-top display: number huge while called, Tạm dừng while paused, Đang đóng when closed", () => {
  const board = fromSnapshot(snapshot());
  const called = counterScreenView(board, 1, { now: 1, highlightUntil: 2 });
  assert.equal(called.mode, "called");
  assert.equal(called.headline, "MỜI CÔNG DÂN CÓ SỐ");
  assert.equal(called.highlighted, true);
  assert.equal(called.clerkName, "Nguyễn Văn Hùng");
  assert.deepEqual(called.services, ["Đất đai"]);
  const html = counterScreenMarkup(called);
  assert.match(html, /data-number="A012"/);
  assert.match(html, /QUẦY <strong>1<\/strong>/);
  assert.match(html, /xc-main--flash/);

  const paused = counterScreenView(board, 2);
  assert.equal(paused.mode, "paused");
  assert.match(counterScreenMarkup(paused), /TẠM DỪNG/);
  assert.deepEqual(paused.services, ["Tư pháp – Hộ tịch", "Chứng thực"]);

  const closed = counterScreenView(board, 3);
  assert.match(counterScreenMarkup(closed), /ĐANG ĐÓNG/);
  assert.doesNotMatch(counterScreenMarkup(closed), /xc-number/);

  assert.equal(counterScreenView(board, 7).mode, "idle");
  assert.equal(counterScreenView(board, 99).found, false);
  assert.match(counterScreenMarkup(counterScreenView(board, 99)), /Không tìm thấy quầy/);
});

test("the counter-top display follows events: serving, then finished", () => {
  const start = fromSnapshot(snapshot());
  const serving = applyEvent(start, "ticket_updated", { seq: 8, ticket: { ...start.counters[0].ticket, status: "serving" } }).board;
  assert.equal(counterScreenView(serving, 1).headline, "ĐANG PHỤC VỤ SỐ");
  const done = applyEvent(serving, "ticket_updated", { seq: 9, ticket: { ...start.counters[0].ticket, status: "done" } }).board;
  assert.equal(counterScreenView(done, 1).mode, "idle");
});

test("header lines the office name already says are left out", () => {
  const office = { name: "Bộ phận Một cửa huyện Yên Thế", header_lines: ["UBND HUYỆN YÊN THẾ", "BỘ PHẬN MỘT CỬA"] };
  assert.deepEqual(headerLines(office), ["UBND HUYỆN YÊN THẾ"]);
  assert.deepEqual(headerLines({ name: "x" }), []);
});

test("waiting chips wrap into at most six columns", () => {
  const base = snapshot();
  const withServices = (n) =>
    lobbyView(fromSnapshot({ ...base, waiting: Array.from({ length: n }, (_, i) => ({ service_id: i, prefix: "A", service_name: "x", waiting: 0 })) }), all).waitingColumns;
  assert.deepEqual([0, 1, 4, 6, 7, 8, 12, 13].map(withServices), [1, 1, 4, 6, 4, 4, 6, 5]);
});

test("an appointment ticket is marked with its slot time in the headline and the recent calls", () => {
  const slot = { channel: "appointment", slot_start: "2025-05-12T02:30:00+00:00" }; // 09:30 in Hà Nội
  const { board } = applyEvent(fromSnapshot(snapshot()), "ticket_called", electricityCall(8, slot));
  const view = lobbyView(board, all);
  assert.equal(view.featured.slot, "09:30");
  assert.deepEqual(view.recent.map((c) => [c.number, c.slot]), [["V005", "09:30"], ["A012", ""], ["B003", ""]]);
  const markup = lobbyMarkup(view);
  assert.match(markup.call, /<p class="xd-call__appt"><span class="xd-appt">LỊCH HẸN<\/span> 09:30<\/p>/);
  assert.match(markup.recent, /V005<\/span><span class="xd-recent__where"><span class="xd-recent__counter">Quầy 7<\/span><span class="xd-appt xd-appt--small"[^>]*>Hẹn 09:30<\/span>/);
  assert.doesNotMatch(markup.call, /xd-call__service/); // the mark stands where the counter's name would
  const spoken = { call: view.featured && board.latest, text: "Mời khách hàng có số V005" };
  assert.doesNotMatch(lobbyMarkup(lobbyView(board, all, { spoken })).call, /LỊCH HẸN/); // room for the caption
  assert.equal((markup.recent.match(/class="xd-appt/g) || []).length, 1);
  // From the snapshot alone (a display switched on late), and a walk-in with a slot is no appointment.
  const late = snapshot();
  late.recent_calls[1] = { ...late.recent_calls[1], ...slot };
  late.recent_calls[0] = { ...late.recent_calls[0], channel: "kiosk", slot_start: slot.slot_start };
  assert.deepEqual(lobbyView(fromSnapshot(late), all).recent.map((c) => c.slot), ["", "09:30"]);
});
