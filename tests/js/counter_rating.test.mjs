import { test } from "node:test";
import assert from "node:assert/strict";
import { afterAttempt, enqueue, isFinal, parseOutbox } from "../../counter/static/js/outbox.js";
import { QUESTION } from "../../server/web/static/js/rating_choices.js";
import "./served_assets.mjs";

const {
  QUESTION_TIMEOUT_MS,
  THANKS_MS,
  completedTicket,
  counterInfo,
  counterSubtitle,
  idleMarkup,
  initialTablet,
  questionMarkup,
  reasonsMarkup,
  screenMarkup,
  tabletStep,
} = await import("../../counter/static/js/rating_view.js");

const done = { id: 41, number: "A012", service_name: "Đất đai", status: "done", counter_id: 1 };

// Run actions from the initial state; return the last step and every rating sent.
function run(...actions) {
  let state = initialTablet();
  let step = null;
  const sent = [];
  for (const action of actions) {
    step = tabletStep(state, action);
    state = step.state;
    if (step.send) sent.push(step.send);
  }
  return { step, state, sent };
}

test("only a completed ticket of this counter starts a question", () => {
  assert.equal(completedTicket("ticket_updated", { ticket: done }, 1), done);
  assert.equal(completedTicket("ticket_updated", { ticket: done }, 2), null);
  assert.equal(completedTicket("ticket_updated", { ticket: { ...done, status: "serving" } }, 1), null);
  assert.equal(completedTicket("ticket_called", { ticket: done }, 1), null);
});

test("completed → the question, which goes back to idle after 30 s", () => {
  const { step, state } = run({ type: "completed", ticket: done });
  assert.equal(state.screen, "question");
  assert.equal(step.timer, QUESTION_TIMEOUT_MS);
  assert.equal(QUESTION_TIMEOUT_MS, 30_000);
  const idle = tabletStep(state, { type: "timeout" });
  assert.equal(idle.state.screen, "idle");
  assert.equal(idle.send, null);
  assert.equal(idle.timer, null);
});

test("a happy citizen: one tap sends the rating and thanks", () => {
  const { step, state, sent } = run({ type: "completed", ticket: done }, { type: "choose", level: "very_satisfied" });
  assert.equal(state.screen, "thanks");
  assert.equal(step.timer, THANKS_MS);
  assert.deepEqual(sent, [{ ticket_id: 41, level: "very_satisfied", reasons: [] }]);
  assert.equal(tabletStep(state, { type: "timeout" }).state.screen, "idle");
});

test("Không hài lòng asks for reasons, several allowed, toggled off again", () => {
  const { state, sent } = run(
    { type: "completed", ticket: done },
    { type: "choose", level: "dissatisfied" },
    { type: "toggle", reason: "waiting_time" },
    { type: "toggle", reason: "staff_attitude" },
    { type: "toggle", reason: "other" },
    { type: "toggle", reason: "other" },
    { type: "toggle", reason: "made_up" },
    { type: "submit" },
  );
  assert.equal(state.screen, "thanks");
  assert.deepEqual(sent, [{ ticket_id: 41, level: "dissatisfied", reasons: ["waiting_time", "staff_attitude"] }]);
});

test("leaving at the reasons still counts the dissatisfied rating", () => {
  const { state, sent } = run(
    { type: "completed", ticket: done },
    { type: "choose", level: "dissatisfied" },
    { type: "toggle", reason: "unclear_guidance" },
    { type: "timeout" },
  );
  assert.equal(state.screen, "idle");
  assert.deepEqual(sent, [{ ticket_id: 41, level: "dissatisfied", reasons: ["unclear_guidance"] }]);
});

test("back from the reasons returns to the three choices", () => {
  const { state, sent } = run({ type: "completed", ticket: done }, { type: "choose", level: "dissatisfied" }, { type: "back" });
  assert.equal(state.screen, "question");
  assert.deepEqual(sent, []);
});

test("one rating per ticket: a second completion of the same ticket and double taps are ignored", () => {
  const { state, sent } = run(
    { type: "completed", ticket: done },
    { type: "choose", level: "satisfied" },
    { type: "choose", level: "satisfied" },
    { type: "completed", ticket: done },
  );
  assert.equal(state.screen, "thanks");
  assert.equal(sent.length, 1);
});

