// Inline SVG charts, drawn here (no chart library, nothing from the network): pure functions.
import { esc, num, percent } from "/assets/js/format.js";

export const COLORS = {
  arrivals: "#3b82c4",
  served: "#1e7b34",
  called: "#0b3a75",
  waiting: "#e08a00",
  very_satisfied: "#1e7b34",
  satisfied: "#8bbf3f",
  dissatisfied: "#c8102e",
  grid: "#e3e8f0",
  axis: "#6b7280",
};

/** A count axis with about four whole-number steps: 8 → 0…8 by 2, 23 → 0…30 by 10. */
export function niceScale(max) {
  if (!(max > 0)) return { top: 4, step: 1 };
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw));
  return { top: step * Math.ceil(max / step), step };
}

/**
 * Bars per category, one bar per series side by side (or stacked), with a y grid and a legend.
 * spec: { categories: [label], series: [{ name, color, values: [number] }], stacked?, width?,
 *         height?, title, yLabel? }
 */
export function barChart(spec) {
  const width = spec.width ?? 640;
  const height = spec.height ?? 260;
  const margin = { top: 28, right: 12, bottom: 34, left: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const n = spec.categories.length;
  const totals = spec.categories.map((_, i) =>
    spec.stacked
      ? spec.series.reduce((sum, s) => sum + (s.values[i] || 0), 0)
      : Math.max(0, ...spec.series.map((s) => s.values[i] || 0)),
  );
  const { top, step } = niceScale(Math.max(0, ...totals));
  const y = (v) => margin.top + plotH - (v / top) * plotH;
  const band = n ? plotW / n : plotW;
  const groups = spec.stacked ? 1 : spec.series.length;
  const barW = Math.max(2, Math.min(38, (band * 0.72) / groups));
  const parts = [];
  for (let value = 0; value <= top; value += step) {
    const yy = y(value).toFixed(1);
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${yy}" y2="${yy}" stroke="${COLORS.grid}"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${yy}" dy="4" text-anchor="end" class="ch-tick">${num(value)}</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 14));
  spec.categories.forEach((label, i) => {
    const x0 = margin.left + band * i + (band - barW * groups) / 2;
    let base = 0;
    spec.series.forEach((series, s) => {
      const value = series.values[i] || 0;
      const x = spec.stacked ? x0 : x0 + barW * s;
      const from = spec.stacked ? base : 0;
      const yTop = y(from + value);
      const h = Math.max(0, y(from) - yTop);
      if (value > 0) {
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${yTop.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" rx="2" fill="${series.color}"><title>${esc(label)} – ${esc(series.name)}: ${num(value)}</title></rect>`,
        );
      }
      if (spec.stacked) base += value;
    });
    if (i % every === 0) {
      const cx = (margin.left + band * i + band / 2).toFixed(1);
      parts.push(`<text x="${cx}" y="${height - margin.bottom + 16}" text-anchor="middle" class="ch-label">${esc(label)}</text>`);
    }
  });
  parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(0)}" y2="${y(0)}" stroke="${COLORS.axis}"/>`);
  let lx = margin.left;
  spec.series.forEach((series) => {
    parts.push(`<rect x="${lx}" y="8" width="12" height="12" rx="2" fill="${series.color}"/>`);
    parts.push(`<text x="${lx + 17}" y="18" class="ch-legend">${esc(series.name)}</text>`);
    lx += 30 + series.name.length * 7.2;
  });
  if (spec.yLabel) {
    parts.push(`<text x="${width - margin.right}" y="18" text-anchor="end" class="ch-tick">${esc(spec.yLabel)}</text>`);
  }
  return `<svg class="ch" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(spec.title)}"><title>${esc(spec.title)}</title>${parts.join("")}</svg>`;
}

const LEVELS = [
  ["very_satisfied", "Rất hài lòng"],
  ["satisfied", "Hài lòng"],
  ["dissatisfied", "Không hài lòng"],
];

/** Shares of each rating level (percent, one decimal), null when nobody rated. */
export function ratingShares(ratings) {
  const total = LEVELS.reduce((sum, [level]) => sum + (ratings?.[level] || 0), 0);
  const shares = {};
  for (const [level] of LEVELS) shares[level] = total ? Math.round((1000 * (ratings[level] || 0)) / total) / 10 : null;
  return { total, shares };
}

/** A horizontal bar split by rating level; `compact` draws it without a legend (table cells). */
export function ratingBar(ratings, { width = 360, compact = false } = {}) {
  const { total, shares } = ratingShares(ratings);
  const height = compact ? 12 : 64;
  const barY = compact ? 0 : 6;
  const barH = compact ? 12 : 22;
  if (!total) {
    return `<svg class="ch ch--rating" viewBox="0 0 ${width} ${height}" role="img" aria-label="Chưa có đánh giá"><title>Chưa có đánh giá</title><rect x="0" y="${barY}" width="${width}" height="${barH}" rx="4" fill="${COLORS.grid}"/></svg>`;
  }
  const bars = [];
  let x = 0;
  for (const [level, name] of LEVELS) {
    const w = (width * (ratings[level] || 0)) / total;
    if (w > 0) {
      bars.push(
        `<rect x="${x.toFixed(1)}" y="${barY}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[level]}"><title>${name}: ${num(ratings[level])} (${percent(shares[level])})</title></rect>`,
      );
    }
    x += w;
  }
  const legend = [];
  let rows = 0;
  if (!compact) {
    // Legend items flow left to right and wrap onto a new line when the width runs out.
    let lx = 0;
    rows = 1;
    for (const [level, name] of LEVELS) {
      const text = `${name} ${percent(shares[level])} (${num(ratings[level] || 0)})`;
      const itemWidth = 30 + text.length * 6.6;
      if (lx > 0 && lx + itemWidth > width) {
        lx = 0;
        rows += 1;
      }
      const y = 42 + (rows - 1) * 20;
      legend.push(`<rect x="${lx}" y="${y}" width="12" height="12" rx="2" fill="${COLORS[level]}"/>`);
      legend.push(`<text x="${lx + 17}" y="${y + 10}" class="ch-legend">${esc(text)}</text>`);
      lx += itemWidth;
    }
  }
  const fullHeight = compact ? height : 42 + rows * 20;
  const label = LEVELS.map(([level, name]) => `${name} ${percent(shares[level])}`).join(", ");
  return (
    `<svg class="ch ch--rating" viewBox="0 0 ${width} ${fullHeight}" role="img" aria-label="${esc(label)}">` +
    `<title>${esc(label)}</title>` +
    `${bars.join("")}${legend.join("")}</svg>`
  );
}
