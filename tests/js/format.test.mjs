import { test } from "node:test";
import assert from "node:assert/strict";
import { clock, dayText, decimal, elapsed, esc, minutes, num, percent, secondsSince } from "../../server/web/static/js/format.js";

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
  assert.equal(clock(65), "01:05");
  assert.equal(clock(3725), "1:02:05");
  assert.equal(clock(-3), "00:00");
  assert.equal(elapsed(75), "1 phút 15 giây");
  assert.equal(elapsed(3725), "1 giờ 02 phút");
  assert.equal(elapsed(9), "9 giây");
  assert.equal(secondsSince("2026-03-02T02:00:00Z", Date.parse("2026-03-02T02:01:30Z")), 90);
  assert.equal(secondsSince(null, 0), null);
});

test("text is escaped and dates read day first", () => {
  assert.equal(esc(`<b title="x">&'`), "&lt;b title=&quot;x&quot;&gt;&amp;&#39;");
  assert.equal(esc(null), "");
  assert.equal(dayText("2026-02-01"), "01/02/2026");
});
