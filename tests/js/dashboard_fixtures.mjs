// Sample API answers for the dashboard and reports tests (shapes as the server sends them).

export const stats = (mean, median, p90) => ({ mean, median, p90 });
const ratings = (very_satisfied, satisfied, dissatisfied) => ({ very_satisfied, satisfied, dissatisfied });

export function dashboardData(overrides = {}) {
  return {
    office: { id: 1, name: "Bộ phận Một cửa huyện Yên Thế", timezone: "Asia/Ho_Chi_Minh" },
    subtree: false,
    offices: [
      { office_id: 1, name: "Bộ phận Một cửa huyện Yên Thế", waiting: 3, longest_wait_seconds: 2000, breaches: 1, open_counters: 2, counters: 3, issued: 12, served: 8, no_show: 1, wait_seconds: stats(600, 540, 1500), ratings: ratings(3, 1, 1) },
    ],
    date: "2026-03-02",
    generated_at: "2026-03-02T02:00:00+00:00",
    waiting: {
      total: 3,
      longest_seconds: 2000,
      longest: { ticket_id: 9, number: "A012", service_name: "Đất đai", office_name: "Yên Thế", target_minutes: 20 },
    },
    today: {
      issued: 12, served: 8, no_show: 1, cancelled: 0, transferred: 1,
      wait_seconds: stats(600, 540, 1500), service_seconds: stats(300, 280, 420),
      ratings: ratings(3, 1, 1), rated: 5, no_show_rate: 11.1,
    },
    services: [
      {
        service_id: 1, office_id: 1, office_name: "Yên Thế", prefix: "A", name: "Đất đai", agency: null, active: true,
        target_wait_minutes: 20, waiting: 2, longest_wait_seconds: 2000, breaches: 1, open_counters: 1,
        issued: 7, served: 5, no_show: 1, wait_seconds: stats(700, 600, 1600), service_seconds: stats(360, 300, 500),
        ratings: ratings(2, 1, 1),
      },
      {
        service_id: 2, office_id: 1, office_name: "Yên Thế", prefix: "V", name: "Điện lực Yên Thế", agency: "Điện lực Yên Thế", active: true,
        target_wait_minutes: 15, waiting: 1, longest_wait_seconds: 60, breaches: 0, open_counters: 1,
        issued: 5, served: 3, no_show: 0, wait_seconds: stats(300, 300, 400), service_seconds: stats(200, 200, 250),
        ratings: ratings(1, 0, 0),
      },
      {
        service_id: 3, office_id: 1, office_name: "Yên Thế", prefix: "Z", name: "<Ngừng>", agency: null, active: false,
        target_wait_minutes: 30, waiting: 0, longest_wait_seconds: null, breaches: 0, open_counters: 0,
        issued: 0, served: 0, no_show: 0, wait_seconds: stats(null, null, null), service_seconds: stats(null, null, null),
        ratings: ratings(0, 0, 0),
      },
    ],
    counters: [
      {
        id: 1, office_id: 1, number: "1", name: "Quầy 1", status: "open", clerk: { id: 5, full_name: "Trần Thị Một" },
        ticket: { id: 8, number: "A011", status: "serving", called_at: "2026-03-02T01:50:00+00:00", started_at: "2026-03-02T01:55:00+00:00" },
        served_today: 5, service_seconds: stats(360, 300, 500), ratings: ratings(2, 1, 1),
      },
      { id: 2, office_id: 1, number: "2", name: "Quầy 2", status: "paused", clerk: null, ticket: null, served_today: 0, service_seconds: stats(null, null, null), ratings: ratings(0, 0, 0) },
      { id: 3, office_id: 1, number: "3", name: "Quầy 3", status: "closed", clerk: null, ticket: null, served_today: 3, service_seconds: stats(200, 200, 250), ratings: ratings(1, 0, 0) },
    ],
    appointments: { booked: 0, checked_in: 0, cancelled: 0, expired: 0 },
    sla: {
      waiting_over_target: 1,
      served_over_target_today: 2,
      tickets: [{ ticket_id: 9, number: "A012", service_name: "Đất đai", office_name: "Yên Thế", target_minutes: 20, waited_seconds: 2000 }],
    },
    hourly: [
      { hour: 7, issued: 2, served: 0 },
      { hour: 8, issued: 10, served: 8 },
      { hour: 9, issued: 0, served: 0 },
    ],
    wait_distribution: [
      { label: "0–5", called: 4, waiting: 1 },
      { label: "5–10", called: 3, waiting: 0 },
      { label: "≥ 60", called: 0, waiting: 1 },
    ],
    ...overrides,
  };
}

