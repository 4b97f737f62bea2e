import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { escapeHtml } from "../../server/web/static/js/html.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCREEN_JS = ["admin", "counter", "dashboard", "display", "kiosk"].map((screen) => join(screen, "static"));
const SHARED = join("server", "web", "static");

// Every JavaScript file the screens load (the vendored Socket.IO client aside).
function screenScripts() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "vendor") walk(path);
      else if (entry.isFile() && entry.name.endsWith(".js")) files.push(path);
    }
  };
  for (const dir of [...SCREEN_JS, SHARED]) walk(dir);
  return files;
}

test("text from the server is escaped and NFC-normalised", () => {
  assert.equal(escapeHtml('<b a="1">&\'</b>'), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;");
  assert.equal(escapeHtml("Quầy".normalize("NFD")), "Quầy".normalize("NFC"));
  assert.equal(escapeHtml("Đa\u0301t"), "Đát");
  assert.equal(escapeHtml(null), "");
  assert.equal(escapeHtml(undefined), "");
  assert.equal(escapeHtml(0), "0");
});

test("every screen escapes with this module: no second escaper anywhere", () => {
  const scripts = screenScripts();
  assert.ok(scripts.length > 20, "the screens' scripts are found");
  const own = join(SHARED, "js", "html.js");
  const escapers = scripts.filter((path) => path !== own && /&(amp|lt|gt|quot|#39);/.test(readFileSync(join(ROOT, path), "utf8")));
  assert.deepEqual(escapers, []);
});
