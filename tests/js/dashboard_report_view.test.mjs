import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";
import { reportData } from "./dashboard_fixtures.mjs";

const {
  FIGURES,
  choiceOptions,
  exportUrl,
  filtersText,
  nextSort,
  periodChart,
  presetOf,
  presetRange,
  scopeText,
  sortRows,
  summaryMarkup,
  tableMarkup,
  viewsOf,
} = await import("../../dashboard/static/js/report_view.js");

test("presets: last month, quarters and years from a given today", () => {
  assert.deepEqual(presetRange("last_month", "2026-03-15"), { from: "2026-02-01", to: "2026-02-28", period: "day" });
  assert.deepEqual(presetRange("last_month", "2026-01-05"), { from: "2025-12-01", to: "2025-12-31", period: "day" });
  assert.deepEqual(presetRange("last_month", "2024-03-31"), { from: "2024-02-01", to: "2024-02-29", period: "day" });
  assert.deepEqual(presetRange("this_month", "2026-03-15"), { from: "2026-03-01", to: "2026-03-15", period: "day" });
  assert.deepEqual(presetRange("yesterday", "2026-03-01"), { from: "2026-02-28", to: "2026-02-28", period: "day" });
  assert.deepEqual(presetRange("last7", "2026-03-03"), { from: "2026-02-25", to: "2026-03-03", period: "day" });
  assert.deepEqual(presetRange("this_quarter", "2026-05-20"), { from: "2026-04-01", to: "2026-05-20", period: "month" });
  assert.deepEqual(presetRange("last_quarter", "2026-02-10"), { from: "2025-10-01", to: "2025-12-31", period: "month" });
  assert.deepEqual(presetRange("last_quarter", "2026-08-10"), { from: "2026-04-01", to: "2026-06-30", period: "month" });
  assert.deepEqual(presetRange("this_year", "2026-08-10"), { from: "2026-01-01", to: "2026-08-10", period: "month" });
  assert.deepEqual(presetRange("last_year", "2026-08-10"), { from: "2025-01-01", to: "2025-12-31", period: "quarter" });
  assert.throws(() => presetRange("fortnight", "2026-01-01"));
  assert.equal(presetOf("2026-02-01", "2026-02-28", "2026-03-15"), "last_month");
  assert.equal(presetOf("2026-02-02", "2026-02-28", "2026-03-15"), undefined);
});

test("sorting: numbers start largest first, a second click flips, names A→Z", () => {
  assert.deepEqual(nextSort({ key: "label", dir: "asc" }, "wait_mean"), { key: "wait_mean", dir: "desc" });
  assert.deepEqual(nextSort({ key: "wait_mean", dir: "desc" }, "wait_mean"), { key: "wait_mean", dir: "asc" });
  assert.deepEqual(nextSort(null, "label"), { key: "label", dir: "asc" });
  const rows = reportData().by_service;
  const byWait = sortRows(rows, "service", { key: "wait_mean", dir: "desc" });
  assert.deepEqual(byWait.map((row) => row.name), ["Tư pháp – Hộ tịch", "Đất đai", "Chứng thực"]); // no figure: last
  const ascending = sortRows(rows, "service", { key: "wait_mean", dir: "asc" });
  assert.deepEqual(ascending.map((row) => row.name), ["Đất đai", "Tư pháp – Hộ tịch", "Chứng thực"]);
  const byName = sortRows(rows, "service", { key: "label", dir: "asc" });
  assert.deepEqual(byName.map((row) => row.name), ["Chứng thực", "Đất đai", "Tư pháp – Hộ tịch"]);
  const unhappy = sortRows(rows, "service", { key: "dissatisfied", dir: "desc" });
  assert.equal(unhappy[0].name, "Tư pháp – Hộ tịch");
});

test("clerks sort by given name, then the rest, as the server lists them", () => {
  const names = ["Nguyễn Văn Hùng", "Trần Thị Thu Hằng", "Lê Minh Tuấn", "Phạm Thị Lan Anh"];
  const rows = names.map((name, index) => ({ user_id: index + 1, name }));
  const byName = sortRows(rows, "clerk", { key: "label", dir: "asc" });
  assert.deepEqual(byName.map((row) => row.name), ["Phạm Thị Lan Anh", "Trần Thị Thu Hằng", "Nguyễn Văn Hùng", "Lê Minh Tuấn"]);
  const backwards = sortRows(rows, "clerk", { key: "label", dir: "desc" });
  assert.deepEqual(backwards.map((row) => row.name), [...byName.map((row) => row.name)].reverse());
});

