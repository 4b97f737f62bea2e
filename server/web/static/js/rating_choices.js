// The satisfaction question and its choices (design §8), asked the same way by the counter's
// rating tablet and the citizen's phone page. `level` and `code` are the API's words.

export const QUESTION = "Ông/Bà đánh giá thế nào về việc tiếp nhận, giải quyết tại quầy?";

export const LEVELS = [
  { level: "very_satisfied", label: "Rất hài lòng", tone: "great" },
  { level: "satisfied", label: "Hài lòng", tone: "good" },
  { level: "dissatisfied", label: "Không hài lòng", tone: "bad" },
];

export const REASONS = [
  { code: "staff_attitude", label: "Thái độ cán bộ" },
  { code: "waiting_time", label: "Chờ lâu" },
  { code: "unclear_guidance", label: "Hướng dẫn không rõ" },
  { code: "extra_documents", label: "Yêu cầu giấy tờ ngoài quy định" },
  { code: "other", label: "Khác" },
];
