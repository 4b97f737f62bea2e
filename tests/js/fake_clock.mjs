// A fake clock for setTimeout/setInterval. node:test's mock.timers is not used: Node 18 (Debian
// 12's nodejs) takes other arguments to enable() and runs a timer even after clearTimeout.

/** Replace the global timers until `restore()`; `tick(ms)` runs what falls due, in time order;
 * `now()` is the fake time. */
export function installFakeClock() {
  const saved = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
  };
  const timers = new Map();
  let now = 0;
  let nextId = 1;

  const schedule = (callback, delay, every) => {
    const id = nextId++;
    timers.set(id, { callback, due: now + Math.max(0, delay || 0), every });
    return id;
  };
  const cancel = (id) => timers.delete(id);
  globalThis.setTimeout = (callback, delay) => schedule(callback, delay, null);
  globalThis.setInterval = (callback, delay) => schedule(callback, delay, Math.max(1, delay || 0));
  globalThis.clearTimeout = cancel;
  globalThis.clearInterval = cancel;

  return {
    // The fake time in milliseconds since the clock was installed (pass it as a `now` function).
    now() {
      return now;
    },
    tick(ms) {
      const end = now + ms;
      for (;;) {
        let id = null;
        for (const [key, timer] of timers) {
          if (timer.due <= end && (id === null || timer.due < timers.get(id).due)) id = key;
        }
        if (id === null) break;
        const timer = timers.get(id);
        now = timer.due;
        if (timer.every) timer.due += timer.every;
        else timers.delete(id);
        timer.callback();
      }
      now = end;
    },
    restore() {
      Object.assign(globalThis, saved);
    },
  };
}
