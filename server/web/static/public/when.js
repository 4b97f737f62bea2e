// Days and times of slots as the citizen reads them. Slot times come from the server as ISO 8601
// with the office's UTC offset, so their local wall-clock time is read from the text itself:
// the phone's own time zone never shifts an appointment.

export const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

function parts(day) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(day || ""));
  return match ? { year: Number(match[1]), month: Number(match[2]), date: Number(match[3]) } : null;
}

// "2026-12-05" plus n days, as "YYYY-MM-DD" (calendar arithmetic, no time zone involved).
export function addDays(day, count) {
  const p = parts(day);
  if (!p) return "";
  return new Date(Date.UTC(p.year, p.month - 1, p.date + count)).toISOString().slice(0, 10);
}

// "Thứ Bảy, 05/12/2026".
export function dayText(day) {
  const p = parts(day);
  if (!p) return "";
  const weekday = WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.date)).getUTCDay()];
  const two = (n) => String(n).padStart(2, "0");
  return `${weekday}, ${two(p.date)}/${two(p.month)}/${p.year}`;
}

// "Hôm nay, 05/12", "Ngày mai, 06/12", else "Thứ Hai, 07/12": short enough for a phone's picker.
export function dayLabel(day, today) {
  const p = parts(day);
  if (!p) return "";
  const short = `${String(p.date).padStart(2, "0")}/${String(p.month).padStart(2, "0")}`;
  if (day === today) return `Hôm nay, ${short}`;
  if (day === addDays(today, 1)) return `Ngày mai, ${short}`;
  return `${WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.date)).getUTCDay()]}, ${short}`;
}

// "10:15" of "2026-12-05T10:15:00+07:00".
export function clockTime(iso) {
  const match = /T(\d{2}):(\d{2})/.exec(String(iso || ""));
  return match ? `${match[1]}:${match[2]}` : "";
}

// The days a service can be booked: today and the `horizon` days after it.
export function dayChoices(today, horizon) {
  const days = Math.max(0, Number.isFinite(Number(horizon)) ? Math.floor(Number(horizon)) : 0);
  return Array.from({ length: days + 1 }, (_, index) => {
    const day = addDays(today, index);
    return { day, label: dayLabel(day, today) };
  });
}