const row = (extra) => ({
  issued: 0, served: 0, no_show: 0, cancelled: 0, transferred: 0,
  wait_seconds: stats(null, null, null), service_seconds: stats(null, null, null),
  ratings: ratings(0, 0, 0), rated: 0, no_show_rate: null,
  ratings_percent: { very_satisfied: null, satisfied: null, dissatisfied: null },
  ...extra,
});

export function reportData(overrides = {}) {
  return {
    office_id: 1, office_name: "Bộ phận Một cửa huyện Yên Thế", subtree: false, office_count: 1,
    from: "2026-02-01", to: "2026-02-28", period: "day", exact: true,
    filters: { service_id: null, counter_id: null, clerk_id: null },
    totals: row({ issued: 9, served: 6, no_show: 1, wait_seconds: stats(500, 400, 900), ratings: ratings(3, 1, 2), rated: 6, no_show_rate: 14.3, ratings_percent: { very_satisfied: 50, satisfied: 16.7, dissatisfied: 33.3 } }),
    by_office: [row({ office_id: 1, name: "Bộ phận Một cửa huyện Yên Thế", issued: 9 })],
    by_service: [
      row({ service_id: 1, name: "Đất đai", prefix: "A", office_name: "Yên Thế", issued: 4, wait_seconds: stats(300, 280, 500), ratings: ratings(2, 0, 0), rated: 2, ratings_percent: { very_satisfied: 100, satisfied: 0, dissatisfied: 0 } }),
      row({ service_id: 2, name: "Tư pháp – Hộ tịch", prefix: "B", office_name: "Yên Thế", issued: 3, wait_seconds: stats(900, 800, 1500), ratings: ratings(0, 1, 2), rated: 3, ratings_percent: { very_satisfied: 0, satisfied: 33.3, dissatisfied: 66.7 } }),
      row({ service_id: 3, name: "Chứng thực", prefix: "C", office_name: "Yên Thế", issued: 2 }),
    ],
    by_counter: [row({ counter_id: 1, name: "Quầy 1", office_name: "Yên Thế", issued: 9 })],
    by_clerk: [row({ user_id: 5, name: "Trần Thị Một", username: "canbo1", office_name: "Yên Thế", issued: 9 })],
    periods: [
      row({ period: "2026-02-02", label: "02/02/2026", from: "2026-02-02", to: "2026-02-02", issued: 5, served: 4 }),
      row({ period: "2026-02-03", label: "03/02/2026", from: "2026-02-03", to: "2026-02-03", issued: 4, served: 2 }),
    ],
    by_channel: [
      row({ channel: "kiosk", name: "Kiosk lấy số", issued: 6 }),
      row({ channel: "reception", name: "Quầy tiếp nhận", issued: 1 }),
      row({ channel: "online", name: "Lấy số từ xa", issued: 0 }),
      row({ channel: "appointment", name: "Đặt lịch hẹn", issued: 2 }),
    ],
    choices: {
      services: [{ id: 1, name: "A – Đất đai", office_name: "Yên Thế" }, { id: 2, name: "B – Tư pháp – Hộ tịch", office_name: "Yên Thế" }],
      counters: [{ id: 1, name: "Quầy 1", office_name: "Yên Thế" }],
      clerks: [{ id: 5, name: "Trần Thị Một", office_name: "Yên Thế" }],
    },
    ...overrides,
  };
}
