import { test } from "node:test";
import assert from "node:assert/strict";
import { connectLive } from "../../server/web/static/js/live.js";
import { REORDER_WAIT_MS } from "../../server/web/static/js/seq.js";
import { installFakeClock } from "./fake_clock.mjs";

/** A stand-in for socket.io's client: records emits, lets the test play server messages. */
function fakeIo() {
  const listeners = {};
  const socket = {
    connected: true,
    emitted: [],
    on(name, handler) {
      listeners[name] = handler;
    },
    emit(name) {
      this.emitted.push(name);
    },
    close() {},
  };
  return { io: () => socket, socket, serve: (name, payload) => listeners[name](payload) };
}

function screen() {
  const seen = [];
  const handlers = {
    state: (snapshot) => seen.push(`state ${snapshot.seq}`),
    event: (name, payload) => seen.push(`${name} ${payload.seq}`),
    missed: (name, payload) => seen.push(`missed ${name} ${payload.seq}`),
  };
  return { seen, handlers };
}

/** Run a test body with a connected screen, on fake timers, then close it. */
function withScreen(body) {
  const clock = installFakeClock();
  const { io, socket, serve } = fakeIo();
  const { seen, handlers } = screen();
  const live = connectLive({ token: "t", handlers, io });
  try {
    serve("state", { seq: 4, server_version: "1" });
    body({ socket, serve, seen, clock });
  } finally {
    live.close();
    clock.restore();
  }
}

test("events that cross between server processes are applied in seq order, no sync", () => {
  withScreen(({ socket, serve, seen, clock }) => {
    serve("ticket_called", { seq: 6 });
    serve("ticket_issued", { seq: 5 });
    clock.tick(REORDER_WAIT_MS * 2);
    assert.deepEqual(seen, ["state 4", "ticket_issued 5", "ticket_called 6"]);
    assert.deepEqual(socket.emitted, []);
  });
});

test("a gap that stays open asks for a snapshot and still hands over the held call", () => {
  withScreen(({ socket, serve, seen, clock }) => {
    serve("ticket_called", { seq: 7 });
    clock.tick(REORDER_WAIT_MS - 1);
    assert.deepEqual(socket.emitted, []); // still waiting for 5 and 6
    clock.tick(1);
    assert.deepEqual(socket.emitted, ["sync"]);
    assert.deepEqual(seen, ["state 4", "missed ticket_called 7"]);
    serve("state", { seq: 7, server_version: "1" });
    serve("ticket_issued", { seq: 8 });
    assert.deepEqual(seen.slice(2), ["state 7", "ticket_issued 8"]);
  });
});
