import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyEvent } from "../../server/web/static/js/seq.js";

test("the next seq is applied, older ones ignored, gaps resync", () => {
  assert.equal(classifyEvent(5, 6), "apply");
  assert.equal(classifyEvent(5, 5), "stale");
  assert.equal(classifyEvent(5, 3), "stale");
  assert.equal(classifyEvent(5, 8), "sync");
  assert.equal(classifyEvent(null, 1), "sync");
  assert.equal(classifyEvent(0, 1), "apply");
});
