// A small office snapshot, shaped like GET /offices/<id>/state, for the display tests.

export function ticket(overrides = {}) {
  return {
    id: 101,
    number: "A012",
    service_id: 1,
    service_name: "Đất đai",
    agency: null,
    audience: "citizen",
    status: "called",
    counter_id: 1,
    called_at: "2025-05-12T07:05:00+00:00",
    ...overrides,
  };
}

export function snapshot() {
  return {
    seq: 7,
    server_version: "1",
    office_id: 1,
    office: {
      id: 1,
      name: "Bộ phận Một cửa huyện Yên Thế",
      header_lines: ["UBND HUYỆN YÊN THẾ", "BỘ PHẬN MỘT CỬA"],
      timezone: "Asia/Ho_Chi_Minh",
      dialect: "north",
      notice_text: "Kính chào quý công dân!",
    },
    counters: [
      { id: 1, number: "1", name: "Quầy 1 – Đất đai", status: "open", service_ids: [1], clerk: { id: 3, full_name: "Nguyễn Văn Hùng" }, ticket: ticket() },
      { id: 2, number: "2", name: "Quầy 2 – Tư pháp – Hộ tịch", status: "paused", service_ids: [2, 3], clerk: { id: 4, full_name: "Trần Thị Thu Hằng" }, ticket: null },
      { id: 3, number: "3", name: "Quầy 3 – Chứng thực", status: "closed", service_ids: [3], clerk: null, ticket: null },
      { id: 7, number: "7", name: "Quầy 7 – Điện lực Yên Thế", status: "open", service_ids: [8], clerk: { id: 9, full_name: "Đỗ Quang Huy" }, ticket: null },
    ],
    recent_calls: [
      { ticket_id: 101, number: "A012", status: "called", service_id: 1, service_name: "Đất đai", audience: "citizen", counter_id: 1, counter_number: "1", counter_name: "Quầy 1 – Đất đai", called_at: "2025-05-12T07:05:00+00:00" },
      { ticket_id: 90, number: "B003", status: "done", service_id: 2, service_name: "Tư pháp – Hộ tịch", audience: "citizen", counter_id: 2, counter_number: "2", counter_name: "Quầy 2 – Tư pháp – Hộ tịch", called_at: "2025-05-12T06:55:00+00:00" },
    ],
    waiting: [
      { service_id: 1, prefix: "A", service_name: "Đất đai", waiting: 4 },
      { service_id: 2, prefix: "B", service_name: "Tư pháp – Hộ tịch", waiting: 2 },
      { service_id: 3, prefix: "C", service_name: "Chứng thực", waiting: 0 },
      { service_id: 8, prefix: "V", service_name: "Điện lực Yên Thế", waiting: 1 },
    ],
  };
}

// A `ticket_called` payload for a call of `number` at counter 7 (the electricity desk).
export function electricityCall(seq = 8, overrides = {}) {
  const called = ticket({ id: 120, number: "V005", service_id: 8, service_name: "Điện lực Yên Thế", agency: "Điện lực Yên Thế", audience: "customer", counter_id: 7, ...overrides });
  return {
    seq,
    office_id: 1,
    ticket: called,
    counter: { id: 7, number: "7", name: "Quầy 7 – Điện lực Yên Thế", status: "open", service_ids: [8], clerk: { id: 9, full_name: "Đỗ Quang Huy" }, ticket: called },
    recall: false,
    announcement: {
      text: "Mời khách hàng có số thứ tự vê năm đến quầy số bảy",
      audio_url: "/audio/call.wav?number=V005&counter=7&audience=customer&recall=0&dialect=north",
    },
  };
}

// Seven open counters with nobody at them, as at opening time (the demo office's counters).
export function openingSnapshot() {
  const base = snapshot();
  const counters = BURST.map((c, i) => ({
    id: c.counter,
    number: String(c.counter),
    name: `Quầy ${c.counter}`,
    status: "open",
    service_ids: [i + 1],
    clerk: { id: 10 + i, full_name: `Cán bộ ${c.counter}` },
    ticket: null,
  }));
  const waiting = BURST.map((c, i) => ({ service_id: i + 1, prefix: c.number[0], service_name: `Lĩnh vực ${c.number[0]}`, waiting: 3 }));
  return { ...base, counters, recent_calls: [], waiting };
}

// The calls of a 7:30 burst: number, counter, how the voice reads the number and the counter.
export const BURST = [
  { number: "A005", counter: 1, words: "a năm", counterWords: "một" },
  { number: "A001", counter: 2, words: "a một", counterWords: "hai" },
  { number: "B006", counter: 3, words: "bê sáu", counterWords: "ba" },
  { number: "C005", counter: 4, words: "xê năm", counterWords: "bốn" },
  { number: "E001", counter: 5, words: "e một", counterWords: "năm" },
  { number: "T001", counter: 6, words: "tê một", counterWords: "sáu" },
  { number: "V001", counter: 7, words: "vê một", counterWords: "bảy", audience: "customer" },
];

// A `ticket_called` payload of one BURST entry, with the announcement the server sends: the
// call on its own (chime, invitation) and its `follow` form (no chime, number and counter).
export function burstCall(entry, { seq = 8, recall = false } = {}) {
  const index = BURST.indexOf(entry);
  const audience = entry.audience || "citizen";
  const called = ticket({ id: 500 + index, number: entry.number, service_id: index + 1, service_name: `Lĩnh vực ${entry.number[0]}`, audience, counter_id: entry.counter });
  const who = audience === "customer" ? "khách hàng" : "công dân";
  const short = `${entry.words} đến quầy số ${entry.counterWords}`;
  const lead = recall ? "Xin nhắc lại, " : "";
  const full = `${lead}mời ${who} có số thứ tự ${short}`;
  const query = `number=${entry.number}&counter=${entry.counter}&audience=${audience}&recall=${recall ? 1 : 0}&dialect=north`;
  return {
    seq,
    office_id: 1,
    ticket: called,
    counter: { id: entry.counter, number: String(entry.counter), name: `Quầy ${entry.counter}`, status: "open", service_ids: [index + 1], clerk: null, ticket: called },
    recall,
    announcement: {
      text: recall ? full : full[0].toUpperCase() + full.slice(1),
      audio_url: `/audio/call.wav?${query}&sig=s`,
      follow: {
        text: recall ? `${lead}${short}` : short[0].toUpperCase() + short.slice(1),
        audio_url: `/audio/call.wav?${query}&follow=1&sig=s`,
      },
    },
  };
}