test("a completion while the reasons are open sends the dissatisfied rating first", () => {
  const { state, sent } = run(
    { type: "completed", ticket: done },
    { type: "choose", level: "dissatisfied" },
    { type: "toggle", reason: "other" },
    { type: "completed", ticket: { ...done, id: 42, number: "A013" } },
  );
  assert.equal(state.screen, "question");
  assert.equal(state.ticket.id, 42);
  assert.deepEqual(sent, [{ ticket_id: 41, level: "dissatisfied", reasons: ["other"] }]);
});

test("the next citizen's completion replaces the thank-you", () => {
  const { state } = run(
    { type: "completed", ticket: done },
    { type: "choose", level: "satisfied" },
    { type: "completed", ticket: { ...done, id: 42, number: "A013" } },
  );
  assert.equal(state.screen, "question");
  assert.equal(state.ticket.number, "A013");
});

test("screens: idle names the counter and clerk; the question has the three big choices", () => {
  const snapshot = {
    office: { name: "Bộ phận Một cửa huyện Yên Thế" },
    counters: [{ id: 1, number: "1", name: "Quầy 1 – Đất đai", status: "open", clerk: { id: 3, full_name: "Nguyễn Văn Hùng" } }],
  };
  const info = counterInfo(snapshot, 1);
  const idle = idleMarkup(info);
  assert.match(idle, /Quầy 1/);
  assert.match(idle, /Nguyễn Văn Hùng/);
  assert.match(idle, /Yên Thế/);
  const closed = idleMarkup(counterInfo({ ...snapshot, counters: [{ ...snapshot.counters[0], status: "closed", clerk: null }] }, 1));
  assert.match(closed, /Quầy chưa mở/);
  const question = questionMarkup(done);
  assert.ok(question.includes(QUESTION));
  assert.equal(QUESTION, "Ông/Bà đánh giá thế nào về việc tiếp nhận, giải quyết tại quầy?");
  for (const label of ["Rất hài lòng", "Hài lòng", "Không hài lòng"]) assert.ok(question.includes(`<span>${label}</span>`));
  assert.match(question, /<svg/);
  const reasons = reasonsMarkup(["waiting_time"]);
  for (const label of ["Thái độ cán bộ", "Chờ lâu", "Hướng dẫn không rõ", "Yêu cầu giấy tờ ngoài quy định", "Khác"]) {
    assert.ok(reasons.includes(label), label);
  }
  assert.match(reasons, /data-reason="waiting_time" aria-pressed="true"/);
  assert.match(screenMarkup({ ...initialTablet(), screen: "thanks" }, info), /Cảm ơn/);
});

test("the outbox keeps one rating per ticket and survives bad storage", () => {
  let outbox = parseOutbox("not json");
  assert.deepEqual(outbox, []);
  outbox = enqueue(outbox, { ticket_id: 1, level: "satisfied" });
  outbox = enqueue(outbox, { ticket_id: 2, level: "dissatisfied", reasons: ["other"] });
  outbox = enqueue(outbox, { ticket_id: 1, level: "very_satisfied" });
  assert.deepEqual(outbox.map((item) => [item.ticket_id, item.level]), [[2, "dissatisfied"], [1, "very_satisfied"]]);
  assert.deepEqual(parseOutbox(JSON.stringify(outbox)), outbox);
  assert.deepEqual(parseOutbox('[{"x": 1}]'), []);
});

test("delivered, already rated or refused ratings leave the outbox; network failures stay", () => {
  const outbox = [{ ticket_id: 1, level: "satisfied" }];
  assert.deepEqual(afterAttempt(outbox, 1, null), []);
  assert.deepEqual(afterAttempt(outbox, 1, { status: 409, code: "already_rated" }), []);
  assert.deepEqual(afterAttempt(outbox, 1, { status: 0, code: "offline" }), outbox);
  assert.deepEqual(afterAttempt(outbox, 1, { status: 503, code: "database_unavailable" }), outbox);
  assert.deepEqual(afterAttempt(outbox, 1, { status: 429 }), outbox);
  assert.equal(isFinal({ status: 422 }), true);
});

test("the idle screen does not repeat the counter number in its name", () => {
  assert.equal(counterSubtitle({ number: "1", name: "Quầy 1 – Đất đai" }), "Đất đai");
  assert.equal(counterSubtitle({ number: "1", name: "Quầy 12 – Đất đai" }), "Quầy 12 – Đất đai");
  assert.equal(counterSubtitle({ number: "3", name: "Quầy số 3: Hộ tịch" }), "Hộ tịch");
  assert.equal(counterSubtitle({ number: "2", name: "Quầy 2" }), "");
  assert.equal(counterSubtitle({ number: "7", name: "Điện lực" }), "Điện lực");
});