test("the service table answers who waited longest and how satisfied they were", () => {
  const html = tableMarkup(reportData(), "service", { key: "wait_mean", dir: "desc" });
  assert.match(html, /<th scope="col" class="num" aria-sort="descending"><button type="button" class="rp-sort" data-sort="wait_mean"/);
  const firstRow = html.split("<tbody>")[1].split("</tr>")[0];
  assert.match(firstRow, /<span class="st-prefix">B<\/span>Tư pháp – Hộ tịch/);
  assert.match(firstRow, /<td class="num">15,0<\/td>/); // 900 s mean wait
  // The dissatisfied share and its count, each on its own line at a readable size.
  assert.match(firstRow, /<td class="num"><span class="rp-share">66,7%<\/span><span class="rp-count">2 lượt<\/span><\/td>/);
  assert.doesNotMatch(firstRow, /<small>/);
  assert.match(html, /<tfoot><tr><th scope="row">Tổng cộng<\/th><td class="num">9<\/td>/);
  for (const header of ["Chờ TB", "Chờ P90", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Tỷ lệ vắng", "Chuyển đi"]) {
    assert.ok(html.includes(`>${header}<span`), header);
  }
  assert.equal(FIGURES.length, 16);
  assert.match(tableMarkup(reportData({ by_clerk: [] }), "clerk", null), /Không có số liệu/);
});

test("views: per office only for several offices, per period only when asked", () => {
  assert.deepEqual(viewsOf(reportData()), ["service", "counter", "clerk", "period", "channel"]);
  assert.deepEqual(viewsOf(reportData({ subtree: true, office_count: 3, period: null })), ["service", "counter", "clerk", "office", "channel"]);
  assert.deepEqual(viewsOf(reportData({ by_channel: undefined })), ["service", "counter", "clerk", "period"]);
});

test("the channel view: a row per channel, in the server's order, with the totals", () => {
  const html = tableMarkup(reportData(), "channel", null);
  assert.match(html, /data-view="channel"/);
  const names = [...html.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((match) => match[1]);
  assert.deepEqual(names, ["Kiosk lấy số", "Quầy tiếp nhận", "Lấy số từ xa", "Đặt lịch hẹn", "Tổng cộng"]);
});

test("summary, scope, filters and export link", () => {
  const report = reportData();
  assert.match(summaryMarkup(report), /Số phiếu đã cấp<\/h3><p class="rp-kpi__value">9<\/p>/);
  assert.match(summaryMarkup(report), /Tỷ lệ 14,3% số đã gọi/);
  assert.match(summaryMarkup(report), /Hài lòng<\/h3><p class="rp-kpi__value">66,7%<\/p>/);
  assert.equal(scopeText(report), "Bộ phận Một cửa huyện Yên Thế · từ 01/02/2026 đến 28/02/2026");
  assert.equal(scopeText(reportData({ subtree: true, office_count: 4, from: "2026-02-01", to: "2026-02-01" })), "Bộ phận Một cửa huyện Yên Thế (gồm 3 đơn vị trực thuộc) · ngày 01/02/2026");
  assert.equal(filtersText(reportData({ filters: { service_id: 2, counter_id: null, clerk_id: 5 } })), "Lĩnh vực: B – Tư pháp – Hộ tịch · Cán bộ: Trần Thị Một");
  assert.match(choiceOptions(report.choices.services, 2, false), /<option value="2" selected>B – Tư pháp – Hộ tịch<\/option>/);
  assert.match(choiceOptions(report.choices.services, null, true), /Đất đai — Yên Thế/);
  const url = exportUrl(new URLSearchParams({ office_id: "1", from: "2026-02-01", to: "2026-02-28" }), "xlsx");
  assert.equal(url, "/api/v1/reports/export?office_id=1&from=2026-02-01&to=2026-02-28&format=xlsx");
  assert.match(exportUrl(new URLSearchParams({ office_id: "1" }), "csv", "clerk"), /format=csv&group=clerk$/);
  assert.match(periodChart(report), /<title>02\/02\/2026 – Đã cấp: 5<\/title>/);
});
