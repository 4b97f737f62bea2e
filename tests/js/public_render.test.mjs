import { test } from "node:test";
import assert from "node:assert/strict";
import { LEVELS, QUESTION, REASONS } from "../../server/web/static/js/rating_choices.js";
import "./served_assets.mjs";
import {
  ALREADY_RATED,
  MIN_REFRESH_MS,
  STAFF_CANNOT_RATE,
  STATUS_WORDS,
  applyQueue,
  followsQueue,
  initialRating,
  needsRefresh,
  pageMarkup,
  pageView,
  ratingStep,
  refreshDelay,
  shouldAlert,
  titleFor,
  waitText,
} from "../../server/web/static/public/render.js";

const tablet = await import("../../counter/static/js/rating_view.js");

function ticket(overrides = {}) {
  return {
    id: 7,
    number: "A012",
    office_id: 1,
    service_id: 2,
    service_name: "Đất đai",
    agency: null,
    priority: null,
    status: "waiting",
    counter_id: null,
    recall_count: 0,
    people_ahead: 4,
    estimated_wait_minutes: 18,
    called_counter: null,
    now_serving: [
      { number: "A008", status: "called", counter_number: "1", counter_name: "Quầy 1 – Đất đai" },
      { number: "B003", status: "serving", counter_number: "3", counter_name: "Quầy 3" },
    ],
    rating: null,
    ...overrides,
  };
}

const called = (overrides = {}) =>
  ticket({ status: "called", people_ahead: 0, called_counter: { number: "3", name: "Quầy 3 – Tư pháp" }, ...overrides });

test("every status has its Vietnamese words", () => {
  assert.deepEqual(STATUS_WORDS, {
    waiting: "Đang chờ",
    called: "Đã đến lượt",
    serving: "Đang phục vụ",
    done: "Đã xong",
    no_show: "Vắng mặt",
    parked: "Tạm giữ",
    cancelled: "Đã hủy",
  });
  for (const [status, words] of Object.entries(STATUS_WORDS)) {
    const html = pageMarkup(pageView(ticket({ status })));
    assert.ok(html.includes(`>${words}</p>`), status);
    assert.equal(words, words.normalize("NFC"));
  }
});

test("a waiting ticket shows people ahead, the estimate and the numbers being called", () => {
  const view = pageView(ticket(), { sound: "off", updatedAt: "09:41" });
  assert.equal(view.stats.ahead, "4");
  assert.equal(view.stats.wait, "Khoảng 18 phút");
  assert.equal(view.call, null);
  const html = pageMarkup(view);
  assert.ok(html.includes("A012"));
  assert.ok(html.includes("người đang chờ trước Ông/Bà"));
  assert.ok(html.includes("Khoảng 18 phút"));
  assert.ok(html.includes("A008") && html.includes("Quầy 1"));
  assert.ok(!html.includes("B003"), "a ticket already being served is not invited");
  assert.ok(html.includes('data-action="sound"'));
  assert.ok(html.includes("Cập nhật lúc 09:41"));
  assert.ok(!html.includes("xp-rating"));
  assert.equal(pageView(ticket({ people_ahead: 0 })).stats.aheadLabel, "Ông/Bà là người tiếp theo");
});

test("the estimate reads naturally and admits when there is none", () => {
  assert.equal(waitText(null), "Chưa ước tính được");
  assert.equal(waitText(undefined), "Chưa ước tính được");
  assert.equal(waitText(0), "Sắp đến lượt");
  assert.equal(waitText(1), "Khoảng 1 phút");
  assert.equal(waitText(60), "Khoảng 1 giờ");
  assert.equal(waitText(135), "Khoảng 2 giờ 15 phút");
});

test("a called ticket says big where to go, and a recall says so", () => {
  const view = pageView(called());
  assert.equal(view.call.main, "Mời đến quầy 3");
  assert.equal(view.call.lead, "Đã đến lượt Ông/Bà");
  assert.equal(view.stats, null);
  assert.equal(view.sound, null);
  const html = pageMarkup(view);
  assert.ok(html.includes('<p class="xp-call__main" id="call">Mời đến <span class="xp-call__counter">quầy 3</span></p>'));
  assert.ok(html.includes('role="alert"'));
  assert.ok(html.includes("Quầy 3 – Tư pháp"));
  assert.equal(pageView(called({ recall_count: 1 })).call.lead, "Xin nhắc lại: đã đến lượt Ông/Bà");
  assert.equal(titleFor(called()), "Mời đến quầy 3 – A012");
  assert.equal(titleFor(ticket()), "A012 – còn 4 người trước");
  assert.equal(titleFor(ticket({ status: "done" })), "A012 – Đã xong");
});

