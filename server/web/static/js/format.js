// Formatting for the staff pages (dashboard, reports, administration): Vietnamese numbers, durations, percentages; HTML escaping.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML (and attribute values). */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

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

/** An elapsed time for people: 75 → "1 phút 15 giây", 3725 → "1 giờ 02 phút". */
export function elapsed(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const mins = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${hours} giờ ${String(mins).padStart(2, "0")} phút`;
  if (mins > 0) return `${mins} phút ${String(secs).padStart(2, "0")} giây`;
  return `${secs} giây`;
}

/** A running clock mm:ss (or h:mm:ss) for a live wait. */
export function clock(seconds) {
  const total = Math.max(0, Math.floor(seconds ?? 0));
  const hours = Math.floor(total / 3600);
  const mins = String(Math.floor((total % 3600) / 60)).padStart(2, "0");
  const secs = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${mins}:${secs}` : `${mins}:${secs}`;
}

/** Seconds from an ISO instant to `now` (milliseconds). */
export function secondsSince(iso, now) {
  if (!iso) return null;
  return Math.max(0, (now - Date.parse(iso)) / 1000);
}

/** A date YYYY-MM-DD as dd/mm/yyyy. */
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
