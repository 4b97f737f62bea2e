import { test } from "node:test";
import assert from "node:assert/strict";
import { officeChildren, officeOptions, officeTree } from "../../server/web/static/js/offices.js";

const OFFICES = [
  { id: 3, parent_id: 1, name: "Xã Tân Hiệp" },
  { id: 1, parent_id: null, name: "Bộ phận Một cửa huyện Yên Thế" },
  { id: 2, parent_id: 1, name: "Xã Đồng Tâm" },
  { id: 9, parent_id: 42, name: "Điểm tiếp nhận <Bố Hạ>" }, // its parent is out of the caller's scope
];

test("offices form a tree: parents first, children by Vietnamese name, orphans as roots", () => {
  const tree = officeTree(OFFICES);
  assert.deepEqual(tree.map((office) => [office.id, office.depth, office.hasChildren]), [
    [1, 0, true],
    [2, 1, false],
    [3, 1, false],
    [9, 0, false],
  ]);
  assert.deepEqual(officeChildren(OFFICES).get(null).map((office) => office.id), [1, 9]);
});

test("the office picker indents children, marks the chosen office and escapes names", () => {
  const html = officeOptions(OFFICES, 2);
  assert.match(html, /<option value="2" selected>\u00a0\u00a0\u00a0Xã Đồng Tâm<\/option>/);
  assert.match(html, /<option value="1">Bộ phận/);
  assert.ok(html.includes("Điểm tiếp nhận &lt;Bố Hạ&gt;"));
});
