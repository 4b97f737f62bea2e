// Pure render functions of the manager's dashboard: API data + now → HTML strings.
import { COLORS, barChart, ratingBar, ratingShares } from "./charts.js";
import { escapeHtml } from "/assets/js/html.js";
import { dateTimeText, dayText, decimal, duration, minutes, num, percent, secondsSince, timeOfDay } from "/assets/js/format.js";

const COUNTER_STATUS = { open: "Đang mở", paused: "Tạm dừng", closed: "Đóng" };
const TICKET_STATUS = { called: "Đang gọi", serving: "Đang phục vụ" };

/** Seconds the data has aged since the server built it (live clocks add this). */
export function ageOf(data, now) {
  return secondsSince(data.generated_at, now) ?? 0;
}

/** Share of satisfied ratings (very satisfied + satisfied), in percent; null without ratings. */
export function satisfiedShare(ratings) {
  const { total } = ratingShares(ratings);
  if (!total) return null;
  return Math.round((1000 * ((ratings.very_satisfied || 0) + (ratings.satisfied || 0))) / total) / 10;
}

function card(label, value, sub, { tone = "", id = "" } = {}) {
  return (
    `<article class="db-kpi${tone ? ` db-kpi--${tone}` : ""}"${id ? ` data-kpi="${id}"` : ""}>` +
    `<h3>${escapeHtml(label)}</h3><p class="db-kpi__value">${value}</p><p class="db-kpi__sub">${sub}</p></article>`
  );
}

/** The row of headline figures. */
export function kpiMarkup(data, now) {
  const age = ageOf(data, now);
  const today = data.today;
  const longest = data.waiting.longest;
  const longestText = longest
    ? `Lâu nhất <strong>${duration(data.waiting.longest_seconds + age)}</strong> · ${escapeHtml(longest.number)} ${escapeHtml(longest.service_name)}`
    : "Không có ai đang chờ";
  const open = data.counters.filter((c) => c.status === "open").length;
  const openCounters = data.subtree ? data.offices.reduce((sum, o) => sum + o.open_counters, 0) : open;
  const allCounters = data.subtree ? data.offices.reduce((sum, o) => sum + o.counters, 0) : data.counters.length;
  const breaches = data.sla.waiting_over_target;
  const satisfied = satisfiedShare(today.ratings);
  const rated = today.rated ?? ratingShares(today.ratings).total;
  return [
    card("Đang chờ", num(data.waiting.total), longestText, { id: "waiting" }),
    card(
      "Chờ quá thời gian chuẩn",
      num(breaches),
      `Hôm nay đã gọi trễ: ${num(data.sla.served_over_target_today)} lượt`,
      { tone: breaches > 0 ? "alert" : "ok", id: "breaches" },
    ),
    card(
      "Đã cấp số hôm nay",
      num(today.issued),
      `Đã phục vụ ${num(today.served)} · Vắng ${num(today.no_show)} · Hủy ${num(today.cancelled)}`,
      { id: "issued" },
    ),
    card(
      "Thời gian chờ TB",
      `${minutes(today.wait_seconds.mean)}<small> phút</small>`,
      `P90: ${minutes(today.wait_seconds.p90)} phút · Trung vị ${minutes(today.wait_seconds.median)}`,
      { id: "wait" },
    ),
    card(
      "Thời gian phục vụ TB",
      `${minutes(today.service_seconds.mean)}<small> phút</small>`,
      `P90: ${minutes(today.service_seconds.p90)} phút`,
      { id: "service" },
    ),
    card(
      "Hài lòng",
      satisfied === null ? "–" : percent(satisfied),
      `${num(rated)} lượt đánh giá · Không hài lòng ${num(today.ratings.dissatisfied)}`,
      { tone: satisfied !== null && satisfied < 80 ? "warn" : "", id: "satisfaction" },
    ),
    card("Quầy đang mở", `${num(openCounters)}<small>/${num(allCounters)}</small>`, data.subtree ? `${num(data.offices.length)} đơn vị` : "quầy của đơn vị", { id: "counters" }),
    bookingsCard(data.appointments),
  ].join("");
}

