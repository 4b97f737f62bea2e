import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCREENS = ["admin", "counter", "dashboard", "display", "kiosk"];
const IMPORT = /^\s*import\s[^"']*["']([^"']+)["']/gm;

// The import specifiers of every module in a screen's static/js folder.
function importsOf(screen) {
  const dir = join(ROOT, screen, "static", "js");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .flatMap((name) => [...readFileSync(join(dir, name), "utf8").matchAll(IMPORT)].map((m) => [`${screen}/${name}`, m[1]]));
}

test("the shared formatting and office tree are served under /assets, and screens load them there", () => {
  for (const name of ["format.js", "offices.js"]) {
    assert.ok(existsSync(join(ROOT, "server", "web", "static", "js", name)), `${name} under /assets/js`);
    for (const screen of SCREENS) assert.ok(!existsSync(join(ROOT, screen, "static", "js", name)), `${screen} keeps no copy of ${name}`);
  }
  const loads = SCREENS.flatMap(importsOf).filter(([, spec]) => /(^|\/)(format|offices)\.js$/.test(spec));
  assert.ok(loads.some(([file]) => file.startsWith("admin/")) && loads.some(([file]) => file.startsWith("dashboard/")));
  assert.deepEqual(loads.filter(([, spec]) => !spec.startsWith("/assets/js/")), []);
});
