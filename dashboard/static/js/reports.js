// Wiring of the reports page: filters and presets → GET /reports → tables; sort, export, print.
import { api } from "/assets/js/api.js";
import { dayText, parseDay } from "/assets/js/format.js";
import { officeOptions, officeTree } from "/assets/js/offices.js";
import * as view from "./report_view.js";

const $ = (id) => document.getElementById(id);
const page = { report: null, view: "service", sort: { key: "label", dir: "asc" }, offices: [], params: null };

function todayText() {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
  return parts; // YYYY-MM-DD
}

// The date fields are typed dd/mm/yyyy whatever the browser's locale; the API and URL take ISO.
const dayOf = (id) => parseDay($(id).value);
const setDay = (id, iso) => ($(id).value = dayText(iso));

/** The fields' dates, each field marked when it holds no real day. */
function checkedDays() {
  for (const id of ["from", "to"]) {
    if (dayOf(id)) $(id).removeAttribute("aria-invalid");
    else $(id).setAttribute("aria-invalid", "true");
  }
  return dayOf("from") && dayOf("to") ? { from: dayOf("from"), to: dayOf("to") } : null;
}

function formParams() {
  const days = checkedDays();
  const params = new URLSearchParams();
  params.set("office_id", $("office").value);
  if ($("subtree").checked) params.set("subtree", "1");
  params.set("from", days.from);
  params.set("to", days.to);
  for (const [id, name] of [["service", "service_id"], ["counter", "counter_id"], ["clerk", "clerk_id"]]) {
    if ($(id).value) params.set(name, $(id).value);
  }
  params.set("period", $("period").value);
  return params;
}

function renderPresets() {
  const active = view.presetOf(dayOf("from"), dayOf("to"), todayText());
  $("presets").innerHTML = view.PRESETS.map(
    ([name, label]) =>
      `<button type="button" class="st-button st-button--small" data-preset="${name}" aria-pressed="${name === active}">${label}</button>`,
  ).join("");
}

function renderTabs() {
  const names = view.viewsOf(page.report);
  if (!names.includes(page.view)) page.view = "service";
  $("tabs").innerHTML = names
    .map(
      (name) =>
        `<button type="button" role="tab" class="st-tab" data-view="${name}" aria-selected="${name === page.view}">${view.VIEWS[name].title}</button>`,
    )
    .join("");
}

function renderTables() {
  // Every view is in the page (printing shows them all); the screen shows the chosen tab.
  $("tables").innerHTML = view
    .viewsOf(page.report)
    .map(
      (name) =>
        `<section class="rp-view" data-view="${name}"${name === page.view ? "" : " hidden"}>` +
        `<h2 class="rp-view__title">${view.VIEWS[name].title}</h2>` +
        `<div class="st-scroll">${view.tableMarkup(page.report, name, name === page.view ? page.sort : { key: "label", dir: "asc" })}</div></section>`,
    )
    .join("");
}

function render() {
  const report = page.report;
  $("scope").textContent = view.scopeText(report) + (view.filtersText(report) ? ` · ${view.filtersText(report)}` : "");
  $("summary").innerHTML = view.summaryMarkup(report);
  renderTabs();
  renderTables();
  $("note").textContent = report.exact
    ? "Thời gian tính bằng phút. Tỷ lệ vắng mặt tính trên số đã gọi; tỷ lệ hài lòng tính trên số lượt đánh giá."
    : "Thời gian tính bằng phút. Trung vị và P90 tính gần đúng từ số liệu tổng hợp theo ngày (sai số dưới một khoảng chia: 10 giây khi dưới 10 phút).";
  $("period-card").hidden = !report.periods.length;
  if (report.periods.length) $("period-chart").innerHTML = view.periodChart(report);
  $("printed-at").textContent = `Lập lúc ${new Date().toLocaleString("vi-VN")}`;
  const several = report.office_count > 1;
  $("service").innerHTML = view.choiceOptions(report.choices.services, report.filters.service_id, several);
  $("counter").innerHTML = view.choiceOptions(report.choices.counters, report.filters.counter_id, several);
  $("clerk").innerHTML = view.choiceOptions(report.choices.clerks, report.filters.clerk_id, several);
  $("export-xlsx").href = view.exportUrl(page.params, "xlsx");
  $("export-csv").href = view.exportUrl(page.params, "csv", page.view);
  document.body.dataset.loaded = "true";
}

async function load() {
  if (!checkedDays()) {
    $("error").textContent = "Ngày không hợp lệ: nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/12/2026.";
    $("error").hidden = false;
    return;
  }
  const params = formParams();
  page.params = params;
  history.replaceState(null, "", `?${params}`);
  renderPresets();
  $("error").hidden = true;
  document.body.dataset.loaded = "false";
  try {
    page.report = await api(`/reports?${params}`);
    render();
  } catch (error) {
    if (error.status === 401) window.location.reload();
    $("error").textContent = `Không lập được báo cáo: ${error.message}`;
    $("error").hidden = false;
  }
}

function applyPreset(name) {
  const range = view.presetRange(name, todayText());
  setDay("from", range.from);
  setDay("to", range.to);
  $("period").value = range.period;
  load();
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  page.offices = await api("/offices");
  const own = Number(document.body.dataset.officeId);
  const wanted = Number(params.get("office_id")) || own;
  const officeId = page.offices.some((office) => office.id === wanted) ? wanted : own;
  $("office").innerHTML = officeOptions(page.offices, officeId);
  const hasChildren = officeTree(page.offices).find((office) => office.id === officeId)?.hasChildren;
  $("subtree").checked = params.has("subtree") ? params.get("subtree") === "1" : Boolean(hasChildren);
  const initial = view.presetRange("this_month", todayText());
  setDay("from", params.get("from") || initial.from);
  setDay("to", params.get("to") || initial.to);
  $("period").value = params.get("period") || initial.period;
  for (const [id, name] of [["service", "service_id"], ["counter", "counter_id"], ["clerk", "clerk_id"]]) {
    const value = params.get(name);
    $(id).innerHTML = `<option value="">Tất cả</option>${value ? `<option value="${Number(value)}" selected></option>` : ""}`;
  }

  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  $("presets").addEventListener("click", (event) => {
    const button = event.target.closest("[data-preset]");
    if (button) applyPreset(button.dataset.preset);
  });
  $("office").addEventListener("change", () => {
    const office = officeTree(page.offices).find((item) => item.id === Number($("office").value));
    $("subtree").checked = Boolean(office?.hasChildren);
    for (const id of ["service", "counter", "clerk"]) $(id).value = "";
    load();
  });
  $("subtree").addEventListener("change", load);
  for (const id of ["service", "counter", "clerk", "period"]) $(id).addEventListener("change", load);
  $("tabs").addEventListener("click", (event) => {
    const tab = event.target.closest("[data-view]");
    if (!tab) return;
    page.view = tab.dataset.view;
    page.sort = { key: "label", dir: "asc" };
    renderTabs();
    renderTables();
    $("export-csv").href = view.exportUrl(page.params, "csv", page.view);
  });
  $("tables").addEventListener("click", (event) => {
    const button = event.target.closest("[data-sort]");
    if (!button) return;
    page.sort = view.nextSort(page.sort, button.dataset.sort);
    renderTables();
    document.querySelector(`.rp-view:not([hidden]) [data-sort="${page.sort.key}"]`)?.focus();
  });
  $("print").addEventListener("click", () => window.print());
  load();
}

main();
