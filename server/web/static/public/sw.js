// The phone page's service worker (scope /t/): shows the pushed "almost your turn" and the call
// while the page sleeps; a tap brings the ticket's page back.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = data.number ? `Số ${data.number}` : "Xếp hàng";
  const body = data.text || "Có thông báo mới về số thứ tự của Ông/Bà.";
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      tag: data.number ? `xephang-${data.number}` : "xephang",
      renotify: true,
      requireInteraction: data.kind === "called",
      vibrate: [400, 200, 400, 200, 800],
      lang: "vi",
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const page = windows.find((client) => new URL(client.url).pathname.startsWith("/t/"));
      return page ? page.focus() : undefined;
    }),
  );
});
