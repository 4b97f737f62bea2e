// Module resolve hook: a browser module imports shared code by the URL the server serves it at
// ("/assets/js/html.js"); here that URL is resolved to the file under server/web/static/.

const ASSETS = "/assets/";
const STATIC_DIR = new URL("../../server/web/static/", import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith(ASSETS)) {
    return nextResolve(new URL(specifier.slice(ASSETS.length), STATIC_DIR).href, context);
  }
  return nextResolve(specifier, context);
}