test("serving names the counter without the call banner", () => {
  const view = pageView(called({ status: "serving" }));
  assert.equal(view.call, null);
  assert.equal(view.serving.main, "Đang phục vụ tại quầy 3");
});

test("the alert fires on the call and on each recall, not on load or later updates", () => {
  assert.equal(shouldAlert(null, called()), false);
  assert.equal(shouldAlert(ticket(), called()), true);
  assert.equal(shouldAlert(ticket({ status: "parked" }), called()), true);
  assert.equal(shouldAlert(called(), called()), false);
  assert.equal(shouldAlert(called(), called({ recall_count: 1 })), true);
  assert.equal(shouldAlert(called({ recall_count: 1 }), called({ recall_count: 1 })), false);
  assert.equal(shouldAlert(called(), called({ status: "serving" })), false);
});

test("public queue figures refresh now serving only for the ticket's own office", () => {
  const queue = { office_id: 1, now_serving: [{ number: "A011", counter_number: "2" }], waiting: [] };
  assert.deepEqual(applyQueue(ticket(), queue).now_serving, queue.now_serving);
  assert.equal(applyQueue(ticket(), { ...queue, office_id: 9 }).now_serving.length, 2);
  assert.equal(applyQueue(ticket(), null).now_serving.length, 2);
  const mine = pageView(ticket({ now_serving: [{ number: "A012", counter_number: "2" }] }));
  assert.equal(mine.nowServing[0].mine, true);
  const empty = pageMarkup(pageView(ticket({ now_serving: [] })));
  assert.ok(empty.includes("Chưa có số nào đang được mời"));
});

test("a finished ticket stops following the queue", () => {
  assert.equal(followsQueue(ticket()), true);
  assert.equal(followsQueue(called()), true);
  assert.equal(followsQueue(ticket({ status: "parked" })), true);
  for (const status of ["done", "no_show", "cancelled"]) assert.equal(followsQueue(ticket({ status })), false);
});

test("refetches are spread and never closer than the minimum interval", () => {
  assert.equal(needsRefresh(ticket()), true);
  assert.equal(needsRefresh(called()), false);
  assert.equal(refreshDelay(100_000, 0, 0), 1000);
  assert.equal(refreshDelay(100_000, 0, 0.999), 3997);
  assert.equal(refreshDelay(100_000, 95_000, 0), MIN_REFRESH_MS - 5000);
});

test("the phone offers the same choices as the counter's rating tablet", () => {
  const phone = pageMarkup(pageView(ticket({ status: "done" })));
  const tabletQuestion = tablet.questionMarkup(ticket({ status: "done" }));
  for (const html of [phone, tabletQuestion]) {
    assert.ok(html.includes(QUESTION));
    for (const { level, label } of LEVELS) assert.ok(html.includes(`data-level="${level}"`) && html.includes(label), level);
  }
  assert.deepEqual(LEVELS.map((l) => l.label), ["Rất hài lòng", "Hài lòng", "Không hài lòng"]);
  const phoneReasons = pageMarkup(pageView(ticket({ status: "done" }), { rating: { phase: "reasons", level: "dissatisfied", reasons: [], message: "" } }));
  for (const html of [phoneReasons, tablet.reasonsMarkup([])]) {
    for (const { code, label } of REASONS) assert.ok(html.includes(`data-reason="${code}"`) && html.includes(label), code);
  }
});

