import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { MESSAGE_NOTES, NOTIFIER_KINDS, kindFieldsMarkup, notifierBody, notifierFormMarkup, posterMarkup, secretPlaceholder } = await import(
  "../../admin/static/js/notifier_view.js"
);

const SMS = {
  office_id: 1,
  kind: "http_sms",
  url: "https://sms.example.vn/send",
  method: "GET",
  auth_header: "••••••••••••••••1234",
  body_template: "",
  content_type: "",
  access_token: "",
  templates: {},
  base_url: "",
};

test("each kind is explained in Vietnamese and the chosen one is checked", () => {
  const html = notifierFormMarkup(SMS);
  for (const [kind, label, explain] of NOTIFIER_KINDS) {
    assert.match(html, new RegExp(`value="${kind}"`));
    assert.ok(html.includes(label) && html.includes(explain), kind);
  }
  assert.match(html, /value="http_sms" checked/);
  assert.doesNotMatch(html, /value="log" checked/);
});

test("only the chosen kind's fields are shown", () => {
  const sms = kindFieldsMarkup("http_sms", SMS);
  assert.match(sms, /name="url"/);
  assert.match(sms, /name="auth_header"/);
  assert.doesNotMatch(sms, /name="access_token"/);
  const zalo = kindFieldsMarkup("zalo_zns", { templates: { called: "T-42" } });
  assert.match(zalo, /name="access_token"/);
  assert.match(zalo, /name="template_called"[^>]*value="T-42"/);
  assert.doesNotMatch(zalo, /name="url"/);
  assert.equal(kindFieldsMarkup("log", {}), "");
  assert.match(kindFieldsMarkup("web_push", {}), /VAPID/);
  assert.doesNotMatch(kindFieldsMarkup("web_push", {}), /<input/);
});

test("a stored credential is a placeholder, never a value; empty keeps it", () => {
  assert.equal(secretPlaceholder("••••••••1234"), "•••• 1234 — để trống để giữ nguyên");
  assert.equal(secretPlaceholder(""), "");
  const html = kindFieldsMarkup("http_sms", SMS);
  assert.match(html, /name="auth_header"[^>]*value=""[^>]*placeholder="•••• 1234 — để trống để giữ nguyên"/);
  assert.match(html, /id="n-method"[^]*<option value="GET" selected>/);
});

test("every field has a place for its error, the templates one too", () => {
  const sms = kindFieldsMarkup("http_sms", SMS);
  for (const name of ["url", "method", "auth_header", "body_template", "content_type"]) assert.match(sms, new RegExp(`data-error-for="${name}"`));
  const zalo = kindFieldsMarkup("zalo_zns", {});
  for (const name of ["access_token", "templates", "base_url"]) assert.match(zalo, new RegExp(`data-error-for="${name}"`));
});

test("the PUT body: a credential left empty is left out, so the stored one is kept", () => {
  assert.deepEqual(notifierBody({ kind: "http_sms", url: " https://x.vn/s ", method: "POST", auth_header: "", body_template: "", content_type: "" }), {
    kind: "http_sms",
    url: "https://x.vn/s",
    method: "POST",
    body_template: "",
    content_type: "",
    templates: {},
    base_url: "",
  });
  assert.equal(notifierBody({ kind: "http_sms", url: "https://x.vn", auth_header: "Authorization: Bearer abc" }).auth_header, "Authorization: Bearer abc");
  const zalo = notifierBody({ kind: "zalo_zns", access_token: "", template_called: " T1 ", template_reminder: "", base_url: "" });
  assert.deepEqual(zalo.templates, { called: "T1" });
  assert.ok(!("access_token" in zalo) && !("auth_header" in zalo));
  assert.equal(notifierBody({ kind: "zalo_zns", access_token: " tok " }).access_token, "tok");
});

test("switching kinds sends the other kinds' stored settings back unchanged", () => {
  const stored = { ...SMS, templates: { called: "T9" }, base_url: "https://zalo.test" };
  const body = notifierBody({ kind: "log", url: "https://typed-but-hidden" }, stored);
  assert.equal(body.kind, "log");
  assert.equal(body.url, "https://sms.example.vn/send");
  assert.equal(body.method, "GET");
  assert.deepEqual(body.templates, { called: "T9" });
  assert.equal(body.base_url, "https://zalo.test");
  assert.ok(!("auth_header" in body), "a masked credential is never sent back");
  assert.equal(notifierBody({ kind: "zalo_zns", template_called: "T10" }, stored).url, "https://sms.example.vn/send");
});

test("what each message says is listed", () => {
  const html = notifierFormMarkup({ kind: "log" });
  assert.equal(MESSAGE_NOTES.length, 4);
  for (const [, label, says] of MESSAGE_NOTES) assert.ok(html.includes(label) && html.includes(says), label);
  assert.match(html, /value="log" checked/);
});

test("the poster shows the office's QR and its public link", () => {
  const html = posterMarkup(7, "https://xephang.example.vn");
  assert.match(html, /<img[^>]*src="\/o\/7\/qr.svg"[^>]*alt="[^"]+"/);
  assert.match(html, /href="https:\/\/xephang.example.vn\/o\/7"/);
  assert.match(html, /data-action="print-poster"/);
});

test("text from the server is escaped", () => {
  const html = kindFieldsMarkup("http_sms", { ...SMS, url: '"><script>' });
  assert.doesNotMatch(html, /<script>/);
});
