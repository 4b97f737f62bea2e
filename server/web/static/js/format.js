// Vietnamese numbers, durations, percentages and dates, for the manager's and admin's pages.
// HTML escaping is html.js beside it, the one escaper of every screen.

/** A whole number with Vietnamese thousands dots: 1234567 → "1.234.567"; null → "–". */
export function num(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** A decimal with one digit and a Vietnamese comma: 4.5 → "4,5"; null → "–". */
export function decimal(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const fixed = Math.abs(value).toFixed(digits).split(".");
  const whole = num(Number(fixed[0]));
  const text = fixed[1] ? `${whole},${fixed[1]}` : whole;
  return value < 0 && Number(value.toFixed(digits)) !== 0 ? `-${text}` : text;
}

/** Seconds as minutes with one decimal: 270 → "4,5"; null → "–". */
export function minutes(seconds) {
  return seconds === null || seconds === undefined ? "–" : decimal(seconds / 60);
}

/** A share in percent: 33.3 → "33,3%"; null → "–". */
export function percent(value) {
  return value === null || value === undefined ? "–" : `${decimal(value)}%`;
}

/** A duration for people, never like a clock: 711 → "11 phút 51 giây", 3900 → "1 giờ 5 phút". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const mins = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return mins ? `${hours} giờ ${mins} phút` : `${hours} giờ`;
  if (mins > 0) return secs ? `${mins} phút ${secs} giây` : `${mins} phút`;
  return `${secs} giây`;
}

/** How long ago an ISO instant was, roughly: "vừa xong", "3 phút trước", "2 giờ trước". */
export function ago(iso, now) {
  const seconds = secondsSince(iso, now);
  if (seconds === null) return "";
  if (seconds < 60) return "vừa xong";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} phút trước`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} giờ trước`;
  return `${Math.floor(seconds / 86400)} ngày trước`;
}

/** Seconds from an ISO instant to `now` (milliseconds). */
export function secondsSince(iso, now) {
  if (!iso) return null;
  return Math.max(0, (now - Date.parse(iso)) / 1000);
}

/** A date YYYY-MM-DD as dd/mm/yyyy, the way Vietnamese write it whatever the browser's locale. */
export function dayText(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

/** Local time hh:mm of an ISO instant, in a timezone. */
export function timeOfDay(iso, timeZone = "Asia/Ho_Chi_Minh") {
  if (!iso) return "";
  return new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone }).format(
    new Date(iso),
  );
}

const formatters = new Map(); // by time zone: a screen shows one office, so it stays tiny

/** Calendar and clock parts of a moment in an IANA time zone, 24-hour, whatever the locale. */
export function zonedParts(date, timeZone = "Asia/Ho_Chi_Minh") {
  const zone = timeZone || "Asia/Ho_Chi_Minh";
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    if (formatters.size > 8) formatters.clear();
    formatters.set(zone, formatter);
  }
  const parts = {};
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** Day and time of an ISO instant in a timezone, "dd/mm/yyyy HH:MM" (seconds on request). */
export function dateTimeText(iso, timeZone = "Asia/Ho_Chi_Minh", { seconds = false } = {}) {
  if (!iso) return "";
  const parts = zonedParts(new Date(iso), timeZone);
  const time = `${parts.hour}:${parts.minute}${seconds ? `:${parts.second}` : ""}`;
  return `${parts.day}/${parts.month}/${parts.year} ${time}`;
}

/** A day typed as dd/mm/yyyy (also d/m/yyyy, or with "." or "-") → "YYYY-MM-DD"; null if no such day. */
export function parseDay(text) {
  const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text || "");
  if (!match) return null;
  const [day, month, year] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A time typed on the 24-hour clock, "7:30", "07:30", "7h30" or "0730" → "07:30"; null if none.
 * "24:00" (the end of the day) only when `endOfDay` allows it. */
export function parseClock(text, { endOfDay = false } = {}) {
  const match = /^\s*(\d{1,2})\s*(?:[:hg.]\s*(\d{2})?|(\d{2}))?\s*$/i.exec(text || "");
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? 0);
  if (minutes > 59) return null;
  if (hours === 24 && minutes === 0 && endOfDay) return "24:00";
  if (hours > 23) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}
