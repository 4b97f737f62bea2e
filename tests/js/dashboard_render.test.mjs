import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";
import { dashboardData } from "./dashboard_fixtures.mjs";

const {
  ageOf,
  breachesMarkup,
  countersMarkup,
  distributionChart,
  hourlyChart,
  kpiMarkup,
  officesMarkup,
  printersMarkup,
  satisfiedShare,
  scopeText,
  servicesMarkup,
} = await import("../../dashboard/static/js/render.js");

const generated = Date.parse("2026-03-02T02:00:00Z");

test("clocks age with the data: the longest wait ticks on", () => {
  const data = dashboardData();
  assert.equal(ageOf(data, generated + 30_000), 30);
  const later = kpiMarkup(data, generated + 40_000);
  assert.match(later, /Lâu nhất <strong>34 phút<\/strong> · A012 Đất đai/);
});

test("headline figures: waiting, breaches in red, today's counts, times, satisfaction", () => {
  const html = kpiMarkup(dashboardData(), generated);
  assert.match(html, /data-kpi="waiting"><h3>Đang chờ<\/h3><p class="db-kpi__value">3<\/p>/);
  assert.match(html, /db-kpi--alert" data-kpi="breaches">.*<p class="db-kpi__value">1<\/p>/);
  assert.match(html, /Hôm nay đã gọi trễ: 2 lượt/);
  assert.match(html, /Đã phục vụ 8 · Vắng 1 · Hủy 0/);
  assert.match(html, /data-kpi="wait">.*10,0<small> phút<\/small>.*P90: 25,0 phút/);
  assert.match(html, /data-kpi="satisfaction">.*80,0%.*5 lượt đánh giá/);
  assert.match(html, /data-kpi="counters">.*1<small>\/3<\/small>/);
  const calm = kpiMarkup(dashboardData({ sla: { waiting_over_target: 0, served_over_target_today: 0, tickets: [] } }), generated);
  assert.match(calm, /db-kpi--ok" data-kpi="breaches"/);
});

test("satisfied share counts very satisfied and satisfied", () => {
  assert.equal(satisfiedShare({ very_satisfied: 3, satisfied: 1, dissatisfied: 1 }), 80);
  assert.equal(satisfiedShare({ very_satisfied: 0, satisfied: 0, dissatisfied: 0 }), null);
});

test("services table: a row per active service, breaches highlighted, names escaped", () => {
  const html = servicesMarkup(dashboardData(), generated + 10_000);
  assert.equal((html.match(/<tr class=/g) || []).length, 2); // the inactive, idle service is left out
  assert.match(html, /<tr class="is-alert"><th scope="row"><span class="db-prefix">A<\/span><span class="db-name">Đất đai<\/span>/);
  assert.match(html, /<td class="num db-duration db-over">33 phút 30 giây<\/td>/);
  assert.match(html, /Điện lực Yên Thế<\/span><span class="db-sub">Điện lực Yên Thế<\/span>/);
  assert.ok(!html.includes("<Ngừng>"));
  assert.match(servicesMarkup(dashboardData({ services: [] }), generated), /Chưa có lĩnh vực nào/);
});

test("names typed with combining marks reach the page as one glyph each (NFC)", () => {
  const data = dashboardData();
  data.services[0].name = "Đất đai".normalize("NFD");
  const html = servicesMarkup(data, generated);
  assert.ok(html.includes('<span class="db-name">Đất đai</span>'));
  assert.ok(!html.includes("Đất đai".normalize("NFD")));
});

test("several offices: only services with people today, the rest counted", () => {
  const data = dashboardData({ subtree: true });
  data.services[1].waiting = 0;
  data.services[1].issued = 0;
  const html = servicesMarkup(data, generated);
  assert.equal((html.match(/<tr class=/g) || []).length, 1);
  assert.match(html, /<span class="db-sub">Yên Thế<\/span>/);
  assert.match(html, /2 lĩnh vực khác chưa có lượt hôm nay/);
});

test("SLA list: longest first with a ticking wait; all clear otherwise", () => {
  assert.match(breachesMarkup(dashboardData(), generated + 5000), /<span class="db-ticket">A012<\/span>.*33 phút 25 giây/);
  const clear = dashboardData({ sla: { waiting_over_target: 0, served_over_target_today: 0, tickets: [] } });
  assert.match(breachesMarkup(clear, generated), /Không có phiếu nào chờ quá thời gian chuẩn/);
});

test("counters show their state, ticket with elapsed time, clerk and today's work", () => {
  const html = countersMarkup(dashboardData(), Date.parse("2026-03-02T02:00:00Z"));
  assert.match(html, /db-counter--open.*Đang mở.*<p class="db-counter__ticket">A011<\/p><p class="db-counter__state">Đang phục vụ · 5 phút<\/p>.*Trần Thị Một/);
  assert.match(html, /db-counter--paused.*Tạm dừng.*Chưa có cán bộ/);
  assert.match(html, /db-counter--closed.*Hôm nay: 3 lượt · TB 3,3 ph/);
});

test("offices table links each office to its own dashboard", () => {
  const html = officesMarkup(dashboardData({ subtree: true }), generated);
  assert.match(html, /<a href="\?office_id=1">Bộ phận Một cửa huyện Yên Thế<\/a>/);
  assert.match(html, /2\/3/);
});

test("charts and scope", () => {
  const data = dashboardData();
  assert.match(hourlyChart(data), /Lượt đến \(cấp số\)/);
  assert.match(hourlyChart(data), /<title>8h – Đã phục vụ xong: 8<\/title>/);
  assert.match(distributionChart(data), /<title>≥ 60 – Đang chờ: 1<\/title>/);
  assert.equal(scopeText(data), "Bộ phận Một cửa huyện Yên Thế · Ngày 02/03/2026");
  assert.equal(scopeText(dashboardData({ subtree: true, offices: [{}, {}, {}] })), "Bộ phận Một cửa huyện Yên Thế và 2 đơn vị trực thuộc · Ngày 02/03/2026");
});

test("waits and service times read as durations, never as clock times", () => {
  const data = dashboardData();
  data.waiting.longest_seconds = 711;
  data.services[0].longest_wait_seconds = 3900;
  const html = kpiMarkup(data, generated) + servicesMarkup(data, generated) + breachesMarkup(data, generated) + countersMarkup(data, generated);
  assert.match(html, /Lâu nhất <strong>11 phút 51 giây<\/strong>/);
  assert.match(html, />1 giờ 5 phút<\/td>/);
  assert.doesNotMatch(html, /\b\d{1,2}:\d{2}\b/);
});

test("kiosk printers in trouble: alerts first, warnings after, with the time of the report", () => {
  assert.equal(printersMarkup(dashboardData()), "");
  const printers = [
    { device_id: 7, name: "Kiosk tầng 2", office_id: 1, office_name: "Yên Thế", status: "paper_out", message: "Máy in hết giấy", level: "alert", at: "2026-03-02T01:58:00+00:00" },
    { device_id: 8, name: "<Kiosk cổng>", office_id: 1, office_name: "Yên Thế", status: "paper_near_end", message: "Máy in sắp hết giấy", level: "warning", at: "2026-03-01T09:00:00+00:00" },
  ];
  const html = printersMarkup(dashboardData({ printers }));
  assert.match(html, /db-printer--alert.*Kiosk không in được phiếu.*<strong>Kiosk tầng 2<\/strong>: Máy in hết giấy.*báo lúc 08:58/);
  assert.match(html, /db-printer--warning.*Cần chú ý.*&lt;Kiosk cổng&gt;.*Máy in sắp hết giấy.*báo lúc 01\/03\/2026 16:00/);
  assert.match(printersMarkup(dashboardData({ printers, subtree: true })), /Kiosk tầng 2<\/strong> · Yên Thế: /);
});

test("today's bookings: a card once there is one, with check-ins, no-shows and cancellations", () => {
  assert.doesNotMatch(kpiMarkup(dashboardData(), generated), /data-kpi="appointments"/);
  assert.doesNotMatch(kpiMarkup(dashboardData({ appointments: undefined }), generated), /Lịch hẹn/);
  const booked = dashboardData({ appointments: { booked: 12, checked_in: 5, cancelled: 2, expired: 1 } });
  const html = kpiMarkup(booked, generated);
  assert.match(html, /db-kpi--warn" data-kpi="appointments"><h3>Lịch hẹn hôm nay<\/h3><p class="db-kpi__value">10<\/p>/);
  assert.match(html, /Đã đến 5 · Không đến 1 · Hủy 2/);
  const kept = kpiMarkup(dashboardData({ appointments: { booked: 3, checked_in: 1, cancelled: 0, expired: 0 } }), generated);
  assert.match(kept, /<article class="db-kpi" data-kpi="appointments">/);
});
