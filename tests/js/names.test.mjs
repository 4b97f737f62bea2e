import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compareGivenNames, givenNameKey } from "../../server/web/static/js/names.js";

// The same list the server's rule is tested against (tests/rules/test_person_names.py).
const { ordered } = JSON.parse(readFileSync(new URL("../rules/given_name_order.json", import.meta.url), "utf8"));

test("names sort by given name in the Vietnamese alphabet, then the rest, as on the server", () => {
  assert.deepEqual([...ordered].reverse().sort(compareGivenNames), ordered);
  const shuffled = ordered.map((name, index) => [(index * 7919) % ordered.length, name]).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(shuffled.map(([, name]) => name).sort(compareGivenNames), ordered);
});

test("composed and decomposed spellings, upper and lower case, sort together", () => {
  const composed = "Trần Thị Thu Hằng";
  assert.deepEqual(givenNameKey(composed).slice(0, 2), givenNameKey(composed.normalize("NFD")).slice(0, 2));
  assert.deepEqual(givenNameKey("ĐỨC").slice(0, 2), givenNameKey("đức").slice(0, 2));
});

test("any text compares, and only equal names compare equal", () => {
  const odd = ["", " ", "\u0301", "a\u0306\u0306", "😀 An", "\ufeffAn", null, undefined, "An\u1680Bình"];
  for (const a of odd) {
    for (const b of odd) assert.equal(compareGivenNames(a, b) === 0, String(a ?? "") === String(b ?? ""));
  }
});
