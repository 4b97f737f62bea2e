import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ago,
  dateTimeText,
  dayText,
  decimal,
  duration,
  minutes,
  num,
  parseClock,
  parseDay,
  percent,
  secondsSince,
} from "../../server/web/static/js/format.js";

test("numbers use Vietnamese thousands dots and decimal commas", () => {
  assert.equal(num(1234567), "1.234.567");
  assert.equal(num(0), "0");
  assert.equal(num(null), "–");
  assert.equal(decimal(4.5), "4,5");
  assert.equal(decimal(1234.25), "1.234,3");
  assert.equal(decimal(-0.04), "0,0");
  assert.equal(percent(33.3), "33,3%");
  assert.equal(percent(null), "–");
});

test("durations: seconds as minutes, clocks and words", () => {
  assert.equal(minutes(270), "4,5");
  assert.equal(minutes(null), "–");
  assert.equal(secondsSince("2026-03-02T02:00:00Z", Date.parse("2026-03-02T02:01:30Z")), 90);
  assert.equal(secondsSince(null, 0), null);
});

test("a duration reads as a duration, never as a clock time", () => {
  assert.equal(duration(711), "11 phút 51 giây");
  assert.equal(duration(3900), "1 giờ 5 phút");
  assert.equal(duration(3725), "1 giờ 2 phút");
  assert.equal(duration(7200), "2 giờ");
  assert.equal(duration(120), "2 phút");
  assert.equal(duration(75.9), "1 phút 15 giây");
  assert.equal(duration(9), "9 giây");
  assert.equal(duration(-3), "0 giây");
  assert.equal(duration(null), "–");
  const now = Date.parse("2026-12-05T03:00:00Z");
  assert.equal(ago("2026-12-05T02:59:30Z", now), "vừa xong");
  assert.equal(ago("2026-12-05T02:57:00Z", now), "3 phút trước");
  assert.equal(ago("2026-12-05T00:30:00Z", now), "2 giờ trước");
  assert.equal(ago("2026-12-03T03:00:00Z", now), "2 ngày trước");
  assert.equal(ago(null, now), "");
  assert.equal(secondsSince("2026-03-02T02:00:00Z", Date.parse("2026-03-02T02:01:30Z")), 90);
  assert.equal(secondsSince(null, 0), null);
});

test("dates read day first", () => {
  assert.equal(dayText("2026-02-01"), "01/02/2026");
  assert.equal(dateTimeText("2026-12-01T00:05:09Z"), "01/12/2026 07:05");
  assert.equal(dateTimeText("2026-12-01T16:05:09Z", "Asia/Ho_Chi_Minh", { seconds: true }), "01/12/2026 23:05:09");
  assert.equal(dateTimeText(null), "");
});

test("days are typed day first and times on the 24-hour clock", () => {
  assert.equal(parseDay("01/12/2026"), "2026-12-01");
  assert.equal(parseDay(" 2/9/2026 "), "2026-09-02");
  assert.equal(parseDay("02.09.2026"), "2026-09-02");
  for (const bad of ["31/02/2026", "12/31/2026", "2026-12-01", "1/12/26", "", null]) assert.equal(parseDay(bad), null, bad);
  assert.equal(parseClock("7:30"), "07:30");
  assert.equal(parseClock("07:30"), "07:30");
  assert.equal(parseClock("13h30"), "13:30");
  assert.equal(parseClock("1730"), "17:30");
  assert.equal(parseClock("7"), "07:00");
  assert.equal(parseClock("00:00"), "00:00");
  assert.equal(parseClock("24:00"), null);
  assert.equal(parseClock("24:00", { endOfDay: true }), "24:00");
  for (const bad of ["12:00 AM", "11:59 PM", "25:00", "7:60", "ab", "", null]) assert.equal(parseClock(bad), null, String(bad));
});
