// Web Push on the phone page (design §12): whether to offer it, and the subscribe steps, with
// the browser's parts passed in so node tests can stand in for PushManager.

export const OFFER_LABEL = "Nhận thông báo khi sắp đến lượt";
export const OUTCOME_TEXT = {
  subscribed: "Đã bật thông báo: điện thoại sẽ báo khi sắp đến lượt và khi được mời.",
  denied: "Trình duyệt không cho phép thông báo. Ông/Bà vui lòng theo dõi trang này.",
  failed: "Chưa bật được thông báo. Ông/Bà vui lòng thử lại hoặc theo dõi trang này.",
};

/** Offer push only with the server's VAPID key and a browser that has PushManager. */
export function pushOffered(win, key) {
  return Boolean(
    key && win && win.navigator && "serviceWorker" in win.navigator && "PushManager" in win && "Notification" in win,
  );
}

/** The VAPID public key (base64url) as the bytes `applicationServerKey` takes. */
export function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  const binary = atob(base64);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/**
 * Ask permission, register the worker (scope /t/), subscribe, and send the subscription to
 * the server: "subscribed", "denied" or "failed".
 */
export async function subscribePush({ serviceWorker, requestPermission, key, token, send }) {
  try {
    const permission = await requestPermission();
    if (permission !== "granted") return "denied";
    await serviceWorker.register("/t/sw.js", { scope: "/t/" });
    const registration = await serviceWorker.ready;
    const existing = await registration.pushManager.getSubscription();
    const subscription =
      existing ||
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }));
    await send(`/public/tickets/${encodeURIComponent(token)}/push`, subscription.toJSON());
    return "subscribed";
  } catch {
    return "failed";
  }
}