/** Today's bookings (design §12), once there is one: made, checked in, no-shows, cancelled. */
function bookingsCard(bookings) {
  if (!bookings || !bookings.booked) return "";
  const kept = bookings.booked - bookings.cancelled;
  return card(
    "Lịch hẹn hôm nay",
    num(kept),
    `Đã đến ${num(bookings.checked_in)} · Không đến ${num(bookings.expired)} · Hủy ${num(bookings.cancelled)}`,
    { tone: bookings.expired > 0 ? "warn" : "", id: "appointments" },
  );
}

function prefixBadge(prefix) {
  return `<span class="db-prefix">${escapeHtml(prefix)}</span>`;
}

/** The services table: the live line and today's figures of each service. */
export function servicesMarkup(data, now) {
  const age = ageOf(data, now);
  // Several offices: only services with people today, or the table gets long and empty.
  const busy = (service) => service.waiting || service.issued;
  const shown = data.services.filter((service) => (data.subtree ? busy(service) : service.active || busy(service)));
  const idle = data.services.length - shown.length;
  const rows = shown.map((service) => {
      const longest = service.longest_wait_seconds === null ? null : service.longest_wait_seconds + age;
      const over = longest !== null && longest > service.target_wait_minutes * 60;
      const satisfied = satisfiedShare(service.ratings);
      return (
        `<tr class="${service.breaches > 0 ? "is-alert" : ""}">` +
        `<th scope="row">${prefixBadge(service.prefix)}<span class="db-name">${escapeHtml(service.name)}</span>` +
        `${data.subtree ? `<span class="db-sub">${escapeHtml(service.office_name)}</span>` : ""}` +
        `${service.agency ? `<span class="db-sub">${escapeHtml(service.agency)}</span>` : ""}</th>` +
        `<td class="num db-strong">${num(service.waiting)}</td>` +
        `<td class="num db-duration${over ? " db-over" : ""}">${longest === null ? "–" : duration(longest)}</td>` +
        `<td class="num">${num(service.target_wait_minutes)}</td>` +
        `<td class="num${service.breaches ? " db-over" : ""}">${num(service.breaches)}</td>` +
        `<td class="num">${num(service.issued)}</td>` +
        `<td class="num">${num(service.served)}</td>` +
        `<td class="num">${num(service.no_show)}</td>` +
        `<td class="num">${minutes(service.wait_seconds.mean)}</td>` +
        `<td class="num">${minutes(service.wait_seconds.p90)}</td>` +
        `<td class="num">${minutes(service.service_seconds.mean)}</td>` +
        `<td class="num">${num(service.open_counters)}</td>` +
        `<td class="db-rating">${ratingBar(service.ratings, { width: 90, compact: true })}<span>${percent(satisfied)}</span></td>` +
        "</tr>"
      );
    });
  if (!rows.length) return `<p class="db-empty">${data.subtree ? "Hôm nay chưa có lượt nào." : "Chưa có lĩnh vực nào."}</p>`;
  const note = data.subtree && idle ? `<p class="db-sub db-note">${num(idle)} lĩnh vực khác chưa có lượt hôm nay.</p>` : "";
  return (
    `<table class="st-table db-services"><thead><tr>` +
    `<th scope="col">Lĩnh vực</th><th scope="col" class="num">Đang chờ</th><th scope="col" class="num">Chờ lâu nhất</th>` +
    `<th scope="col" class="num" title="Thời gian chờ chuẩn (phút)">Chuẩn (ph)</th><th scope="col" class="num">Quá hạn</th>` +
    `<th scope="col" class="num">Đã cấp</th><th scope="col" class="num">Đã phục vụ</th><th scope="col" class="num">Vắng</th>` +
    `<th scope="col" class="num">Chờ TB (ph)</th><th scope="col" class="num">Chờ P90 (ph)</th><th scope="col" class="num">Phục vụ TB (ph)</th>` +
    `<th scope="col" class="num">Quầy mở</th><th scope="col">Hài lòng</th>` +
    `</tr></thead><tbody>${rows.join("")}</tbody></table>${note}`
  );
}

