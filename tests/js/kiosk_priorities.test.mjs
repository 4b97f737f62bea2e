import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { categoriesMarkup, categoryLabel, offersPriority, priorityChoices, priorityHint } = await import(
  "../../kiosk/static/js/priorities.js"
);

// As GET /api/v1/offices/<id>/priority-categories answers after an admin's changes.
const configured = [
  { code: "disabled", label: "Người khuyết tật", active: true, sort_order: 0 },
  { code: "elderly", label: "Người từ 75 tuổi", active: true, sort_order: 1 },
  { code: "merit", label: "Người có công với cách mạng", active: true, sort_order: 3 },
];

test("the kiosk offers the enabled categories, in the office's order, with its labels", () => {
  const choices = priorityChoices([
    ...configured,
    { code: "pregnant", label: "Phụ nữ mang thai", active: false, sort_order: 2 },
  ]);
  assert.deepEqual(choices, [
    { code: "disabled", label: "Người khuyết tật" },
    { code: "elderly", label: "Người từ 75 tuổi" },
    { code: "merit", label: "Người có công với cách mạng" },
  ]);
  const html = categoriesMarkup(choices, "vi");
  assert.equal(html.match(/data-action="category"/g).length, 3);
  assert.deepEqual(
    [...html.matchAll(/data-category="([a-z]+)"/g)].map((match) => match[1]),
    ["disabled", "elderly", "merit"],
  );
  assert.ok(html.includes("Người từ 75 tuổi"));
  assert.ok(!html.includes("Phụ nữ mang thai"));
  assert.ok(!html.includes("Người cao tuổi")); // no built-in label sneaks back in
});

test("the office's order holds even when the answer arrives unsorted", () => {
  const codes = priorityChoices([...configured].reverse()).map((choice) => choice.code);
  assert.deepEqual(codes, ["disabled", "elderly", "merit"]);
});

test("with no category enabled there is no priority path", () => {
  assert.equal(offersPriority(priorityChoices([])), false);
  assert.equal(offersPriority(priorityChoices([{ ...configured[0], active: false }])), false);
  assert.equal(offersPriority(priorityChoices(null)), false);
  assert.equal(categoriesMarkup([], "vi"), "");
  assert.equal(priorityHint([], "vi"), "");
  assert.equal(offersPriority(priorityChoices(configured)), true);
});

test("labels are NFC, trimmed and escaped; a blank label is not offered", () => {
  const decomposed = "Người cao tuổi".normalize("NFD");
  const choices = priorityChoices([
    { code: "elderly", label: `  ${decomposed} ` },
    { code: "other", label: "<b>Khác</b>" },
    { code: "merit", label: "   " },
  ]);
  assert.deepEqual(
    choices.map((choice) => choice.label),
    ["Người cao tuổi".normalize("NFC"), "<b>Khác</b>"],
  );
  const html = categoriesMarkup(choices, "vi");
  assert.ok(html.includes("Người cao tuổi".normalize("NFC")));
  assert.ok(!html.includes("<b>"));
  assert.ok(html.includes("&lt;b&gt;Khác&lt;/b&gt;"));
});

test("Vietnamese first: in English the label stays and its meaning is added below", () => {
  const choices = priorityChoices(configured);
  const vi = categoriesMarkup(choices, "vi");
  assert.ok(!vi.includes('lang="en"'));
  const en = categoriesMarkup(choices, "en");
  assert.match(en, /<span class="xk-category__label" lang="vi">Người từ 75 tuổi<\/span>/);
  assert.match(en, /<span class="xk-category__english" lang="en">Elderly person<\/span>/);
  assert.ok(en.indexOf("Người từ 75 tuổi") < en.indexOf("Elderly person"));
});

test("the start screen's hint names exactly the offered categories", () => {
  const choices = priorityChoices(configured);
  assert.equal(priorityHint(choices, "vi"), "Người khuyết tật · Người từ 75 tuổi · Người có công với cách mạng");
  assert.equal(priorityHint(choices, "en"), "Person with a disability · Elderly person · Person of national merit");
});

test("a ticket's category reads as the office labels it, else as the server's default", () => {
  const choices = priorityChoices(configured);
  assert.equal(categoryLabel(choices, "elderly"), "Người từ 75 tuổi");
  assert.equal(categoryLabel(choices, "pregnant"), "Phụ nữ mang thai"); // switched off since
  assert.equal(categoryLabel([], "other"), "Đối tượng ưu tiên khác");
  assert.equal(categoryLabel(choices, null), "");
});

test("offline the categories are greyed and lead nowhere", () => {
  const choices = priorityChoices(configured);
  const html = categoriesMarkup(choices, "vi", { offline: true });
  assert.equal(html.match(/class="xk-category xk-category--offline" disabled/g).length, 3);
  assert.ok(!categoriesMarkup(choices, "vi").includes("disabled data-action"));
  assert.ok(!categoriesMarkup(choices, "vi").includes("xk-category--offline"));
});
