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

/** A command to the API, with the page's CSRF token. */
export const call = (path, method, body) => api(path, { method, body, csrf: app.csrf });

/** The chosen office. */
export const office = () => app.offices.find((item) => item.id === app.officeId);

/** A notice at the top of the page for five seconds. */
export function notify(text) {
  clearTimeout(noticeTimer);
  $("notice").textContent = text;
  $("notice").hidden = false;
  noticeTimer = setTimeout(() => ($("notice").hidden = true), 5000);
}
