import { test } from "node:test";
import assert from "node:assert/strict";
import { keyBytes, OUTCOME_TEXT, pushOffered, subscribePush } from "../../server/web/static/public/push.js";

const KEY = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";

function browser({ existing = null, failSubscribe = false } = {}) {
  const calls = [];
  const json = { endpoint: "https://push.example.net/abc", keys: { p256dh: "p", auth: "a" } };
  const pushManager = {
    async getSubscription() {
      calls.push("getSubscription");
      return existing;
    },
    async subscribe(options) {
      calls.push(["subscribe", options.userVisibleOnly, options.applicationServerKey.length]);
      if (failSubscribe) throw new Error("AbortError");
      return { toJSON: () => json };
    },
  };
  const serviceWorker = {
    async register(url, options) {
      calls.push(["register", url, options.scope]);
    },
    ready: Promise.resolve({ pushManager }),
  };
  return { calls, serviceWorker, json };
}

test("push is offered only with a VAPID key and PushManager", () => {
  const win = { navigator: { serviceWorker: {} }, PushManager: class {}, Notification: class {} };
  assert.equal(pushOffered(win, KEY), true);
  assert.equal(pushOffered(win, ""), false);
  assert.equal(pushOffered({ navigator: { serviceWorker: {} }, Notification: class {} }, KEY), false);
  assert.equal(pushOffered({ navigator: {}, PushManager: class {}, Notification: class {} }, KEY), false);
});

test("the VAPID key becomes the 65 bytes of a P-256 point", () => {
  const bytes = keyBytes(KEY);
  assert.equal(bytes.length, 65);
  assert.equal(bytes[0], 4);
});

test("a granted permission subscribes and sends the subscription to the ticket's route", async () => {
  const { calls, serviceWorker, json } = browser();
  const sent = [];
  const outcome = await subscribePush({
    serviceWorker,
    requestPermission: async () => "granted",
    key: KEY,
    token: "tok123",
    send: async (path, body) => sent.push([path, body]),
  });
  assert.equal(outcome, "subscribed");
  assert.deepEqual(calls, [["register", "/t/sw.js", "/t/"], "getSubscription", ["subscribe", true, 65]]);
  assert.deepEqual(sent, [["/public/tickets/tok123/push", json]]);
});

test("an existing subscription is sent again, not made twice", async () => {
  const existing = { toJSON: () => ({ endpoint: "https://push.example.net/old" }) };
  const { calls, serviceWorker } = browser({ existing });
  const sent = [];
  const outcome = await subscribePush({
    serviceWorker,
    requestPermission: async () => "granted",
    key: KEY,
    token: "t",
    send: async (path, body) => sent.push(body.endpoint),
  });
  assert.equal(outcome, "subscribed");
  assert.ok(!calls.some((call) => call[0] === "subscribe"));
  assert.deepEqual(sent, ["https://push.example.net/old"]);
});

test("a refused permission registers nothing", async () => {
  const { calls, serviceWorker } = browser();
  const outcome = await subscribePush({
    serviceWorker,
    requestPermission: async () => "denied",
    key: KEY,
    token: "t",
    send: async () => assert.fail("nothing to send"),
  });
  assert.equal(outcome, "denied");
  assert.deepEqual(calls, []);
});

test("a failing push service or server answer is 'failed', never a thrown error", async () => {
  const { serviceWorker } = browser({ failSubscribe: true });
  const failing = { serviceWorker, requestPermission: async () => "granted", key: KEY, token: "t", send: async () => {} };
  assert.equal(await subscribePush(failing), "failed");
  const refused = { ...browser(), requestPermission: async () => "granted", key: KEY, token: "t" };
  refused.send = async () => {
    throw new Error("409");
  };
  assert.equal(await subscribePush(refused), "failed");
  assert.match(OUTCOME_TEXT.denied, /không cho phép/);
});
