import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { COLORS, barChart, niceScale, ratingBar, ratingShares } = await import("../../dashboard/static/js/charts.js");

test("count axes go up in whole, round steps to at or above the largest value", () => {
  assert.deepEqual(niceScale(8), { top: 8, step: 2 });
  assert.deepEqual(niceScale(7), { top: 8, step: 2 });
  assert.deepEqual(niceScale(23), { top: 30, step: 10 });
  assert.deepEqual(niceScale(180), { top: 200, step: 50 });
  assert.deepEqual(niceScale(1), { top: 1, step: 1 });
  assert.deepEqual(niceScale(0), { top: 4, step: 1 });
});

test("a bar chart draws one bar per non-zero value, labelled, with a legend", () => {
  const svg = barChart({
    title: "Lượt đến",
    categories: ["7h", "8h", "9h"],
    series: [
      { name: "Lượt đến", color: COLORS.arrivals, values: [2, 10, 0] },
      { name: "Đã phục vụ", color: COLORS.served, values: [0, 8, 0] },
    ],
  });
  assert.match(svg, /^<svg class="ch" viewBox="0 0 640 260" role="img" aria-label="Lượt đến">/);
  assert.equal((svg.match(/<rect [^>]*rx="2" fill="#3b82c4"><title>/g) || []).length, 2);
  assert.equal((svg.match(/<rect [^>]*rx="2" fill="#1e7b34"><title>/g) || []).length, 1);
  assert.match(svg, /<title>8h – Lượt đến: 10<\/title>/);
  for (const label of ["7h", "8h", "9h", "Lượt đến", "Đã phục vụ"]) assert.ok(svg.includes(`>${label}<`), label);
  assert.ok(!svg.includes("NaN"));
});

test("the tallest bar reaches the top of the axis; stacked bars add up", () => {
  const svg = barChart({ title: "t", categories: ["a"], series: [{ name: "x", color: "#000", values: [4] }, { name: "y", color: "#111", values: [4] }], stacked: true });
  const heights = [...svg.matchAll(/height="([\d.]+)" rx="2" fill="[^"]+"><title>/g)].map((m) => Number(m[1]));
  assert.equal(heights.length, 2);
  assert.ok(Math.abs(heights[0] - heights[1]) < 0.2);
  assert.ok(Math.abs(heights[0] + heights[1] - (260 - 28 - 34)) < 0.5);
});

test("empty data draws an empty chart without errors", () => {
  const svg = barChart({ title: "t", categories: [], series: [{ name: "x", color: "#000", values: [] }] });
  assert.ok(svg.startsWith("<svg"));
  assert.ok(!svg.includes("NaN"));
});

test("rating shares and bar", () => {
  assert.deepEqual(ratingShares({ very_satisfied: 3, satisfied: 1, dissatisfied: 1 }), {
    total: 5,
    shares: { very_satisfied: 60, satisfied: 20, dissatisfied: 20 },
  });
  assert.deepEqual(ratingShares({ very_satisfied: 0, satisfied: 0, dissatisfied: 0 }).shares.satisfied, null);
  const svg = ratingBar({ very_satisfied: 3, satisfied: 1, dissatisfied: 1 }, { width: 100 });
  assert.match(svg, /aria-label="Rất hài lòng 60,0%, Hài lòng 20,0%, Không hài lòng 20,0%"/);
  assert.match(svg, /width="60\.0" height="22" fill="#1e7b34"/);
  assert.ok(svg.includes("Không hài lòng 20,0% (1)"));
  assert.match(ratingBar({ very_satisfied: 0, satisfied: 0, dissatisfied: 0 }), /Chưa có đánh giá/);
  assert.ok(!ratingBar({ very_satisfied: 1, satisfied: 0, dissatisfied: 0 }, { compact: true }).includes("ch-legend"));
});
