// Pure functions of the reports page: date presets, columns, sorting and table markup.
import { COLORS, barChart, ratingBar } from "./charts.js";
import { escapeHtml } from "/assets/js/html.js";
import { dayText, minutes, num, percent } from "/assets/js/format.js";
import { compareGivenNames } from "/assets/js/names.js";

// ---- Date ranges -------------------------------------------------------------------------

function iso(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toISOString().slice(0, 10);
}

function parts(isoDate) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return { year, month, day };
}

function lastDay(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const PRESETS = [
  ["today", "Hôm nay"],
  ["yesterday", "Hôm qua"],
  ["last7", "7 ngày qua"],
  ["this_month", "Tháng này"],
  ["last_month", "Tháng trước"],
  ["this_quarter", "Quý này"],
  ["last_quarter", "Quý trước"],
  ["this_year", "Năm nay"],
  ["last_year", "Năm trước"],
];

/** The range of a preset relative to `today` (YYYY-MM-DD): { from, to, period }. */
export function presetRange(name, today) {
  const { year, month, day } = parts(today);
  const shift = (days) => {
    const date = new Date(Date.UTC(year, month - 1, day + days));
    return date.toISOString().slice(0, 10);
  };
  const quarterStart = Math.floor((month - 1) / 3) * 3 + 1;
  switch (name) {
    case "today":
      return { from: today, to: today, period: "day" };
    case "yesterday":
      return { from: shift(-1), to: shift(-1), period: "day" };
    case "last7":
      return { from: shift(-6), to: today, period: "day" };
    case "this_month":
      return { from: iso(year, month, 1), to: today, period: "day" };
    case "last_month": {
      const y = month === 1 ? year - 1 : year;
      const m = month === 1 ? 12 : month - 1;
      return { from: iso(y, m, 1), to: iso(y, m, lastDay(y, m)), period: "day" };
    }
    case "this_quarter":
      return { from: iso(year, quarterStart, 1), to: today, period: "month" };
    case "last_quarter": {
      const y = quarterStart === 1 ? year - 1 : year;
      const m = quarterStart === 1 ? 10 : quarterStart - 3;
      return { from: iso(y, m, 1), to: iso(y, m + 2, lastDay(y, m + 2)), period: "month" };
    }
    case "this_year":
      return { from: iso(year, 1, 1), to: today, period: "month" };
    case "last_year":
      return { from: iso(year - 1, 1, 1), to: iso(year - 1, 12, 31), period: "quarter" };
    default:
      throw new Error(`unknown preset ${name}`);
  }
}

/** Which preset a range is, if any (to highlight its button). */
export function presetOf(from, to, today) {
  return PRESETS.map(([name]) => name).find((name) => {
    const range = presetRange(name, today);
    return range.from === from && range.to === to;
  });
}

// ---- Columns -------------------------------------------------------------------------------

const LEVELS = ["very_satisfied", "satisfied", "dissatisfied"];

const seconds = (kind, statistic) => (row) => row[kind][statistic];

/** A share and the count behind it, each on its own line and both readable: "40,6%" over "26 lượt". */
export function shareCell(share, count) {
  return `<span class="rp-share">${percent(share)}</span><span class="rp-count">${num(count)} lượt</span>`;
}

/** Figure columns shared by every view: key, header, value for sorting, cell text. */
export const FIGURES = [
  { key: "issued", header: "Đã cấp", value: (r) => r.issued, cell: (r) => num(r.issued) },
  { key: "served", header: "Đã phục vụ", value: (r) => r.served, cell: (r) => num(r.served) },
  { key: "no_show", header: "Vắng mặt", value: (r) => r.no_show, cell: (r) => num(r.no_show) },
  {
    key: "no_show_rate",
    header: "Tỷ lệ vắng",
    title: "Số vắng mặt trên số đã gọi",
    value: (r) => r.no_show_rate,
    cell: (r) => percent(r.no_show_rate),
  },
  { key: "transferred", header: "Chuyển đi", value: (r) => r.transferred, cell: (r) => num(r.transferred) },
  { key: "cancelled", header: "Hủy", value: (r) => r.cancelled, cell: (r) => num(r.cancelled) },
  {
    key: "wait_mean",
    header: "Chờ TB",
    title: "Thời gian chờ trung bình (phút)",
    value: seconds("wait_seconds", "mean"),
    cell: (r) => minutes(r.wait_seconds.mean),
    group: "wait",
  },
  {
    key: "wait_median",
    header: "Chờ trung vị",
    value: seconds("wait_seconds", "median"),
    cell: (r) => minutes(r.wait_seconds.median),
    group: "wait",
  },
  {
    key: "wait_p90",
    header: "Chờ P90",
    title: "90% công dân chờ không quá (phút)",
    value: seconds("wait_seconds", "p90"),
    cell: (r) => minutes(r.wait_seconds.p90),
    group: "wait",
  },
  {
    key: "service_mean",
    header: "Phục vụ TB",
    title: "Thời gian phục vụ trung bình (phút)",
    value: seconds("service_seconds", "mean"),
    cell: (r) => minutes(r.service_seconds.mean),
    group: "service",
  },
  {
    key: "service_median",
    header: "Phục vụ trung vị",
    value: seconds("service_seconds", "median"),
    cell: (r) => minutes(r.service_seconds.median),
    group: "service",
  },
  {
    key: "service_p90",
    header: "Phục vụ P90",
    value: seconds("service_seconds", "p90"),
    cell: (r) => minutes(r.service_seconds.p90),
    group: "service",
  },
  { key: "rated", header: "Lượt đánh giá", value: (r) => r.rated, cell: (r) => num(r.rated), group: "rating" },
  ...LEVELS.map((level) => ({
    key: level,
    header: { very_satisfied: "Rất hài lòng", satisfied: "Hài lòng", dissatisfied: "Không hài lòng" }[level],
    title: "Tỷ lệ trên số lượt đánh giá (số lượt)",
    value: (r) => r.ratings_percent[level],
    cell: (r) => shareCell(r.ratings_percent[level], r.ratings[level]),
    group: "rating",
  })),
];

const officeLine = (row, report) =>
  report.subtree && row.office_name ? `<span class="st-sub">${escapeHtml(row.office_name)}</span>` : "";

/** The views of a report: their title, rows and first column. */
export const VIEWS = {
  service: {
    title: "Theo lĩnh vực",
    rows: (report) => report.by_service,
    label: {
      header: "Lĩnh vực",
      value: (row) => row.name,
      cell: (row, report) =>
        `<span class="st-prefix">${escapeHtml(row.prefix)}</span>${escapeHtml(row.name)}${officeLine(row, report)}`,
    },
  },
  counter: {
    title: "Theo quầy",
    rows: (report) => report.by_counter,
    label: { header: "Quầy", value: (row) => row.name, cell: (row, report) => `${escapeHtml(row.name)}${officeLine(row, report)}` },
  },
  clerk: {
    title: "Theo cán bộ",
    rows: (report) => report.by_clerk,
    label: {
      header: "Cán bộ",
      value: (row) => row.name,
      compare: compareGivenNames, // "Trần Thị Thu Hằng" under H, as the office reads its roll
      cell: (row, report) => `${escapeHtml(row.name)}${officeLine(row, report)}`,
    },
  },
  office: {
    title: "Theo đơn vị",
    rows: (report) => report.by_office,
    label: { header: "Đơn vị", value: (row) => row.name, cell: (row) => escapeHtml(row.name) },
  },
  period: {
    title: "Theo kỳ",
    rows: (report) => report.periods,
    label: { header: "Kỳ", value: (row) => row.from, cell: (row) => escapeHtml(row.label) },
  },
  // Where tickets were issued (design §12): kiosk, reception, remote number, appointment.
  channel: {
    title: "Theo kênh",
    rows: (report) => report.by_channel || [],
    label: { header: "Kênh", value: (row) => row.name, cell: (row) => escapeHtml(row.name) },
  },
};

/** Views worth showing for a report (per office only when several offices are covered). */
export function viewsOf(report) {
  return Object.keys(VIEWS).filter((name) => {
    if (name === "office") return report.subtree && report.office_count > 1;
    if (name === "period") return Boolean(report.period);
    if (name === "channel") return Boolean(report.by_channel && report.by_channel.length);
    return true;
  });
}

// ---- Sorting -------------------------------------------------------------------------------

/** The next sort after clicking a column: numbers start largest first, names A→Z. */
export function nextSort(current, key) {
  if (current && current.key === key) return { key, dir: current.dir === "desc" ? "asc" : "desc" };
  return { key, dir: key === "label" ? "asc" : "desc" };
}

/** Rows sorted by a column; missing figures always last. */
export function sortRows(rows, viewName, sort) {
  if (!sort) return rows.slice();
  const view = VIEWS[viewName];
  const column = sort.key === "label" ? view.label : FIGURES.find((figure) => figure.key === sort.key);
  if (!column) return rows.slice();
  const factor = sort.dir === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: column.value(row) }))
    .sort((a, b) => {
      const missingA = a.value === null || a.value === undefined;
      const missingB = b.value === null || b.value === undefined;
      if (missingA || missingB) return missingA === missingB ? a.index - b.index : missingA ? 1 : -1;
      if (column.compare) return factor * column.compare(a.value, b.value) || a.index - b.index;
      if (typeof a.value === "string") return factor * a.value.localeCompare(b.value, "vi") || a.index - b.index;
      return factor * (a.value - b.value) || a.index - b.index;
    })
    .map((item) => item.row);
}

