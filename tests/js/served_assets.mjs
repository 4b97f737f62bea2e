// Import this first, then load the module under test with `await import(...)`: its imports of
// "/assets/…" then resolve as in the browser (static imports are resolved before this runs).
import { register } from "node:module";

register("./assets_hooks.mjs", import.meta.url);
