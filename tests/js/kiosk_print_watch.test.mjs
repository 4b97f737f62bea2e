import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";
import { installFakeClock } from "./fake_clock.mjs";

const { createPrintWatch } = await import("../../kiosk/static/js/print_watch.js");
const { TIMING, initialPrint } = await import("../../kiosk/static/js/render.js");

// A watch whose every state change is recorded; the fake clock drives its timers.
function watched(run) {
  const clock = installFakeClock();
  const seen = [];
  try {
    const watch = createPrintWatch({ onChange: (print) => seen.push(print) });
    run({ watch, clock, seen, states: () => seen.map((print) => print.state) });
  } finally {
    clock.restore();
  }
}

test("a print that finished before the ticket's answer arrived is shown once the answer names it", () => {
  watched(({ watch, clock, states }) => {
    // V006: the server printed in 33 ms, before POST /tickets answered.
    watch.update({ id: 41, ticket_id: 6, status: "printed", reason: null });
    clock.tick(33);
    watch.watch(6, initialPrint("ok"));
    assert.equal(watch.print.state, "printed");
    clock.tick(TIMING.printTimeoutMs * 2); // no timeout turns it into "KHÔNG IN ĐƯỢC PHIẾU"
    assert.equal(watch.print.state, "printed");
    assert.deepEqual(states(), ["pending", "printed"]);
  });
});

test("an early failure is shown with its reason, and only for its own ticket", () => {
  watched(({ watch }) => {
    watch.update({ id: 40, ticket_id: 5, status: "printed" }); // another ticket of this kiosk
    watch.update({ id: 41, ticket_id: 6, status: "failed", reason: "paper_out" });
    watch.watch(6, initialPrint("ok"));
    assert.deepEqual(watch.print, { state: "failed", reason: "paper_out" });
  });
});

test("without any answer from the printer the ticket fails by timeout", () => {
  watched(({ watch, clock }) => {
    watch.watch(7, initialPrint("ok"));
    clock.tick(TIMING.printTimeoutMs - 1);
    assert.equal(watch.print.state, "pending");
    clock.tick(1);
    assert.deepEqual(watch.print, { state: "failed", reason: "timeout" });
    watch.update({ id: 42, ticket_id: 7, status: "printed" }); // it printed after all
    assert.equal(watch.print.state, "printed");
  });
});

test("an early update is held for a while only; a printed ticket ignores later failures", () => {
  watched(({ watch, clock }) => {
    watch.update({ id: 43, ticket_id: 8, status: "printed" });
    clock.tick(TIMING.holdUpdateMs);
    watch.watch(8, initialPrint("ok"));
    assert.equal(watch.print.state, "pending"); // too old to belong to this answer
    watch.update({ id: 43, ticket_id: 8, status: "printed" });
    watch.update({ id: 43, ticket_id: 8, status: "failed", reason: "offline" });
    assert.equal(watch.print.state, "printed");
  });
});

test("updates arriving after the citizen went back are not applied to the next ticket", () => {
  watched(({ watch }) => {
    watch.watch(9, initialPrint("ok"));
    watch.stop();
    watch.update({ id: 44, ticket_id: 9, status: "failed", reason: "offline" });
    watch.watch(10, initialPrint("ok"));
    assert.equal(watch.print.state, "pending");
  });
});

test("a reprint is busy at once, then shows the printer's answer and that it tried", () => {
  watched(({ watch, clock, states }) => {
    watch.watch(11, initialPrint("offline")); // the printer is known to be down
    assert.deepEqual(watch.print, { state: "failed", reason: "offline" });
    watch.reprint();
    assert.deepEqual(watch.print, { state: "reprinting", reason: "offline", attempts: 1 });
    // The dead printer fails the new job before the reprint's answer names it.
    watch.update({ id: 46, ticket_id: 11, status: "failed", reason: "offline" });
    assert.equal(watch.print.state, "reprinting");
    watch.reprintSent(46);
    assert.deepEqual(watch.print, { state: "failed", reason: "offline", attempts: 1 });
    watch.reprint();
    watch.reprintSent(47);
    clock.tick(TIMING.printTimeoutMs);
    assert.deepEqual(watch.print, { state: "failed", reason: "timeout", attempts: 2 });
    assert.deepEqual(states(), ["failed", "reprinting", "failed", "reprinting", "failed"]);
  });
});

test("during a reprint an earlier job's failure is ignored, any job's success counts", () => {
  watched(({ watch }) => {
    watch.watch(12, initialPrint("ok"));
    watch.update({ id: 50, ticket_id: 12, status: "failed", reason: "paper_out" });
    watch.reprint();
    watch.reprintSent(51);
    watch.update({ id: 50, ticket_id: 12, status: "failed", reason: "cover_open" }); // old job's retry
    assert.equal(watch.print.state, "reprinting");
    watch.update({ id: 51, ticket_id: 12, status: "printed" });
    assert.equal(watch.print.state, "printed");
  });
});

test("a refused reprint goes back to the failure it started from", () => {
  watched(({ watch, clock }) => {
    watch.watch(13, initialPrint("paper_out"));
    watch.reprint();
    watch.reprintRefused();
    assert.deepEqual(watch.print, { state: "failed", reason: "paper_out" });
    clock.tick(TIMING.printTimeoutMs * 2); // its timer is gone too
    assert.deepEqual(watch.print, { state: "failed", reason: "paper_out" });
  });
});
