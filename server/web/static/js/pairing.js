// Device pairing: the page is opened once with ?token=T; the token is kept and the URL cleaned.

const KEY_PREFIX = "xephang.token.";

/** The device token for this screen kind, taking it from the URL the first time. */
export function deviceToken(kind, location = window.location, storage = window.localStorage) {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    storage.setItem(KEY_PREFIX + kind, fromUrl);
    url.searchParams.delete("token");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(KEY_PREFIX + kind);
}

/** Forget the token (after the server says it was revoked). */
export function forgetToken(kind, storage = window.localStorage) {
  storage.removeItem(KEY_PREFIX + kind);
}
