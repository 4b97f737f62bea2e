import { test } from "node:test";
import assert from "node:assert/strict";
import { nameWords, nameWordsMarkup, nextFitSize } from "../../server/web/static/js/words.js";

test("an office name splits into the words a reader sees, place names whole", () => {
  assert.deepEqual(nameWords("Bộ phận Một cửa huyện Yên Thế"), ["Bộ phận", "Một cửa", "huyện", "Yên Thế"]);
  assert.deepEqual(nameWords("Trung tâm Phục vụ hành chính công tỉnh Bà Rịa – Vũng Tàu"), [
    "Trung tâm",
    "Phục vụ",
    "hành chính công",
    "tỉnh",
    "Bà Rịa –",
    "Vũng Tàu",
  ]);
  assert.deepEqual(
    nameWords("Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính thành phố Hồ Chí Minh"),
    ["Bộ phận", "Tiếp nhận", "và", "Trả", "kết quả", "giải quyết", "thủ tục", "hành chính", "thành phố", "Hồ Chí Minh"],
  );
  assert.deepEqual(nameWords("Ủy ban nhân dân Phường Bến Nghé"), ["Ủy ban", "nhân dân", "Phường", "Bến Nghé"]);
  assert.deepEqual(nameWords("Điện lực Yên Thế"), ["Điện lực", "Yên Thế"]);
});

test("upper-case header lines group the same way", () => {
  assert.deepEqual(nameWords("UBND HUYỆN YÊN THẾ"), ["UBND", "HUYỆN", "YÊN THẾ"]);
  assert.deepEqual(nameWords("BỘ PHẬN MỘT CỬA"), ["BỘ PHẬN", "MỘT CỬA"]);
  assert.deepEqual(nameWords("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"), ["TRUNG TÂM", "PHỤC VỤ", "HÀNH CHÍNH CÔNG"]);
});

test("decomposed marks, extra spaces and empty names", () => {
  assert.deepEqual(nameWords("  Bộ phận   Một cửa\u00a0xã Tân Hiệp ".normalize("NFD")), ["Bộ phận", "Một cửa", "xã", "Tân Hiệp"]);
  assert.deepEqual(nameWords(""), []);
  assert.deepEqual(nameWords(null), []);
  assert.deepEqual(nameWords(undefined), []);
  assert.deepEqual(nameWords("–"), ["–"]);
});

test("a run of capitals stops at four syllables; unknown lower-case syllables stand alone", () => {
  assert.deepEqual(nameWords("Một Hai Ba Bốn Năm"), ["Một Hai Ba Bốn", "Năm"]);
  assert.deepEqual(nameWords("trạm y tế lưu động"), ["trạm", "y tế", "lưu", "động"]);
});

test("the markup keeps each word in a no-break span and reads as the name", () => {
  const html = nameWordsMarkup("Bộ phận <Một> cửa");
  assert.equal(html, '<span class="xp-word">Bộ phận</span> <span class="xp-word">&lt;Một&gt;</span> <span class="xp-word">cửa</span>');
  assert.equal(html.replace(/<[^>]+>/g, ""), "Bộ phận &lt;Một&gt; cửa");
  assert.equal(nameWordsMarkup(""), "");
});

test("a name that does not fit shrinks a little at a time, never below 80 % of its size", () => {
  assert.equal(nextFitSize({ size: 40, base: 40, lines: 2, maxLines: 2, overflowing: false }), 40);
  const smaller = nextFitSize({ size: 40, base: 40, lines: 3, maxLines: 2, overflowing: false });
  assert.ok(smaller < 40 && smaller >= 36);
  assert.ok(nextFitSize({ size: 40, base: 40, lines: 1, maxLines: 2, overflowing: true }) < 40);
  // However it measures, the loop of the page ends at 80 %.
  let size = 40;
  for (let step = 0; step < 100; step += 1) {
    const next = nextFitSize({ size, base: 40, lines: 9, maxLines: 2, overflowing: true });
    if (next === size) break;
    size = next;
  }
  assert.equal(size, 32);
});