// ---- Markup -------------------------------------------------------------------------------

function headerCell(key, text, title, sort, numeric) {
  const state = sort && sort.key === key ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
  const arrow = state === "ascending" ? "▲" : state === "descending" ? "▼" : "↕";
  return (
    `<th scope="col" class="${numeric ? "num" : ""}" aria-sort="${state}">` +
    `<button type="button" class="rp-sort" data-sort="${key}"${title ? ` title="${escapeHtml(title)}"` : ""}>` +
    `${escapeHtml(text)}<span class="rp-arrow" aria-hidden="true">${arrow}</span></button></th>`
  );
}

/** One view as a sortable table, with a totals row. */
export function tableMarkup(report, viewName, sort) {
  const view = VIEWS[viewName];
  const rows = sortRows(view.rows(report), viewName, sort);
  if (!rows.length) return `<p class="rp-empty">Không có số liệu trong khoảng thời gian này.</p>`;
  const groups =
    `<tr class="rp-groups"><th></th><th colspan="6"></th><th colspan="3" class="rp-group">Thời gian chờ (phút)</th>` +
    `<th colspan="3" class="rp-group">Thời gian phục vụ (phút)</th><th colspan="4" class="rp-group">Mức độ hài lòng</th><th></th></tr>`;
  const head =
    headerCell("label", view.label.header, "", sort, false) +
    FIGURES.map((figure) => headerCell(figure.key, figure.header, figure.title, sort, true)).join("") +
    `<th scope="col" class="rp-barcol">Tỷ lệ hài lòng</th>`;
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row">${view.label.cell(row, report)}</th>` +
        FIGURES.map((figure) => `<td class="num">${figure.cell(row)}</td>`).join("") +
        `<td class="rp-barcol">${ratingBar(row.ratings, { width: 110, compact: true })}</td></tr>`,
    )
    .join("");
  const totals = report.totals;
  const foot =
    `<tr><th scope="row">Tổng cộng</th>` +
    FIGURES.map((figure) => `<td class="num">${figure.cell(totals)}</td>`).join("") +
    `<td class="rp-barcol">${ratingBar(totals.ratings, { width: 110, compact: true })}</td></tr>`;
  return (
    `<table class="st-table rp-table" data-view="${viewName}"><thead>${groups}<tr>${head}</tr></thead>` +
    `<tbody>${body}</tbody><tfoot>${foot}</tfoot></table>`
  );
}

