// The words of a Vietnamese office name, so a header wraps between words and never inside one.
//
// Vietnamese puts a space between syllables, so a browser breaks "Yên | Thế" or "kết | quả" as
// readily as it breaks between words. Office names use a small vocabulary: the words of public
// administration below, administrative units ("huyện", "thị xã") and place names, which are runs
// of capitalised syllables ("Yên Thế", "Bà Rịa"). A syllable neither in a listed word nor in a
// run stands alone, as the browser would have it.
import { escapeHtml } from "./html.js";

const SPACE = /\s+/u;
const MAX_RUN = 4; // syllables of a place name ("Phan Rang – Tháp Chàm" is two runs)

// Words of office and agency names, lower case, old-style tone marks (design §1, Vocabulary).
const LISTED = [
  "bộ phận", "một cửa", "liên thông", "tiếp nhận", "kết quả", "giải quyết", "thủ tục",
  "hành chính công", "hành chính", "trung tâm", "phục vụ", "ủy ban", "uỷ ban", "nhân dân",
  "hội đồng", "văn phòng", "chi nhánh", "điện lực", "công an", "bảo hiểm", "kho bạc",
  "đăng ký", "đất đai", "tư pháp", "hộ tịch", "chứng thực", "lao động", "thương binh",
  "xã hội", "kinh doanh", "xây dựng", "tài nguyên", "môi trường", "kế hoạch", "đầu tư",
  "tài chính", "giáo dục", "đào tạo", "y tế", "nông nghiệp", "phát triển", "nông thôn",
  "giao thông", "vận tải", "công thương", "nội vụ", "văn hóa", "thể thao", "du lịch",
  "khoa học", "công nghệ", "thông tin", "truyền thông", "trực tuyến", "dân tộc", "tôn giáo",
  "quản lý", "đô thị", "kinh tế", "hạ tầng", "dịch vụ công",
];
// Units of the administrative tree: a word of their own, never the start of a place name.
const UNITS = [
  "thành phố", "thị xã", "thị trấn", "đặc khu", "khu phố", "tỉnh", "huyện", "quận", "xã",
  "phường", "thôn", "ấp", "bản", "và", "của", "tại",
];

const VOCABULARY = new Map(); // first syllable → listed words (as syllables), longest first
for (const word of [...LISTED, ...UNITS]) {
  const syllables = word.split(" ");
  const known = VOCABULARY.get(syllables[0]) || [];
  known.push(syllables);
  known.sort((a, b) => b.length - a.length);
  VOCABULARY.set(syllables[0], known);
}
const UNIT_STARTS = new Set(UNITS.map((unit) => unit.split(" ")[0]));

// How many syllables from `at` form a listed word (0: none).
function listedLength(syllables, at) {
  const lower = (index) => (syllables[index] || "").toLocaleLowerCase("vi");
  for (const word of VOCABULARY.get(lower(at)) || []) {
    if (word.every((syllable, offset) => lower(at + offset) === syllable)) return word.length;
  }
  return 0;
}

// A syllable that starts with a capital letter: part of a name.
const capitalised = (syllable) => /^\p{Lu}/u.test(syllable);
// A dash or other punctuation on its own: it stays with the word before it.
const punctuation = (syllable) => !/[\p{L}\p{N}]/u.test(syllable);

/** The words of `text` in order, each a string of one or more syllables to keep on one line. */
export function nameWords(text) {
  const syllables = String(text ?? "").normalize("NFC").trim().split(SPACE).filter(Boolean);
  const words = [];
  let at = 0;
  while (at < syllables.length) {
    let length = listedLength(syllables, at);
    if (!length && capitalised(syllables[at]) && !UNIT_STARTS.has(syllables[at].toLocaleLowerCase("vi"))) {
      length = 1;
      while (
        length < MAX_RUN &&
        at + length < syllables.length &&
        capitalised(syllables[at + length]) &&
        !listedLength(syllables, at + length) &&
        !UNIT_STARTS.has(syllables[at + length].toLocaleLowerCase("vi"))
      ) {
        length += 1;
      }
    }
    length = Math.max(length, 1);
    const word = syllables.slice(at, at + length).join(" ");
    if (punctuation(word) && words.length) words[words.length - 1] += ` ${word}`;
    else words.push(word);
    at += length;
  }
  return words;
}

/** Markup of `text` whose words do not break inside: each word an escaped `.xp-word` span. */
export function nameWordsMarkup(text) {
  return nameWords(text)
    .map((word) => `<span class="xp-word">${escapeHtml(word)}</span>`)
    .join(" ");
}

const MIN_SCALE = 0.8; // a long name may shrink a little, never to small print

/**
 * The font size to try next for a name that should fit `maxLines` lines without overflowing:
 * a few percent smaller while it does not fit, never below 80 % of its `base` size; `size`
 * itself once it fits (or cannot shrink further).
 */
export function nextFitSize({ size, base, lines, maxLines, overflowing }) {
  if (!overflowing && lines <= maxLines) return size;
  return Math.max(base * MIN_SCALE, Math.floor(size * 0.94 * 10) / 10);
}
