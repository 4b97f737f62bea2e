// Pure render functions of an office's notifier (the "Thông báo" tab): how citizens who took a
// number from afar or booked a slot are told when to come. Settings → HTML, the form → a PUT body.
import { escapeHtml } from "/assets/js/html.js";

/** The notifiers an office may choose, with what each does, in Vietnamese. */
export const NOTIFIER_KINDS = [
  ["log", "Không gửi (chỉ ghi nhật ký)", "Không gửi tin nào cho người dân; máy chủ chỉ ghi lại tin lẽ ra được gửi. Dùng khi đơn vị chưa có cổng SMS hay Zalo OA."],
  ["http_sms", "Tin nhắn SMS qua cổng nhà mạng", "Gửi SMS thương hiệu (brandname) qua cổng HTTP của nhà cung cấp (Viettel, VNPT, FPT…). Cần địa chỉ cổng và thông tin xác thực do nhà cung cấp cấp."],
  ["zalo_zns", "Tin Zalo (ZNS)", "Gửi tin theo mẫu qua Zalo Official Account của đơn vị. Cần access token của OA và mã mẫu tin ZNS đã được Zalo duyệt cho từng loại tin."],
  ["web_push", "Thông báo trên trình duyệt điện thoại", "Báo trên trình duyệt của người dân đã mở trang theo dõi số và cho phép nhận thông báo. Không tốn phí, không cần số điện thoại; dùng khóa VAPID của máy chủ."],
];

/** The messages sent, and what each says. */
export const MESSAGE_NOTES = [
  ["booking_confirmed", "Xác nhận lịch hẹn", "khi đặt lịch: lĩnh vực, ngày giờ hẹn và mã lịch hẹn để quét tại kiosk."],
  ["reminder", "Nhắc lịch hẹn", "trước giờ hẹn: nhắc lĩnh vực, ngày giờ hẹn và mã lịch hẹn."],
  ["almost_your_turn", "Sắp đến lượt", "khi số chỉ còn ít người phía trước: số thứ tự và số người còn đợi, để người dân đến kịp."],
  ["called", "Mời đến quầy", "khi cán bộ gọi số: số thứ tự và quầy cần đến."],
];

/** The placeholder of a stored credential: its masked last characters, and that empty keeps it. */
export function secretPlaceholder(masked) {
  if (!masked) return "";
  const last = String(masked).replace(/•/g, "");
  return `•••• ${last} — để trống để giữ nguyên`;
}

function field(name, label, control, help = "") {
  return (
    `<label class="ad-field ad-field--wide"><span class="ad-label">${escapeHtml(label)}</span>${control}` +
    (help ? `<span class="ad-help">${escapeHtml(help)}</span>` : "") +
    `<span class="ad-error" data-error-for="${name}" hidden></span></label>`
  );
}

function textInput(name, value, { placeholder = "", secret = false } = {}) {
  return (
    `<input type="${secret ? "password" : "text"}" id="n-${name}" name="${name}" autocomplete="${secret ? "new-password" : "off"}"` +
    ` value="${escapeHtml(secret ? "" : value ?? "")}"${placeholder ? ` placeholder="${escapeHtml(placeholder)}"` : ""}>`
  );
}

function secretHelp(masked, what) {
  return masked ? `Đã lưu ${what}; để trống để giữ nguyên, nhập giá trị mới để thay.` : `Chưa lưu ${what}.`;
}

/** The fields of one notifier kind (shown only while that kind is chosen). */
export function kindFieldsMarkup(kind, settings = {}) {
  if (kind === "http_sms") {
    const method = settings.method || "POST";
    return (
      field("url", "Địa chỉ cổng SMS", textInput("url", settings.url, { placeholder: "https://sms.example.vn/send?to={phone}" }), "http:// hoặc https://; có thể chèn {phone}, {text}, {number}, {counter}, {code}") +
      field(
        "method",
        "Phương thức",
        `<select id="n-method" name="method">${["POST", "GET"].map((m) => `<option value="${m}"${m === method ? " selected" : ""}>${m}</option>`).join("")}</select>`,
      ) +
      field(
        "auth_header",
        "Dòng xác thực (tiêu đề HTTP)",
        textInput("auth_header", "", { placeholder: secretPlaceholder(settings.auth_header) || "Authorization: Bearer …", secret: true }),
        secretHelp(settings.auth_header, "thông tin xác thực"),
      ) +
      field("body_template", "Nội dung gửi (POST)", `<textarea id="n-body_template" name="body_template" rows="3">${escapeHtml(settings.body_template ?? "")}</textarea>`, "để trống: mẫu JSON mặc định") +
      field("content_type", "Kiểu nội dung (Content-Type)", textInput("content_type", settings.content_type, { placeholder: "application/json" }))
    );
  }
  if (kind === "zalo_zns") {
    const templates = settings.templates || {};
    const rows = MESSAGE_NOTES.map(
      ([message, label]) =>
        `<label class="ad-field"><span class="ad-label">${escapeHtml(label)}</span>${textInput(`template_${message}`, templates[message])}</label>`,
    ).join("");
    return (
      field(
        "access_token",
        "Access token của Zalo OA",
        textInput("access_token", "", { placeholder: secretPlaceholder(settings.access_token), secret: true }),
        secretHelp(settings.access_token, "access token"),
      ) +
      `<fieldset class="ad-fieldset ad-field--wide"><legend>Mã mẫu tin ZNS đã duyệt</legend><div class="ad-grid">${rows}</div>` +
      `<span class="ad-help">để trống loại tin không gửi qua Zalo</span><span class="ad-error" data-error-for="templates" hidden></span></fieldset>` +
      field("base_url", "Địa chỉ API Zalo (không bắt buộc)", textInput("base_url", settings.base_url, { placeholder: "https://business.openapi.zalo.me" }))
    );
  }
  if (kind === "web_push") {
    return `<p class="st-muted ad-field--wide">Không cần thiết lập thêm: máy chủ dùng khóa VAPID của mình (XEPHANG_NOTIFY_VAPID_*).</p>`;
  }
  return "";
}