function kpi(label, value, sub = "") {
  return `<article class="rp-kpi"><h3>${escapeHtml(label)}</h3><p class="rp-kpi__value">${value}</p><p class="rp-kpi__sub">${sub}</p></article>`;
}

/** Headline figures of the report. */
export function summaryMarkup(report) {
  const t = report.totals;
  const satisfied = t.rated ? ((t.ratings.very_satisfied + t.ratings.satisfied) * 100) / t.rated : null;
  return [
    kpi("Số phiếu đã cấp", num(t.issued), `Đã phục vụ ${num(t.served)} · Hủy ${num(t.cancelled)}`),
    kpi("Vắng mặt", num(t.no_show), `Tỷ lệ ${percent(t.no_show_rate)} số đã gọi`),
    kpi("Chuyển đi", num(t.transferred), "lượt chuyển lĩnh vực hoặc quầy"),
    kpi("Thời gian chờ TB", `${minutes(t.wait_seconds.mean)}<small> phút</small>`, `Trung vị ${minutes(t.wait_seconds.median)} · P90 ${minutes(t.wait_seconds.p90)}`),
    kpi("Thời gian phục vụ TB", `${minutes(t.service_seconds.mean)}<small> phút</small>`, `Trung vị ${minutes(t.service_seconds.median)} · P90 ${minutes(t.service_seconds.p90)}`),
    kpi("Hài lòng", percent(satisfied === null ? null : Math.round(satisfied * 10) / 10), `${num(t.rated)} lượt đánh giá`),
    `<article class="rp-kpi rp-kpi--wide"><h3>Mức độ hài lòng</h3>${ratingBar(t.ratings, { width: 420 })}</article>`,
  ].join("");
}

