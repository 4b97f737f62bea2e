import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const {
  TIMING,
  acceptTap,
  clockText,
  confirmationMarkup,
  confirmationView,
  gridColumns,
  helpMarkup,
  initialPrint,
  issueErrorText,
  nameLength,
  officeView,
  printAfter,
  printerNotice,
  screenTimeout,
  serviceView,
  servicesMarkup,
  unavailableHelp,
  waitText,
} = await import("../../kiosk/static/js/render.js");
const { escapeHtml } = await import("/assets/js/html.js");

const land = {
  id: 1,
  prefix: "A",
  name: "Đất đai",
  name_en: "Land",
  status: "available",
  reason: null,
  reason_message: null,
  reason_message_en: null,
  waiting: 3,
  estimated_wait_minutes: 15,
  counter_numbers: ["1", "2"],
};
const certification = {
  ...land,
  id: 3,
  prefix: "C",
  name: "Chứng thực",
  name_en: "Certification",
  status: "unavailable",
  reason: "daily_limit_reached",
  reason_message: "Đã hết số trong ngày",
  reason_message_en: "All of today's tickets have been issued",
  waiting: 0,
};
const ticket = {
  id: 7,
  number: "A012",
  service_id: 1,
  service_name: "Đất đai",
  priority: null,
  people_ahead: 4,
  estimated_wait_minutes: 18,
  public_token: "tok-en_1",
};

test("a service button shows its waiting count and estimate in Vietnamese first", () => {
  const view = serviceView(land, "vi");
  assert.equal(view.name, "Đất đai");
  assert.equal(view.waiting, "Đang chờ: 3 người");
  assert.equal(view.wait, "Chờ khoảng 15 phút");
  assert.equal(serviceView(land, "en").name, "Land");
  assert.equal(serviceView({ ...land, name_en: "" }, "en").name, "Đất đai");
});

test("estimates read naturally, and a missing estimate says nothing", () => {
  assert.equal(waitText(0, "vi"), "Chờ dưới 1 phút");
  assert.equal(waitText(0.4, "en"), "Under 1 min wait");
  assert.equal(waitText(7, "en"), "About 7 min wait");
  assert.equal(waitText(null, "vi"), "");
  assert.equal(waitText(undefined, "vi"), "");
});