const PRINTER_LEVEL_TEXT = { alert: "Kiosk không in được phiếu", warning: "Cần chú ý" };

function reportedAt(iso, today, zone) {
  const text = dateTimeText(iso, zone);
  return text.startsWith(dayText(today)) ? timeOfDay(iso, zone) : text;
}

/** Kiosk printers in trouble as last reported: alerts (no ticket prints) first, then warnings. */
export function printersMarkup(data) {
  const printers = data.printers || [];
  if (!printers.length) return "";
  const zone = data.office.timezone;
  const items = printers.map(
    (printer) =>
      `<li class="db-printer db-printer--${escapeHtml(printer.level)}">` +
      `<span class="db-printer__level">${PRINTER_LEVEL_TEXT[printer.level] || ""}</span>` +
      `<strong>${escapeHtml(printer.name)}</strong>${data.subtree ? ` · ${escapeHtml(printer.office_name)}` : ""}: ` +
      `${escapeHtml(printer.message)}${printer.at ? ` <span class="db-printer__at">(báo lúc ${reportedAt(printer.at, data.date, zone)})</span>` : ""}</li>`,
  );
  return `<h2>Máy in của kiosk</h2><ul class="db-printers">${items.join("")}</ul>`;
}

/** Tickets waiting longer than their service's target, longest first. */
export function breachesMarkup(data, now) {
  const age = ageOf(data, now);
  const tickets = data.sla.tickets;
  if (!tickets.length) {
    return `<p class="db-allgood">Không có phiếu nào chờ quá thời gian chuẩn.</p>`;
  }
  const items = tickets.map(
    (ticket) =>
      `<li><span class="db-ticket">${escapeHtml(ticket.number)}</span>` +
      `<span class="db-breach__what">${escapeHtml(ticket.service_name)}${data.subtree ? ` · ${escapeHtml(ticket.office_name)}` : ""}</span>` +
      `<span class="db-breach__time" title="Chuẩn ${num(ticket.target_minutes)} phút">${duration(ticket.waited_seconds + age)}</span></li>`,
  );
  const more = data.sla.waiting_over_target - tickets.length;
  return `<ol class="db-breaches">${items.join("")}</ol>${more > 0 ? `<p class="db-sub">và ${num(more)} phiếu khác</p>` : ""}`;
}

/** One card per counter: state, current ticket, clerk, today's work. */
export function countersMarkup(data, now) {
  if (!data.counters.length) return `<p class="db-empty">Đơn vị chưa có quầy.</p>`;
  const cards = data.counters.map((counter) => {
    const ticket = counter.ticket;
    let current = `<p class="db-counter__idle">${counter.status === "open" ? "Đang chờ gọi số" : "—"}</p>`;
    if (ticket) {
      const since = ticket.status === "serving" ? ticket.started_at : ticket.called_at;
      current =
        `<p class="db-counter__ticket">${escapeHtml(ticket.number)}</p>` +
        `<p class="db-counter__state">${TICKET_STATUS[ticket.status] || ""} · ${duration(secondsSince(since, now))}</p>`;
    }
    return (
      `<article class="db-counter db-counter--${escapeHtml(counter.status)}">` +
      `<header><h3>${escapeHtml(counter.name)}</h3><span class="st-pill st-pill--${escapeHtml(counter.status)}">${COUNTER_STATUS[counter.status] || escapeHtml(counter.status)}</span></header>` +
      current +
      `<p class="db-counter__clerk">${counter.clerk ? escapeHtml(counter.clerk.full_name) : "Chưa có cán bộ"}</p>` +
      `<p class="db-counter__today">Hôm nay: ${num(counter.served_today)} lượt · TB ${minutes(counter.service_seconds.mean)} ph</p>` +
      "</article>"
    );
  });
  return cards.join("");
}

