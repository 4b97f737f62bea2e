import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { CODE_ALPHABET, answerMarkup, checkInAnswer, keypadMarkup, offersCheckIn, slotText, typeCode } = await import(
  "../../kiosk/static/js/checkin.js"
);

test("the keypad has exactly the code alphabet: no 0/O, 1/I/L", () => {
  const html = keypadMarkup("", "vi");
  const keys = [...html.matchAll(/data-key="([^"]+)"/g)].map((match) => match[1]).filter((key) => key !== "erase");
  assert.deepEqual([...keys].sort(), [...CODE_ALPHABET].sort());
  for (const lookalike of ["0", "O", "1", "I", "L"]) assert.ok(!keys.includes(lookalike), lookalike);
});

test("typing a code: six characters of the alphabet at most, erase takes the last off", () => {
  let code = "";
  for (const key of ["K", "0", "M", "I", "P", "2", "3", "4", "5"]) code = typeCode(code, key);
  assert.equal(code, "KMP234"); // 0 and I are not keys; the seventh is refused
  assert.equal(typeCode(code, "erase"), "KMP23");
  assert.equal(typeCode("", "erase"), "");
  assert.equal(typeCode("AB", "Enter"), "AB");
});

test("confirm only with a whole code, and not while checking", () => {
  const submit = (html) => /<button[^>]*data-action="check-in"[^>]*>/.exec(html)[0];
  assert.match(submit(keypadMarkup("KMP23", "vi")), / disabled/);
  assert.doesNotMatch(submit(keypadMarkup("KMP234", "vi")), / disabled/);
  const busy = keypadMarkup("KMP234", "vi", { busy: true });
  assert.match(submit(busy), / disabled/);
  assert.match(busy, /Đang kiểm tra lịch hẹn…/);
  assert.match(keypadMarkup("KMP234", "vi"), />K<\/span><span[^>]*>M</);
});

test("too early says when to come back, from the server's message", () => {
  const error = { status: 409, code: "too_early", message: "Chưa đến giờ hẹn; mời quay lại lúc 09:30" };
  const answer = checkInAnswer(error, "vi");
  assert.equal(answer.title, "CHƯA ĐẾN GIỜ HẸN");
  assert.equal(answer.text, "Mời Ông/Bà quay lại lúc 09:30.");
  assert.equal(answer.next, "done");
  assert.equal(checkInAnswer(error, "en").text, "Please come back at 09:30.");
});

test("an expired booking offers an ordinary number", () => {
  const answer = checkInAnswer({ status: 409, code: "appointment_expired", message: "…" }, "vi");
  assert.equal(answer.title, "LỊCH HẸN ĐÃ QUÁ GIỜ");
  assert.equal(answer.next, "take-number");
  const html = answerMarkup(answer, "vi");
  assert.match(html, /data-action="home">LẤY SỐ THỨ TỰ</);
});

test("already checked in, unknown code, an unreadable scan, a lost connection", () => {
  assert.equal(checkInAnswer({ status: 409, code: "already_checked_in" }, "vi").title, "LỊCH HẸN ĐÃ ĐƯỢC XÁC NHẬN");
  const unknown = checkInAnswer({ status: 404, code: "unknown_appointment" }, "vi");
  assert.equal(unknown.title, "KHÔNG TÌM THẤY LỊCH HẸN");
  assert.equal(unknown.next, "retry");
  assert.match(answerMarkup(unknown, "vi"), /data-action="checkin">NHẬP LẠI MÃ</);
  assert.equal(checkInAnswer({ status: 422, code: "validation_failed" }, "vi").code, "unknown_appointment");
  assert.equal(checkInAnswer({ code: "unreadable" }, "vi").title, "KHÔNG ĐỌC ĐƯỢC MÃ");
  const failed = checkInAnswer(new Error("network"), "vi");
  assert.equal(failed.title, "CHƯA XÁC NHẬN ĐƯỢC LỊCH HẸN");
  assert.equal(failed.next, "retry");
  assert.equal(checkInAnswer({ status: 403, code: "forbidden" }, "vi").code, "forbidden");
});

test("answers are escaped", () => {
  const html = answerMarkup({ code: "<x>", title: "<b>", text: "&", next: "done" }, "vi");
  assert.ok(!html.includes("<b>") && !html.includes("<x>"));
});

test("the slot time in the office's time zone; nothing for a walk-in", () => {
  assert.equal(slotText("2026-12-07T02:30:00+00:00", "Asia/Ho_Chi_Minh", "vi"), "Lịch hẹn lúc 09:30");
  assert.equal(slotText("2026-12-07T02:30:00+00:00", "Asia/Ho_Chi_Minh", "en"), "Appointment at 09:30");
  assert.equal(slotText(null, "Asia/Ho_Chi_Minh", "vi"), "");
  assert.equal(slotText("soon", "Asia/Ho_Chi_Minh", "vi"), "");
});

test("check-in is offered while some service takes bookings", () => {
  assert.equal(offersCheckIn([{ appointments_enabled: false }, { appointments_enabled: true }]), true);
  assert.equal(offersCheckIn([{ appointments_enabled: false }]), false);
  assert.equal(offersCheckIn(null), false);
});