test("an unavailable service is greyed, issues nothing and says why, in the chosen language", () => {
  const html = servicesMarkup([land, certification], "vi");
  const [first, second] = html.split("</button>");
  assert.ok(!first.includes("disabled"));
  assert.match(second, /xk-service--off/);
  // Tappable (a disabled button swallows the tap) but announced as disabled, and issues nothing.
  assert.match(second, /aria-disabled="true"/);
  assert.ok(!/ disabled[ >]/.test(second));
  assert.match(second, /data-action="unavailable"/);
  assert.match(second, /Đã hết số trong ngày/);
  assert.ok(!second.includes("Đang chờ"));
  assert.match(servicesMarkup([certification], "en"), /All of today&#39;s tickets have been issued/);
});

test("a tapped unavailable service says why and what to do, with the time it opens", () => {
  assert.deepEqual(unavailableHelp(certification, "vi"), {
    title: "Chứng thực: Đã hết số trong ngày",
    text: "Mời Ông/Bà quay lại vào ngày làm việc tiếp theo, hoặc liên hệ cán bộ hướng dẫn.",
  });
  const lunch = { ...certification, reason: "between_sessions", reason_message: "Đang nghỉ giữa giờ", opens_at: "13:30" };
  assert.match(unavailableHelp(lunch, "vi").text, /bắt đầu lúc 13:30/);
  assert.match(unavailableHelp({ ...lunch, opens_at: null }, "vi").text, /buổi làm việc tiếp theo/);
  const early = { ...certification, reason: "before_hours", reason_message: "Chưa đến giờ làm việc", opens_at: "07:30" };
  assert.equal(unavailableHelp(early, "vi").text, "Mời Ông/Bà quay lại lấy số lúc 07:30.");
  assert.equal(unavailableHelp(early, "en").text, "Please come back for a number at 07:30.");
  const unknown = { ...certification, reason: "something_new", reason_message: "" };
  assert.deepEqual(unavailableHelp(unknown, "vi"), {
    title: "Chứng thực: Lĩnh vực này chưa cấp số",
    text: "Mời Ông/Bà liên hệ cán bộ hướng dẫn.",
  });
  for (const lang of ["vi", "en"]) {
    for (const reason of ["inactive", "holiday", "closed_today", "after_hours", "cut_off", "no_counter"]) {
      const help = unavailableHelp({ ...certification, reason }, lang);
      assert.ok(help.text.length > 20 && help.text === help.text.normalize("NFC"), `${lang} ${reason}`);
    }
  }
  const html = helpMarkup({ title: "<b>", text: "x" });
  assert.ok(!html.includes("<b>") && html.includes("xk-toast__text"));
});

test("every button is disabled while busy; offline they are also greyed, closed ones too", () => {
  const html = servicesMarkup([land, { ...land, id: 2 }], "vi", { disabled: true });
  assert.equal(html.match(/ disabled/g).length, 2);
  assert.ok(!html.includes("xk-service--offline")); // a brief busy moment does not flash grey
  const offline = servicesMarkup([land, certification], "vi", { offline: true });
  assert.equal(offline.match(/ disabled>/g).length, 2);
  assert.equal(offline.match(/xk-service--offline/g).length, 2);
});

test("text from the server is escaped and NFC-normalised", () => {
  const html = servicesMarkup([{ ...land, name: '<img src=x onerror="alert(1)">' }], "vi");
  assert.ok(!html.includes("<img"));
  assert.equal(escapeHtml("Quầy".normalize("NFD")), "Quầy".normalize("NFC"));
  const view = confirmationView({ ...ticket, number: "<b>" }, initialPrint(null), "vi");
  assert.ok(!confirmationMarkup(view, "vi").includes("<b>"));
});

test("the grid keeps buttons wide: four columns landscape, two portrait", () => {
  assert.equal(gridColumns(8, false), 4);
  assert.equal(gridColumns(4, false), 2);
  assert.equal(gridColumns(5, false), 3);
  assert.equal(gridColumns(2, false), 2);
  assert.equal(gridColumns(8, true), 2);
  assert.equal(gridColumns(2, true), 1);
  assert.equal(gridColumns(0, false), 1);
});

test("the printer state is shown before anyone taps; a working printer says nothing", () => {
  assert.equal(printerNotice("ok", "vi"), null);
  assert.equal(printerNotice(null, "vi"), null);
  const paper = printerNotice("paper_out", "vi");
  assert.equal(paper.level, "error");
  assert.match(paper.text, /^Máy in hết giấy/);
  assert.match(printerNotice("offline", "vi").text, /^Máy in không kết nối/);
  assert.match(printerNotice("offline", "en").text, /^Printer not connected/);
  // Paper running low is for staff: the citizen can still be served.
  assert.equal(printerNotice("paper_near_end", "vi"), null);
  assert.equal(printerNotice("paper_near_end", "en"), null);
});

test("a ticket issued while the printer is down fails at once; answers move the print state", () => {
  assert.deepEqual(initialPrint("paper_out"), { state: "failed", reason: "paper_out" });
  const pending = initialPrint("ok");
  assert.equal(pending.state, "pending");
  assert.deepEqual(printAfter(pending, { status: "failed", reason: "offline" }), { state: "failed", reason: "offline" });
  assert.deepEqual(printAfter(pending, { status: "failed" }), { state: "failed", reason: "error" });
  const printed = printAfter(pending, { status: "printed" });
  assert.equal(printed.state, "printed");
  // A late timeout never overrides an answer; a late success after a failure is shown.
  assert.equal(printAfter(printed, { status: "failed", reason: "timeout" }), printed);
  assert.equal(printAfter({ state: "failed", reason: "paper_out" }, { status: "printed" }).state, "printed");
  assert.equal(printAfter(pending, { status: "failed", reason: "timeout" }).reason, "timeout");
  // A printed ticket stays printed, whatever an earlier job reports later.
  assert.equal(printAfter(printed, { status: "failed", reason: "offline" }), printed);
  const reprinting = { state: "reprinting", reason: "offline", attempts: 2 };
  assert.deepEqual(printAfter(reprinting, { status: "failed", reason: "timeout" }), {
    state: "failed",
    reason: "timeout",
    attempts: 2,
  });
});

test("the confirmation shows the number, people ahead, estimate, counters and the QR", () => {
  const view = confirmationView(ticket, initialPrint("ok"), "vi", { service: land, secondsLeft: 12 });
  assert.equal(view.number, "A012");
  assert.equal(view.ahead, "Trước Ông/Bà còn 4 người");
  assert.equal(view.estimate, "Thời gian chờ dự kiến: khoảng 18 phút");
  assert.equal(view.counters, "Quầy phục vụ: 1, 2");
  assert.equal(view.qrUrl, "/api/v1/public/tickets/tok-en_1/qr.svg");
  assert.equal(view.printText, "Đang in phiếu…");
  assert.equal(view.canReprint, false);
  assert.equal(view.returnsIn, "Tự quay lại sau 12 giây");
  const html = confirmationMarkup(view, "vi");
  assert.match(html, /id="ticket-number">A012</);
  assert.ok(!html.includes('data-action="reprint"'));
  assert.equal(confirmationView({ ...ticket, people_ahead: 0 }, initialPrint("ok"), "en").ahead, "You are next");
  assert.equal(confirmationView(ticket, initialPrint("ok"), "en", { service: land }).service, "Land");
});

test("an appointment ticket shows its slot time; a walk-in none", () => {
  const booked = { ...ticket, channel: "appointment", slot_start: "2026-12-07T07:15:00+00:00" };
  const view = confirmationView(booked, initialPrint("ok"), "vi", { timeZone: "Asia/Ho_Chi_Minh" });
  assert.equal(view.slot, "Lịch hẹn lúc 14:15");
  assert.match(confirmationMarkup(view, "vi"), /class="xk-ticket__slot">Lịch hẹn lúc 14:15</);
  const walkIn = confirmationView({ ...ticket, slot_start: null }, initialPrint("ok"), "vi");
  assert.equal(walkIn.slot, "");
  assert.ok(!confirmationMarkup(walkIn, "vi").includes("xk-ticket__slot"));
});

test("a priority ticket shows the office's label and asks for documents at the counter", () => {
  const priorityLabel = "Người từ 75 tuổi";
  const view = confirmationView({ ...ticket, priority: "elderly" }, initialPrint("ok"), "vi", { priorityLabel });
  assert.equal(view.priority, "Người từ 75 tuổi");
  assert.equal(view.priorityNote, "Vui lòng xuất trình giấy tờ tại quầy");
  assert.match(confirmationMarkup(view, "vi"), /ƯU TIÊN – Người từ 75 tuổi/);
  const plain = confirmationView(ticket, initialPrint("ok"), "vi", { priorityLabel });
  assert.equal(plain.priority, "");
  assert.ok(!confirmationMarkup(plain, "vi").includes("ƯU TIÊN"));
});

test("a failed print keeps the number large with the reason and a reprint button", () => {
  const view = confirmationView(ticket, { state: "failed", reason: "paper_out" }, "vi");
  assert.equal(view.failed, true);
  assert.equal(view.printText, "KHÔNG IN ĐƯỢC PHIẾU");
  assert.equal(view.reason, "Máy in hết giấy");
  const html = confirmationMarkup(view, "vi");
  assert.match(html, /data-action="reprint"/);
  assert.match(html, /IN LẠI PHIẾU/);
  assert.match(html, /id="ticket-number">A012</);
  assert.equal(confirmationView(ticket, { state: "failed", reason: "timeout" }, "vi").reason, "Máy in không phản hồi");
  assert.equal(confirmationView(ticket, { state: "failed", reason: "jammed" }, "vi").reason, "Máy in gặp lỗi");
  assert.equal(view.retried, "");
});

test("a reprint shows its button busy, then says that it tried", () => {
  const busy = confirmationView(ticket, { state: "reprinting", reason: "offline", attempts: 1 }, "vi");
  assert.equal(busy.failed, true); // the number stays the citizen's record meanwhile
  const html = confirmationMarkup(busy, "vi");
  assert.match(html, /class="xk-reprint xk-reprint--busy" data-action="reprint" disabled aria-busy="true">Đang in lại…</);
  assert.ok(!html.includes("IN LẠI PHIẾU"));
  const again = confirmationView(ticket, { state: "failed", reason: "offline", attempts: 1 }, "vi");
  assert.equal(again.retried, "Đã thử in lại nhưng vẫn chưa in được");
  assert.match(confirmationMarkup(again, "vi"), /Đã thử in lại nhưng vẫn chưa in được[^]*IN LẠI PHIẾU/);
  assert.equal(confirmationView(ticket, { state: "failed", reason: "offline", attempts: 3 }, "vi").retried, "Đã thử in lại 3 lần nhưng vẫn chưa in được");
  assert.equal(confirmationView(ticket, { state: "failed", reason: "offline", attempts: 1 }, "en").retried, "Tried to print again, still not printed");
  assert.equal(screenTimeout("confirm", { state: "reprinting" }), TIMING.failedMs);
});

test("screens return by themselves; a failure stays longer; the start screen stays", () => {
  assert.equal(screenTimeout("home", null), null);
  assert.equal(screenTimeout("priority", null), TIMING.idleMs);
  assert.equal(screenTimeout("confirm", { state: "printed" }), TIMING.confirmMs);
  assert.equal(screenTimeout("confirm", { state: "failed", reason: "offline" }), TIMING.failedMs);
  assert.ok(TIMING.failedMs > TIMING.confirmMs);
});

test("double taps: a tap while busy or right after a screen change is ignored", () => {
  assert.equal(acceptTap(1000, {}), true);
  assert.equal(acceptTap(1000, { busy: true }), false);
  assert.equal(acceptTap(1000, { screenChangedAt: 1000 - TIMING.tapGuardMs + 1 }), false);
  assert.equal(acceptTap(1000, { screenChangedAt: 1000 - TIMING.tapGuardMs }), true);
});

test("the clock is in the office's time zone, weekday in Vietnamese", () => {
  const moment = new Date("2026-11-26T02:41:00Z");
  assert.deepEqual(clockText(moment, "Asia/Ho_Chi_Minh", "vi"), { time: "09:41", date: "Thứ Năm, 26/11/2026" });
  assert.deepEqual(clockText(moment, undefined, "en"), { time: "09:41", date: "Thursday, 26/11/2026" });
});

test("the office heading and issue errors", () => {
  assert.deepEqual(officeView({ name: "Bộ phận Một cửa", header_lines: ["", "UBND HUYỆN"] }), {
    lines: "UBND HUYỆN",
    name: "Bộ phận Một cửa",
  });
  assert.deepEqual(officeView(null), { lines: "", name: "" });
  assert.equal(issueErrorText({ status: 409, message: "Đã hết giờ cấp số" }, "vi"), "Đã hết giờ cấp số");
  assert.equal(issueErrorText({ status: 0, message: "offline" }, "vi"), "Chưa cấp được số, vui lòng thử lại");
  assert.equal(issueErrorText({ status: 409, message: "Đã hết giờ cấp số" }, "en"), "Could not issue a number, please try again");
});

test("long service names get a smaller type", () => {
  assert.equal(nameLength("Đất đai"), "");
  assert.equal(nameLength("Lao động – Thương binh và Xã hội"), " xk-service__name--long");
  assert.equal(nameLength("Trung tâm Phục vụ hành chính công – Chứng thực"), " xk-service__name--longer");
  assert.equal(nameLength("Đăng ký kinh doanh"), "");
  assert.equal(nameLength("Certification of copies"), " xk-service__name--long");
  assert.match(servicesMarkup([{ ...land, name: "Lao động – Thương binh và Xã hội" }], "vi"), /xk-service__name--long"/);
});

test("with every counter of a service closed the tile says so, not 'under a minute'", () => {
  const closed = { ...land, waiting: 0, estimated_wait_minutes: 0, open_counters: 0 };
  assert.equal(serviceView(closed, "vi").wait, "Chưa có quầy nào mở");
  assert.equal(serviceView(closed, "en").wait, "No counter open yet");
  assert.equal(serviceView({ ...closed, open_counters: 1 }, "vi").wait, "Chờ dưới 1 phút");
  // A tile drawn from an older answer without the count keeps its estimate.
  assert.equal(serviceView(land, "vi").wait, "Chờ khoảng 15 phút");
});
