// Pure view functions of the clerk console: server data + `now` → HTML (which actions are
// usable is decided in actions.js).
// No DOM, no clock reads, no queue ordering (the server sends the line in call order);
// every text from the server is escaped.

import { timeOfDay } from "/assets/js/format.js";
import { escapeHtml } from "/assets/js/html.js";
import { ACTIONS, PAUSE_LABELS, SHORTCUTS, heldByOther } from "./actions.js";

export const PRIORITY_LABELS = {
  elderly: "Người cao tuổi",
  disabled: "Người khuyết tật",
  pregnant: "Phụ nữ mang thai",
  merit: "Người có công",
  other: "Ưu tiên khác",
};
const COUNTER_STATUS = { open: "Đang mở", paused: "Tạm dừng", closed: "Đã đóng" };
const TICKET_STATUS = { called: "Đang gọi", serving: "Đang phục vụ" };

// The label of a priority category ("" for none).
export function priorityLabel(code) {
  if (!code) return "";
  return PRIORITY_LABELS[code] || "Ưu tiên";
}

// Milliseconds between the server's clock and this PC's (add to Date.now() to get server time).
export function clockSkew(serverIso, clientNow) {
  const server = Date.parse(serverIso || "");
  return Number.isFinite(server) ? server - clientNow : 0;
}

// Whole seconds from an ISO instant to `now` (ms), never negative; null without an instant.
export function secondsBetween(fromIso, now) {
  const from = Date.parse(fromIso || "");
  if (!Number.isFinite(from)) return null;
  return Math.max(0, Math.floor((now - from) / 1000));
}

// A wait in words: "vừa xong", "7 phút", "1 giờ 05 phút".
export function formatWait(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return "dưới 1 phút";
  if (minutes < 60) return `${minutes} phút`;
  const hours = Math.floor(minutes / 60);
  return `${hours} giờ ${String(minutes % 60).padStart(2, "0")} phút`;
}

