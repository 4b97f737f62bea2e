// Text from the server put into HTML: escaped, and NFC-normalised so Vietnamese marks
// typed as combining characters render as one glyph. Shared by every screen's render module.

/** Escape text for HTML, normalised to NFC; null and undefined become "". */
export function escapeHtml(value) {
  if (value === null || value === undefined) return "";
  return String(value)
    .normalize("NFC")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
