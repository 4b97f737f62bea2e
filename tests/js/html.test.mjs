import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml } from "../../server/web/static/js/html.js";

test("text from the server is escaped and NFC-normalised", () => {
  assert.equal(escapeHtml('<b a="1">&\'</b>'), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;");
  assert.equal(escapeHtml("Quầy".normalize("NFD")), "Quầy".normalize("NFC"));
  assert.equal(escapeHtml("Đa\u0301t"), "Đát");
  assert.equal(escapeHtml(null), "");
  assert.equal(escapeHtml(undefined), "");
  assert.equal(escapeHtml(0), "0");
});