// A running timer: "04:07", or "1:04:07" past an hour.
export function formatClock(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

// A mean duration for the figures: "4 phút 30 giây", "45 giây", "—".
export function formatMean(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.round(seconds);
  const minutes = Math.floor(s / 60);
  if (minutes === 0) return `${s} giây`;
  return s % 60 ? `${minutes} phút ${s % 60} giây` : `${minutes} phút`;
}

// Text for a `[data-since]` element at `now`: a running clock or a wait in words.
export function sinceText(fromIso, format, now) {
  const seconds = secondsBetween(fromIso, now);
  return format === "clock" ? formatClock(seconds) : formatWait(seconds);
}

// A key chip: <kbd>F1</kbd>.
function kbd(keys) {
  return keys.map((key) => `<kbd>${escapeHtml(key)}</kbd>`).join("");
}

// The action buttons (rendered once; `applyActionStates` in the wiring updates them).
export function actionsMarkup() {
  return ACTIONS.map(
    (action) =>
      `<button type="button" class="cc-action cc-action--${action.tone || "plain"}" data-action="${action.id}" disabled>` +
      `<span class="cc-action__label">${escapeHtml(action.label)}</span>` +
      `<span class="cc-action__keys">${kbd(action.keys)}</span></button>`,
  ).join("");
}

// The priority badge of a ticket, or "".
export function priorityBadge(code, { large = false } = {}) {
  if (!code) return "";
  return `<span class="cc-priority${large ? " cc-priority--large" : ""}">Ưu tiên · ${escapeHtml(priorityLabel(code))}</span>`;
}

// An appointment ticket's mark: "Lịch hẹn 09:30" (its slot, office time); "" for any other.
// The server's `channel` says what the ticket is (design §12).
export function appointmentBadge(ticket, timeZone, { large = false } = {}) {
  if (!ticket || ticket.channel !== "appointment") return "";
  const slot = ticket.slot_start ? ` ${timeOfDay(ticket.slot_start, timeZone)}` : "";
  return `<span class="cc-appt${large ? " cc-appt--large" : ""}">Lịch hẹn${escapeHtml(slot)}</span>`;
}

// The big card with no ticket, by counter status: it says what the status pill says, and
// which key does what from here (F1 opens a closed counter; a paused one waits for P).
const EMPTY_HEADLINES = {
  open: { ready: "Sẵn sàng gọi số", help: "Nhấn <kbd>F1</kbd> hoặc <kbd>Space</kbd> để gọi số tiếp theo" },
  paused: {
    ready: "Quầy đang tạm dừng",
    help: `Nhấn <kbd>P</kbd> hoặc “${escapeHtml(PAUSE_LABELS.paused)}” để mở lại quầy và gọi số`,
  },
  closed: { ready: "Quầy chưa mở", help: "Nhấn <kbd>F1</kbd> hoặc <kbd>Space</kbd> để mở quầy và gọi số tiếp theo" },
};

// The big card of the ticket at the counter (or the empty state).
export function currentTicketMarkup(counter, waitingCount, now, timeZone = undefined) {
  const ticket = counter && counter.ticket;
  const status = counter ? counter.status : "closed";
  if (!ticket) {
    const hint = waitingCount ? `${waitingCount} người đang chờ quầy này` : "Chưa có ai chờ quầy này";
    const { ready, help } = EMPTY_HEADLINES[status] || EMPTY_HEADLINES.closed;
    return (
      `<div class="cc-current cc-current--empty cc-current--${escapeHtml(status)}">` +
      `<p class="cc-current__state">Chưa gọi số nào</p>` +
      `<p class="cc-current__ready">${escapeHtml(ready)}</p>` +
      `<p class="cc-current__service">${escapeHtml(hint)}</p>` +
      `<p class="cc-current__help">${help}</p></div>`
    );
  }
  const waited = ticket.called_at
    ? formatWait(Math.max(0, (Date.parse(ticket.called_at) - Date.parse(ticket.issued_at)) / 1000))
    : formatWait(secondsBetween(ticket.issued_at, now));
  const stateText = TICKET_STATUS[ticket.status] || ticket.status;
  const recalls = ticket.recall_count ? ` · đã gọi lại ${ticket.recall_count} lần` : "";
  const since = ticket.status === "serving" && ticket.started_at ? ticket.started_at : ticket.called_at;
  const sinceLabel = ticket.status === "serving" ? "Thời gian phục vụ" : "Đã gọi được";
  const notes = [];
  if (ticket.channel === "reception") notes.push("Cấp tại quầy");
  if (ticket.transferred_from_service_id) notes.push("Được chuyển đến");
  return (
    `<div class="cc-current cc-current--${escapeHtml(ticket.status)}">` +
    `<p class="cc-current__state"><span class="cc-dot"></span>${escapeHtml(stateText)}${escapeHtml(recalls)}</p>` +
    `<p class="cc-current__number">${escapeHtml(ticket.number)}</p>` +
    `<p class="cc-current__service">${escapeHtml(ticket.service_name)}</p>` +
    (ticket.priority ? `<p>${priorityBadge(ticket.priority, { large: true })}</p>` : "") +
    (ticket.channel === "appointment" ? `<p>${appointmentBadge(ticket, timeZone, { large: true })}</p>` : "") +
    (status === "paused" ? `<p class="cc-current__paused">Quầy đang tạm dừng – không gọi số mới</p>` : "") +
    `<dl class="cc-current__times">` +
    `<div><dt>Thời gian chờ</dt><dd>${escapeHtml(waited)}</dd></div>` +
    `<div><dt>${sinceLabel}</dt><dd data-since="${escapeHtml(since)}" data-format="clock">${escapeHtml(
      formatClock(secondsBetween(since, now)),
    )}</dd></div>` +
    (notes.length ? `<div><dt>Ghi chú</dt><dd>${escapeHtml(notes.join(" · "))}</dd></div>` : "") +
    `</dl></div>`
  );
}

// One row of the waiting line with its "Gọi số này" button.
function lineRow(entry, now, canCall, timeZone) {
  const flags = [];
  if (entry.for_this_counter) flags.push(`<span class="cc-tag">Chuyển đến quầy này</span>`);
  if (entry.transferred_from_service_id && !entry.for_this_counter) flags.push(`<span class="cc-tag">Được chuyển</span>`);
  if (entry.channel === "reception") flags.push(`<span class="cc-tag">Cấp tại quầy</span>`);
  if (entry.channel === "online") flags.push(`<span class="cc-tag">Lấy số từ xa</span>`);
  flags.push(appointmentBadge(entry, timeZone));
  return (
    `<li class="cc-row${entry.priority ? " cc-row--priority" : ""}">` +
    `<span class="cc-row__number">${escapeHtml(entry.number)}</span>` +
    `<span class="cc-row__main"><span class="cc-row__service">${escapeHtml(entry.service_name)}</span>` +
    `<span class="cc-row__flags">${priorityBadge(entry.priority)}${flags.join("")}</span></span>` +
    `<span class="cc-row__wait" data-since="${escapeHtml(entry.issued_at)}">${escapeHtml(
      formatWait(secondsBetween(entry.issued_at, now)),
    )}</span>` +
    `<button type="button" class="cc-row__call" data-call-ticket="${Number(entry.id)}" data-focus-key="call-${Number(entry.id)}"` +
    `${canCall ? "" : " disabled"} aria-label="Gọi số ${escapeHtml(entry.number)}">Gọi số này</button></li>`
  );
}

// The waiting line, in the order the counter will call it.
export function lineMarkup(entries, now, { canCall = true, timeZone = undefined } = {}) {
  if (!entries || !entries.length) return `<p class="cc-empty">Không có ai đang chờ quầy này.</p>`;
  return `<ol class="cc-list">${entries.map((entry) => lineRow(entry, now, canCall, timeZone)).join("")}</ol>`;
}

// The office's parked tickets with "Tiếp tục" (parked here) buttons.
export function parkedMarkup(entries, now, counterId, { enabled = true } = {}) {
  if (!entries || !entries.length) return `<p class="cc-empty">Không có phiếu nào đang tạm giữ.</p>`;
  const rows = entries.map((entry) => {
    const where = entry.target_counter_number ? `Quầy ${entry.target_counter_number}` : "Chưa gắn quầy";
    const own = entry.target_counter_id === counterId;
    return (
      `<li class="cc-row cc-row--parked">` +
      `<span class="cc-row__number">${escapeHtml(entry.number)}</span>` +
      `<span class="cc-row__main"><span class="cc-row__service">${escapeHtml(entry.service_name)}</span>` +
      `<span class="cc-row__flags">${priorityBadge(entry.priority)}<span class="cc-tag">${escapeHtml(where)}</span></span></span>` +
      `<span class="cc-row__wait" data-since="${escapeHtml(entry.issued_at)}">${escapeHtml(
        formatWait(secondsBetween(entry.issued_at, now)),
      )}</span>` +
      `<button type="button" class="cc-row__call cc-row__call--resume" data-resume-ticket="${Number(entry.id)}" ` +
      `data-focus-key="resume-${Number(entry.id)}"${enabled ? "" : " disabled"}>${own ? "Tiếp tục" : "Đưa lại hàng chờ"}</button></li>`
    );
  });
  return `<ol class="cc-list">${rows.join("")}</ol>`;
}

// Today's figures of the clerk.
export function figuresMarkup(figures) {
  const f = figures || {};
  const tile = (value, label) =>
    `<div class="cc-figure"><span class="cc-figure__value">${escapeHtml(value)}</span><span class="cc-figure__label">${escapeHtml(label)}</span></div>`;
  return (
    tile(String(f.served ?? 0), "Đã phục vụ") +
    tile(formatMean(f.mean_service_seconds), "TB thời gian phục vụ") +
    tile(String(f.called ?? 0), "Lượt gọi") +
    tile(String(f.no_show ?? 0), "Vắng mặt")
  );
}

// The counter's status pill.
export function counterStatusMarkup(counter) {
  const status = counter ? counter.status : "closed";
  return `<span class="cc-status cc-status--${escapeHtml(status)}">${escapeHtml(COUNTER_STATUS[status] || status)}</span>`;
}

// The legend of keyboard shortcuts.
export function shortcutsMarkup() {
  return SHORTCUTS.map(([keys, label]) => `<span class="cc-legend__item"><kbd>${escapeHtml(keys)}</kbd> ${escapeHtml(label)}</span>`).join("");
}

// The counters to choose from after login (the remembered one first focused).
export function counterChoicesMarkup(counters, userId) {
  if (!counters || !counters.length) return `<p class="cc-empty">Đơn vị chưa có quầy nào.</p>`;
  return counters
    .map((counter, index) => {
      const other = heldByOther(counter, userId);
      const who = counter.clerk
        ? other
          ? `Đang do ${counter.clerk.full_name} sử dụng`
          : "Quầy của bạn"
        : "Chưa có cán bộ";
      const digit = index < 9 ? `<kbd>${index + 1}</kbd>` : "";
      return (
        `<button type="button" class="cc-choice${other ? " cc-choice--taken" : ""}" data-choose-counter="${Number(counter.id)}">` +
        `<span class="cc-choice__number">${escapeHtml(counter.number)}</span>` +
        `<span class="cc-choice__name">${escapeHtml(counter.name)}</span>` +
        `<span class="cc-choice__who">${counterStatusMarkup(counter)} ${escapeHtml(who)}</span>${digit}</button>`
      );
    })
    .join("");
}

// Transfer targets: other services of the office and other counters.
export function transferOptions(services, counters, counterId, ticket) {
  const serviceOptions = (services || [])
    .filter((service) => service.active !== false && (!ticket || service.id !== ticket.service_id))
    .map((service) => ({ value: `service:${service.id}`, label: `${service.prefix} · ${service.name}`, detail: `${service.waiting ?? 0} người chờ` }));
  const counterOptions = (counters || [])
    .filter((counter) => counter.id !== counterId)
    .map((counter) => ({
      value: `counter:${counter.id}`,
      label: counter.name || `Quầy ${counter.number}`,
      detail: COUNTER_STATUS[counter.status] || counter.status,
    }));
  return [
    { title: "Sang lĩnh vực khác (vào hàng chờ của lĩnh vực)", options: serviceOptions },
    { title: "Sang quầy khác (phiếu đến thẳng quầy đó)", options: counterOptions },
  ];
}

// What the transfer dialog says to Enter with nothing chosen (it sends nothing).
export const NO_TRANSFER_TARGET = "Chưa chọn nơi chuyển đến: hãy chọn một lĩnh vực hoặc một quầy, rồi nhấn Enter.";

// Parse "service:3" / "counter:2" into the transfer request body.
export function transferBody(value) {
  const [kind, id] = String(value || "").split(":");
  const number = Number(id);
  if (!Number.isInteger(number)) return null;
  if (kind === "service") return { service_id: number };
  if (kind === "counter") return { counter_id: number };
  return null;
}

// Radio groups of a picker dialog (arrow keys move inside a group). Nothing is checked unless
// `checkFirst`: a transfer is chosen on purpose, never by a reflex Enter.
export function optionGroupsMarkup(name, groups, { checkFirst = false } = {}) {
  let first = checkFirst;
  return groups
    .map((group) => {
      const options = group.options.length
        ? group.options
            .map((option) => {
              const checked = first && !option.disabled;
              if (checked) first = false;
              return (
                `<label class="cc-option${option.disabled ? " cc-option--disabled" : ""}">` +
                `<input type="radio" name="${escapeHtml(name)}" value="${escapeHtml(option.value)}"` +
                `${checked ? " checked" : ""}${option.disabled ? " disabled" : ""}>` +
                `<span class="cc-option__label">${escapeHtml(option.label)}</span>` +
                `<span class="cc-option__detail">${escapeHtml(option.detail || "")}</span></label>`
              );
            })
            .join("")
        : `<p class="cc-empty">Không có lựa chọn.</p>`;
      return `<fieldset class="cc-group"><legend>${escapeHtml(group.title)}</legend>${options}</fieldset>`;
    })
    .join("");
}

// Services a reception clerk may issue, unavailable ones shown with the reason.
export function serviceOptions(services, counterServiceIds = []) {
  const mine = new Set(counterServiceIds);
  const sorted = [...(services || [])].sort((a, b) => Number(mine.has(b.id)) - Number(mine.has(a.id)));
  return sorted.map((service) => ({
    value: String(service.id),
    label: `${service.prefix} · ${service.name}`,
    detail: service.status === "unavailable" ? service.reason_message || "Tạm ngừng" : `${service.waiting ?? 0} người chờ`,
    disabled: service.status === "unavailable",
  }));
}

// <option>s of the priority select: the categories the office offers, in its order and words
// (GET /offices/<id>/priority-categories), after "no priority".
export function priorityOptionsMarkup(categories) {
  const offered = (categories || []).filter((category) => category.active !== false);
  const options = offered.map(({ code, label }) => `<option value="${escapeHtml(code)}">${escapeHtml(label)}</option>`);
  return [`<option value="">Không ưu tiên</option>`, ...options].join("");
}

// <option>s of the printer select: the office's kiosks, then "no printing".
export function printerOptionsMarkup(printers, chosenId) {
  const options = (printers || []).map((printer) => {
    const status = printer.printer_message || (printer.printer_status === "ok" ? "sẵn sàng" : "chưa rõ trạng thái");
    const selected = String(printer.id) === String(chosenId) ? " selected" : "";
    return `<option value="${Number(printer.id)}"${selected}>${escapeHtml(printer.name)} (${escapeHtml(status)})</option>`;
  });
  const none = chosenId === "" ? " selected" : "";
  options.push(`<option value=""${none}>Không in – đọc số cho công dân</option>`);
  return options.join("");
}

// What to say after a ticket was issued at reception. Unprinted, the citizen may scan the
// ticket's QR code from this screen: only this answer to the issuer carries its public token.
export function issuedMarkup(ticket, printerName) {
  const printed = printerName ? `Đã gửi lệnh in tới ${printerName}.` : "Không in phiếu: hãy đọc hoặc ghi số cho công dân.";
  const qr =
    !printerName && ticket.public_token
      ? `<figure class="cc-issued__qr"><img src="/api/v1/public/tickets/${encodeURIComponent(ticket.public_token)}/qr.svg" alt="Mã QR của phiếu">` +
        `<figcaption>Công dân quét mã để theo dõi lượt và đánh giá trên điện thoại</figcaption></figure>`
      : "";
  return (
    `<p class="cc-issued__label">Đã cấp số</p>` +
    `<p class="cc-issued__number">${escapeHtml(ticket.number)}</p>` +
    `<p class="cc-issued__service">${escapeHtml(ticket.service_name)}</p>` +
    (ticket.priority ? `<p>${priorityBadge(ticket.priority, { large: true })}</p>` : "") +
    `<p class="cc-issued__note">${escapeHtml(printed)} ${escapeHtml(aheadText(ticket))}</p>` +
    qr
  );
}

// "Trước Ông/Bà còn 3 người, khoảng 12 phút."
export function aheadText(ticket) {
  const ahead = ticket.people_ahead ?? 0;
  const minutes = ticket.estimated_wait_minutes;
  const wait = minutes !== null && minutes !== undefined ? `, chờ khoảng ${Math.round(minutes)} phút` : "";
  return `Phía trước còn ${ahead} người${wait}.`;
}

// A failed request as the clerk reads it: the server's own Vietnamese message.
export function errorText(error) {
  if (!error) return "";
  if (error.code === "offline") return "Mất kết nối tới máy chủ – thao tác chưa được thực hiện. Hãy thử lại.";
  return error.message || "Không thực hiện được thao tác";
}
