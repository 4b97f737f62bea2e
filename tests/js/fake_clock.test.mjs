import { test } from "node:test";
import assert from "node:assert/strict";
import { installFakeClock } from "./fake_clock.mjs";

test("the fake clock runs what falls due in time order, never a cleared timer", () => {
  const clock = installFakeClock();
  const seen = [];
  try {
    const heartbeat = setInterval(() => seen.push("beat"), 400);
    const dropped = setTimeout(() => seen.push("dropped"), 1000);
    clearTimeout(dropped);
    setTimeout(() => seen.push("late"), 1000);
    setTimeout(() => seen.push("early"), 500);
    clock.tick(999);
    assert.deepEqual(seen, ["beat", "early", "beat"]);
    clock.tick(1);
    assert.deepEqual(seen, ["beat", "early", "beat", "late"]);
    clearInterval(heartbeat);
    clock.tick(5000);
    assert.equal(seen.length, 4);
  } finally {
    clock.restore();
  }
  assert.notEqual(typeof setTimeout(() => {}, 0), "number"); // the real timers are back
});