/** The offices of an aggregated dashboard, one row each. */
export function officesMarkup(data, now) {
  const age = ageOf(data, now);
  const rows = data.offices.map((office) => {
    const longest = office.longest_wait_seconds === null ? null : office.longest_wait_seconds + age;
    const satisfied = satisfiedShare(office.ratings);
    return (
      `<tr class="${office.breaches > 0 ? "is-alert" : ""}">` +
      `<th scope="row"><a href="?office_id=${office.office_id}">${escapeHtml(office.name)}</a></th>` +
      `<td class="num db-strong">${num(office.waiting)}</td>` +
      `<td class="num db-duration">${longest === null ? "–" : duration(longest)}</td>` +
      `<td class="num${office.breaches ? " db-over" : ""}">${num(office.breaches)}</td>` +
      `<td class="num">${num(office.issued)}</td><td class="num">${num(office.served)}</td>` +
      `<td class="num">${num(office.no_show)}</td>` +
      `<td class="num">${minutes(office.wait_seconds.mean)}</td><td class="num">${minutes(office.wait_seconds.p90)}</td>` +
      `<td class="num">${num(office.open_counters)}/${num(office.counters)}</td>` +
      `<td class="db-rating">${ratingBar(office.ratings, { width: 90, compact: true })}<span>${percent(satisfied)}</span></td>` +
      "</tr>"
    );
  });
  return (
    `<table class="st-table"><thead><tr><th scope="col">Đơn vị</th><th scope="col" class="num">Đang chờ</th>` +
    `<th scope="col" class="num">Chờ lâu nhất</th><th scope="col" class="num">Quá hạn</th><th scope="col" class="num">Đã cấp</th>` +
    `<th scope="col" class="num">Đã phục vụ</th><th scope="col" class="num">Vắng</th><th scope="col" class="num">Chờ TB (ph)</th>` +
    `<th scope="col" class="num">Chờ P90 (ph)</th><th scope="col" class="num">Quầy mở</th><th scope="col">Hài lòng</th>` +
    `</tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

/** Arrivals and services per hour of today. */
export function hourlyChart(data) {
  return barChart({
    title: "Lượt đến và lượt phục vụ theo giờ hôm nay",
    categories: data.hourly.map((row) => `${row.hour}h`),
    series: [
      { name: "Lượt đến (cấp số)", color: COLORS.arrivals, values: data.hourly.map((row) => row.issued) },
      { name: "Đã phục vụ xong", color: COLORS.served, values: data.hourly.map((row) => row.served) },
    ],
    width: 720,
    height: 250,
  });
}

/** How long people waited today (called) and how long those still waiting have waited. */
export function distributionChart(data) {
  const bars = data.wait_distribution;
  return barChart({
    title: "Phân bố thời gian chờ hôm nay (phút)",
    categories: bars.map((bar) => bar.label),
    series: [
      { name: "Đã được gọi", color: COLORS.called, values: bars.map((bar) => bar.called) },
      { name: "Đang chờ", color: COLORS.waiting, values: bars.map((bar) => bar.waiting) },
    ],
    stacked: true,
    width: 520,
    height: 250,
    yLabel: "số lượt",
  });
}

/** Today's satisfaction as a split bar with its legend. */
export function satisfactionChart(data) {
  return ratingBar(data.today.ratings, { width: 520 });
}

/** A short line saying what the figures cover. */
export function scopeText(data) {
  const [year, month, day] = data.date.split("-");
  const scope = data.subtree ? `${data.office.name} và ${data.offices.length - 1} đơn vị trực thuộc` : data.office.name;
  return `${scope} · Ngày ${day}/${month}/${year}`;
}

export { decimal };
