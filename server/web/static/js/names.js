// Order of Vietnamese personal names: the given name (last word) first, then the rest in order.
// The twin of server/rules/person_names.py (read its docstring for the why); both are tested
// against tests/rules/given_name_order.json, so a list sorted here and one sorted by the server
// agree.

// The Vietnamese alphabet with f j w z where Latin puts them; a letter is its base and the mark
// that makes it a letter of its own.
const ALPHABET = Array.from("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"); // one code point each (NFC)
const LETTER_RANK = new Map(ALPHABET.map((letter, rank) => [letter.normalize("NFD"), rank]));
const LETTER_MARKS = new Set(["\u0306", "\u0302", "\u031b"]); // breve, circumflex, horn
// Tones in dictionary order after the level tone: huyền, hỏi, ngã, sắc, nặng.
const TONE_RANK = new Map([["\u0300", 1], ["\u0309", 2], ["\u0303", 3], ["\u0301", 4], ["\u0323", 5]]);
const LETTERS_FROM = 0x110000; // a letter's place: after every character that is not one
const MARK = /^\p{M}$/u;
// Python's str.split() whitespace (str.isspace), not JS's \s (which has U+FEFF, lacks U+001C–1F, U+0085).
const SPACES = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

// A word's letters by their place in the alphabet, and its tones apart.
function wordKey(word) {
  const letters = [];
  const tones = [];
  for (const char of word.toLowerCase().normalize("NFD")) {
    const rank = LETTER_RANK.get(char);
    if (rank !== undefined) {
      letters.push(LETTERS_FROM + rank);
      tones.push(0);
    } else if (LETTER_MARKS.has(char)) {
      // "ặ" is a, dot below, breve: the tone may come between the letter and its mark.
      const last = letters.length ? letters[letters.length - 1] : -1;
      if (last >= LETTERS_FROM) {
        const marked = LETTER_RANK.get(ALPHABET[last - LETTERS_FROM].normalize("NFD") + char);
        if (marked !== undefined) letters[letters.length - 1] = LETTERS_FROM + marked;
      }
    } else if (TONE_RANK.has(char)) {
      if (tones.length) tones[tones.length - 1] = TONE_RANK.get(char);
    } else if (!MARK.test(char)) {
      letters.push(char.codePointAt(0));
      tones.push(0);
    }
  }
  return [letters, tones];
}

// Compare two arrays (of numbers, or of arrays) item by item; a prefix comes first.
function compareArrays(a, b) {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const x = a[index];
    const y = b[index];
    const order = Array.isArray(x) ? compareArrays(x, y) : x - y;
    if (order) return order < 0 ? -1 : 1;
  }
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
}

/** The sort key of a name: [given name, [the words before it], the name's code points]. */
export function givenNameKey(name) {
  const text = String(name ?? "");
  const words = text.normalize("NFC").split(SPACES).filter(Boolean);
  const codePoints = Array.from(text, (char) => char.codePointAt(0));
  if (!words.length) return [[[], []], [], codePoints];
  return [wordKey(words[words.length - 1]), words.slice(0, -1).map(wordKey), codePoints];
}

/** Comparator of names by given name (for Array.prototype.sort). */
export function compareGivenNames(a, b) {
  return compareArrays(givenNameKey(a), givenNameKey(b));
}
