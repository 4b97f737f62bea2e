"""Sort key of a Vietnamese personal name: the given name (last word) first, then the rest.

An office reads its staff roll by given name: "Trần Thị Thu Hằng" is found under H, after
"Phạm Thị Lan Anh" and before "Nguyễn Văn Hùng"; among equal given names the family and middle
names decide. Letters follow the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), case
blind, and tones count only where the letters are equal, as in a dictionary (a à ả ã á ạ); the
name itself breaks the last ties, so the order is total. Never raises, whatever the text.

`server/web/static/js/names.js` is this rule's twin for screens that sort in the browser; both
are tested against `tests/rules/given_name_order.json`.
"""

from __future__ import annotations

import unicodedata

# The Vietnamese alphabet, with the Latin letters it lacks (f j w z) where Latin puts them, for
# names of other origins. A letter is its base and the mark that makes it a letter of its own.
_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")  # one code point each (NFC)
_LETTER_RANK = {unicodedata.normalize("NFD", letter): rank for rank, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve (ă), circumflex (â ê ô), horn (ơ ư)
# Tones in dictionary order after the level tone: huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTERS_FROM = 0x110000  # a letter's place: after every character that is not one (code points)

Word = tuple[tuple[int, ...], tuple[int, ...]]  # (letters, tones)


def _word_key(word: str) -> Word:
    """A word's letters by their place in the alphabet, and its tones apart."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", word.lower()):  # lower(): as JS lowercases
        rank = _LETTER_RANK.get(char)
        if rank is not None:
            letters.append(_LETTERS_FROM + rank)
            tones.append(0)
        elif char in _LETTER_MARKS:  # "ặ" is a, dot below, breve: the tone may come between
            if letters and letters[-1] >= _LETTERS_FROM:
                base = _ALPHABET[letters[-1] - _LETTERS_FROM]
                marked = _LETTER_RANK.get(unicodedata.normalize("NFD", base) + char)
                if marked is not None:
                    letters[-1] = _LETTERS_FROM + marked
        elif char in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[char]
        elif not unicodedata.category(char).startswith("M"):  # other marks: the name tells
            letters.append(ord(char))
            tones.append(0)
    return tuple(letters), tuple(tones)


def given_name_key(name: str) -> tuple[Word, tuple[Word, ...], str]:
    """Sort key: the last word, then the words before it in order; the name breaks ties."""
    words = unicodedata.normalize("NFC", name).split()  # str.isspace(), as the twin's _SPACES
    if not words:
        return ((), ()), (), name
    return _word_key(words[-1]), tuple(_word_key(word) for word in words[:-1]), name
