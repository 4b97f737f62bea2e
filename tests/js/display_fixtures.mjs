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
