// The administration page's state and the small helpers its parts share.
import { api } from "/assets/js/api.js";

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** What the page shows: the office tree, the chosen office and tab, the tab's data. */
export const app = {
  csrf: document.body.dataset.csrf,
  meId: Number(document.body.dataset.userId),
  offices: [],
  officeId: null,
  tab: "services",
  data: {},
  week: [],
  order: [],
  auditBefore: null,
};

let noticeTimer = null;
let noticeFrom = null; // the tab and office where the notice's action was taken

/** A command to the API, with the page's CSRF token. */
export const call = (path, method, body) => api(path, { method, body, csrf: app.csrf });

/** The chosen office. */
export const office = () => app.offices.find((item) => item.id === app.officeId);

/** Hide the notice. */
export function hideNotice() {
  clearTimeout(noticeTimer);
  noticeFrom = null;
  $("notice").hidden = true;
}

/** A notice above the tab where the action was taken: a success for five seconds, or a refusal
 * shown as an error until the next action. Either stays with its tab and office (`noticeStays`). */
export function notify(text, { error = false } = {}) {
  clearTimeout(noticeTimer);
  noticeFrom = { tab: app.tab, officeId: app.officeId };
  const element = $("notice");
  element.textContent = text;
  element.classList.toggle("ad-notice--error", error);
  element.setAttribute("role", error ? "alert" : "status");
  element.hidden = false;
  if (!error) noticeTimer = setTimeout(hideNotice, 5000);
}

/** A refused or failed action, said as an error where it was taken. */
export const failed = (error) => notify(error.message, { error: true });

/** Another tab or office is shown: a notice of an action taken elsewhere does not follow. */
export function noticeStays() {
  if (noticeFrom && (noticeFrom.tab !== app.tab || noticeFrom.officeId !== app.officeId)) hideNotice();
}