test("rating: a positive level is sent at once; dissatisfied asks for reasons first", () => {
  let { state, send } = ratingStep(initialRating(ticket({ status: "done" })), { type: "choose", level: "satisfied" });
  assert.deepEqual(send, { level: "satisfied", reasons: [] });
  assert.equal(state.phase, "sending");
  assert.equal(ratingStep(state, { type: "choose", level: "satisfied" }).send, null); // no double send
  assert.equal(ratingStep(state, { type: "sent" }).state.phase, "thanks");

  ({ state, send } = ratingStep(initialRating(ticket()), { type: "choose", level: "dissatisfied" }));
  assert.equal(send, null);
  assert.equal(state.phase, "reasons");
  state = ratingStep(state, { type: "toggle", reason: "waiting_time" }).state;
  state = ratingStep(state, { type: "toggle", reason: "extra_documents" }).state;
  state = ratingStep(state, { type: "toggle", reason: "waiting_time" }).state;
  state = ratingStep(state, { type: "toggle", reason: "bogus" }).state;
  assert.deepEqual(state.reasons, ["extra_documents"]);
  const html = pageMarkup(pageView(ticket({ status: "done" }), { rating: state }));
  assert.ok(html.includes('data-reason="extra_documents" aria-pressed="true"'));
  assert.ok(html.includes("Yêu cầu giấy tờ ngoài quy định"));
  assert.equal(ratingStep(state, { type: "back" }).state.phase, "choose");
  ({ state, send } = ratingStep(state, { type: "submit" }));
  assert.deepEqual(send, { level: "dissatisfied", reasons: ["extra_documents"] });
});

test("rating: a second rating says it was already given; other failures can be retried", () => {
  const sending = ratingStep(initialRating(ticket()), { type: "choose", level: "very_satisfied" }).state;
  const already = ratingStep(sending, { type: "failed", status: 409, code: "already_rated" }).state;
  assert.equal(already.phase, "already");
  const html = pageMarkup(pageView(ticket({ status: "done" }), { rating: already }));
  assert.ok(html.includes(ALREADY_RATED));
  assert.equal(ALREADY_RATED, "Ông/Bà đã đánh giá phiếu này");
  assert.ok(!html.includes('data-action="choose"'));
  assert.equal(initialRating(ticket({ rating: { level: "satisfied" } })).phase, "already");
  const retry = ratingStep(sending, { type: "failed", status: 0, code: "offline" }).state;
  assert.equal(retry.phase, "choose");
  assert.ok(retry.message);
  assert.ok(ratingStep(sending, { type: "failed", status: 429, code: "too_many_requests" }).state.message.includes("thử lại"));
});

test("rating: a browser signed in as staff is told the rating is the citizen's", () => {
  const sending = ratingStep(initialRating(ticket()), { type: "choose", level: "satisfied" }).state;
  const refused = ratingStep(sending, { type: "failed", status: 403, code: "staff_cannot_rate" }).state;
  assert.equal(refused.phase, "choose");
  assert.equal(refused.message, STAFF_CANNOT_RATE);
  assert.ok(pageMarkup(pageView(ticket({ status: "done" }), { rating: refused })).includes("tài khoản cán bộ"));
});

test("text from the server is escaped", () => {
  const html = pageMarkup(
    pageView(
      called({
        service_name: "<img src=x onerror=alert(1)>",
        called_counter: { number: "<b>", name: "<script>" },
        now_serving: [{ number: "<i>", counter_number: "1" }],
      }),
    ),
  );
  assert.ok(!html.includes("<img") && !html.includes("<script>") && !html.includes("<b>") && !html.includes("<i>"));
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
});

test("sound offer appears only while waiting and only where the phone can alert", () => {
  assert.equal(pageView(ticket(), { sound: "off" }).sound, "off");
  assert.equal(pageView(ticket(), { sound: "none" }).sound, null);
  assert.equal(pageView(called(), { sound: "off" }).sound, null);
  assert.ok(pageMarkup(pageView(ticket(), { sound: "on" })).includes("Đã bật chuông và rung"));
});

test("'Đang mời' lists only the numbers being called, not those already served", () => {
  const view = pageView(
    ticket({
      now_serving: [
        { number: "A020", status: "called", counter_number: "1" },
        { number: "A019", status: "serving", counter_number: "2" },
        { number: "B004", status: "called", counter_number: "3" },
      ],
    }),
  );
  assert.deepEqual(
    view.nowServing.map((row) => row.number),
    ["A020", "B004"],
  );
});