/** What the report covers, in words (also the printed heading). */
export function scopeText(report) {
  const office = report.subtree && report.office_count > 1
    ? `${report.office_name} (gồm ${num(report.office_count - 1)} đơn vị trực thuộc)`
    : report.office_name;
  const range = report.from === report.to ? `ngày ${dayText(report.from)}` : `từ ${dayText(report.from)} đến ${dayText(report.to)}`;
  return `${office} · ${range}`;
}

/** Chosen filters in words. */
export function filtersText(report) {
  const picked = [];
  const find = (list, id) => list.find((item) => item.id === id)?.name;
  if (report.filters.service_id) picked.push(`Lĩnh vực: ${find(report.choices.services, report.filters.service_id)}`);
  if (report.filters.counter_id) picked.push(`Quầy: ${find(report.choices.counters, report.filters.counter_id)}`);
  if (report.filters.clerk_id) picked.push(`Cán bộ: ${find(report.choices.clerks, report.filters.clerk_id)}`);
  return picked.join(" · ");
}

/** <option>s of a filter: "Tất cả" then the choices (with their office when several). */
export function choiceOptions(choices, selectedId, several) {
  return (
    `<option value="">Tất cả</option>` +
    choices
      .map(
        (choice) =>
          `<option value="${choice.id}"${choice.id === selectedId ? " selected" : ""}>${escapeHtml(choice.name)}${several ? ` — ${escapeHtml(choice.office_name)}` : ""}</option>`,
      )
      .join("")
  );
}

/** Issued and served per period, as bars. */
export function periodChart(report) {
  return barChart({
    title: "Số phiếu theo kỳ",
    categories: report.periods.map((row) => row.label.replace("Tháng ", "T").replace("Quý ", "Q")),
    series: [
      { name: "Đã cấp", color: COLORS.arrivals, values: report.periods.map((row) => row.issued) },
      { name: "Đã phục vụ", color: COLORS.served, values: report.periods.map((row) => row.served) },
    ],
    width: 1800,
    height: 260,
  });
}

/** The export link of the report with the page's filters. */
export function exportUrl(params, format, group) {
  const query = new URLSearchParams(params);
  query.set("format", format);
  if (group) query.set("group", group);
  return `/api/v1/reports/export?${query}`;
}
