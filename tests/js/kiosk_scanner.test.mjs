import { test } from "node:test";
import assert from "node:assert/strict";

import { installFakeClock } from "./fake_clock.mjs";
import { createScanReader, scanRequest } from "../../kiosk/static/js/scanner.js";

// Type `text` then Enter, one key every `gapMs` on the fake clock; the reader's last answer.
function typeInto(reader, clock, text, gapMs) {
  let answer = null;
  for (const key of [...text, "Enter"]) {
    answer = reader.key(key, clock.now());
    clock.tick(gapMs);
  }
  return answer;
}

const URL = "https://motcua.example.vn/a/Xy3_k-9PqRsTuVwXyZ01";
const CCCD = "001099012345|123456789|Nguyễn Văn An|01011990|Nam|Thôn 1, Xã Tân Sỏi|15062021";

test("a scanner's burst ending in Enter is a scan", () => {
  const clock = installFakeClock();
  try {
    const reader = createScanReader();
    assert.equal(typeInto(reader, clock, URL, 4), URL);
    assert.equal(typeInto(reader, clock, CCCD, 10), CCCD);
  } finally {
    clock.restore();
  }
});

test("a person typing is not a scan, even ending in Enter", () => {
  const clock = installFakeClock();
  try {
    const reader = createScanReader();
    assert.equal(typeInto(reader, clock, "ABCDEFGH", 120), null);
    assert.equal(typeInto(reader, clock, "ABCDEFGH", 60), null); // quick typist: still too slow
  } finally {
    clock.restore();
  }
});

test("Shift or a dead key between characters belongs to the burst; a stray key drops it", () => {
  const clock = installFakeClock();
  try {
    const reader = createScanReader();
    for (const key of ["Shift", "K", "Shift", "M", "Dead", "P", "Q", "R", "S"]) {
      assert.equal(reader.key(key, clock.now()), null);
      clock.tick(5);
    }
    assert.equal(reader.key("Enter", clock.now()), "KMPQRS");
    for (const key of ["K", "M", "P", "Tab", "Q", "R", "S"]) {
      reader.key(key, clock.now());
      clock.tick(5);
    }
    assert.equal(reader.key("Enter", clock.now()), null); // only three keys since the Tab
  } finally {
    clock.restore();
  }
});

test("a pause splits keys: stray keys before a scan do not spoil it", () => {
  const clock = installFakeClock();
  try {
    const reader = createScanReader();
    reader.key("x", clock.now());
    clock.tick(2000); // someone leaned on the keyboard long before the scan
    assert.equal(typeInto(reader, clock, "KMPQRS", 8), "KMPQRS");
    assert.equal(reader.key("Enter", clock.now()), null); // a lone Enter is nothing
    typeInto(reader, clock, "", 5);
    assert.equal(typeInto(reader, clock, "ABC", 5), null); // too short to be a booking
  } finally {
    clock.restore();
  }
});

test("an Enter long after a fast burst is a person's, not the scanner's", () => {
  const clock = installFakeClock();
  try {
    const reader = createScanReader();
    for (const key of "KMPQRS") {
      reader.key(key, clock.now());
      clock.tick(5);
    }
    assert.equal(reader.reading(clock.now()), true);
    clock.tick(1000);
    assert.equal(reader.reading(clock.now()), false);
    assert.equal(reader.key("Enter", clock.now()), null);
  } finally {
    clock.restore();
  }
});

test("what a scan asks for: the booking's token, the ID number, or a code", () => {
  assert.deepEqual(scanRequest(URL), { public_token: "Xy3_k-9PqRsTuVwXyZ01" });
  assert.deepEqual(scanRequest("http://192.168.1.5:5000/a/abcDEF123/"), { public_token: "abcDEF123" });
  assert.deepEqual(scanRequest(CCCD), { citizen_id: "001099012345" });
  assert.deepEqual(scanRequest("001099012345"), { citizen_id: "001099012345" });
  assert.deepEqual(scanRequest(" kmpqrs "), { code: "KMPQRS" });
  assert.equal(scanRequest("https://motcua.example.vn/t/abc"), null); // a ticket's QR, not a booking
  assert.equal(scanRequest("123456789|Nguyễn Văn An"), null); // an old 9-digit card
  assert.equal(scanRequest("8934567890123"), null); // a product barcode
  assert.equal(scanRequest(""), null);
  assert.equal(scanRequest(null), null);
});
