// Pure functions of the kiosk's priority path: the office's categories → choices → HTML.
// The office configures which categories it offers, their order and their Vietnamese labels
// (GET /api/v1/offices/<id>/priority-categories); the kiosk offers exactly those, nothing built in.

import { escapeHtml } from "/assets/js/html.js";

// The server's label of a code an office never configured (only for a ticket whose category the
// kiosk no longer lists); the English words explain a code to a foreign visitor, under its label.
export const DEFAULT_LABELS = {
  elderly: "Người cao tuổi",
  disabled: "Người khuyết tật",
  pregnant: "Phụ nữ mang thai",
  merit: "Người có công",
  other: "Đối tượng ưu tiên khác",
};
export const ENGLISH = {
  elderly: "Elderly person",
  disabled: "Person with a disability",
  pregnant: "Pregnant woman",
  merit: "Person of national merit",
  other: "Other priority group",
};

const clean = (text) => String(text ?? "").normalize("NFC").trim();

// The categories the kiosk offers, in the office's order: enabled ones with a label, NFC.
export function priorityChoices(categories) {
  if (!Array.isArray(categories)) return [];
  return categories
    .filter((category) => category && category.active !== false && clean(category.code) && clean(category.label))
    .map((category, index) => ({ ...category, order: category.sort_order ?? index }))
    .sort((a, b) => a.order - b.order)
    .map((category) => ({ code: clean(category.code), label: clean(category.label) }));
}

// Whether the kiosk offers a priority path at all.
export function offersPriority(choices) {
  return choices.length > 0;
}

// The Vietnamese label of a ticket's category: the office's, else the default, else "".
export function categoryLabel(choices, code) {
  if (!code) return "";
  const choice = choices.find((entry) => entry.code === code);
  return choice ? choice.label : DEFAULT_LABELS[code] || "";
}

// The line under "ƯU TIÊN" on the start screen: who may take that path.
export function priorityHint(choices, lang) {
  if (lang === "en") return choices.map((choice) => ENGLISH[choice.code] || choice.label).join(" · ");
  return choices.map((choice) => choice.label).join(" · ");
}

// One big button per offered category: the Vietnamese label, and in English its meaning below.
// While the server is out of reach (`offline`) they are greyed and lead nowhere.
export function categoriesMarkup(choices, lang, { offline = false } = {}) {
  const state = offline ? ' class="xk-category xk-category--offline" disabled' : ' class="xk-category"';
  return choices
    .map((choice) => {
      const english = lang === "en" && ENGLISH[choice.code];
      return (
        `<button type="button"${state} data-action="category" data-category="${escapeHtml(choice.code)}">` +
        `<span class="xk-category__label" lang="vi">${escapeHtml(choice.label)}</span>` +
        (english ? `<span class="xk-category__english" lang="en">${escapeHtml(english)}</span>` : "") +
        `</button>`
      );
    })
    .join("");
}