/** The notifier form: the kind with its explanation, that kind's fields, and what is sent. */
export function notifierFormMarkup(settings) {
  const chosen = settings.kind || "log";
  const kinds = NOTIFIER_KINDS.map(
    ([kind, label, explain]) =>
      `<label class="ad-kind"><input type="radio" name="kind" value="${kind}"${kind === chosen ? " checked" : ""}>` +
      `<span><strong>${escapeHtml(label)}</strong><span class="ad-help">${escapeHtml(explain)}</span></span></label>`,
  ).join("");
  const notes = MESSAGE_NOTES.map(([, label, says]) => `<li><strong>${escapeHtml(label)}</strong>: ${escapeHtml(says)}</li>`).join("");
  return (
    `<form id="notifier-form" class="ad-form" novalidate>` +
    `<fieldset class="ad-fieldset"><legend>Cách báo cho người dân</legend><div class="ad-kinds">${kinds}</div></fieldset>` +
    `<div id="notifier-fields" class="ad-grid">${kindFieldsMarkup(chosen, settings)}</div>` +
    `<p class="st-error" id="notifier-error" role="alert" hidden></p>` +
    `<div class="ad-toolbar"><button type="submit" class="st-button st-button--primary">Lưu cách báo tin</button></div>` +
    `</form>` +
    `<h3 class="ad-subtitle">Các tin được gửi</h3><ul class="ad-messages">${notes}</ul>`
  );
}

/** The PUT body from the form's raw values: a credential left empty is left out (kept); the
 * other kinds' stored settings are sent back as they are, so switching kinds loses nothing. */
export function notifierBody(raw, stored = {}) {
  const kind = raw.kind || "log";
  const body = {
    kind,
    url: stored.url || "",
    method: stored.method || "POST",
    body_template: stored.body_template || "",
    content_type: stored.content_type || "",
    templates: { ...(stored.templates || {}) },
    base_url: stored.base_url || "",
  };
  if (kind === "http_sms") {
    body.url = (raw.url || "").trim();
    body.method = raw.method || "POST";
    body.body_template = raw.body_template || "";
    body.content_type = (raw.content_type || "").trim();
    if ((raw.auth_header || "").trim()) body.auth_header = raw.auth_header.trim();
  } else if (kind === "zalo_zns") {
    body.base_url = (raw.base_url || "").trim();
    if ((raw.access_token || "").trim()) body.access_token = raw.access_token.trim();
    body.templates = {};
    for (const [message] of MESSAGE_NOTES) {
      const id = (raw[`template_${message}`] || "").trim();
      if (id) body.templates[message] = id;
    }
  }
  return body;
}

/** The office's poster QR: the public page's link, to print and put up in the lobby. */
export function posterMarkup(officeId, origin) {
  const link = `${origin}/o/${officeId}`;
  return (
    `<h3 class="ad-subtitle ad-poster-title">Mã QR dán tại sảnh</h3>` +
    `<div class="ad-pairing ad-poster">` +
    `<img class="ad-qr" src="/o/${officeId}/qr.svg" alt="Mã QR trang lấy số và đặt lịch của đơn vị">` +
    `<div><p>Người dân quét mã này để lấy số từ xa, đặt lịch hẹn và theo dõi lượt.</p>` +
    `<p><a class="ad-link" href="${escapeHtml(link)}" target="_blank" rel="noopener">${escapeHtml(link)}</a></p>` +
    `<p><button type="button" class="st-button st-button--primary" data-action="print-poster">In mã QR</button> ` +
    `<a class="st-button" href="/o/${officeId}/qr.svg" download="qr-don-vi-${officeId}.svg">Tải mã QR (SVG)</a></p></div>` +
    `</div>`
  );
}
