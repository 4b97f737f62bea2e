import { test } from "node:test";
import assert from "node:assert/strict";
import "./served_assets.mjs";

const { printPaper, printoutMarkup, printPageCss } = await import("../../kiosk/static/js/render.js");

const printout = {
  agency: null,
  office_lines: ["UBND HUYỆN YÊN THẾ", "BỘ PHẬN MỘT CỬA"],
  title: "PHIẾU SỐ THỨ TỰ",
  number: "A015",
  service_name: "Đất đai <đo đạc>",
  priority: "ƯU TIÊN – Người cao tuổi",
  counters: "Quầy 1, 2",
  lines: ["Số người đang chờ trước: 7", "Thời gian chờ dự kiến: khoảng 25 phút", "Ngày 26/11/2026 – 09:41 (buổi sáng)"],
  qr_url: "http://x/t/abc",
  note: "Vui lòng xuất trình giấy tờ tại quầy. Vui lòng giữ phiếu và chờ gọi số",
};

test("only a browser: kiosk prints from the page, on 80 mm paper unless its width is 58 mm's", () => {
  assert.equal(printPaper(null), null);
  assert.equal(printPaper({ printer: "agent", paper_width: 576 }), null);
  assert.equal(printPaper({ printer: "tcp://10.0.0.5:9100" }), null);
  assert.deepEqual(printPaper({ printer: "browser:", paper_width: 576 }), { widthMm: 80 });
  assert.deepEqual(printPaper({ printer: "browser:", paper_width: 512 }), { widthMm: 80 });
  assert.deepEqual(printPaper({ printer: "browser:", paper_width: 384 }), { widthMm: 58 });
  assert.deepEqual(printPaper({ printer: "browser:" }), { widthMm: 80 });
});

test("the printout keeps design §6's order and escapes the server's text", () => {
  const html = printoutMarkup(printout, "/api/v1/public/tickets/abc/qr.svg", { widthMm: 58 });
  const order = [
    "UBND HUYỆN YÊN THẾ",
    "BỘ PHẬN MỘT CỬA",
    "PHIẾU SỐ THỨ TỰ",
    ">A015<",
    "Đất đai &lt;đo đạc&gt;",
    "ƯU TIÊN – Người cao tuổi",
    "Quầy 1, 2",
    "Số người đang chờ trước: 7",
    "khoảng 25 phút",
    "(buổi sáng)",
    'src="/api/v1/public/tickets/abc/qr.svg"',
    "Vui lòng giữ phiếu",
  ].map((text) => html.indexOf(text));
  assert.ok(order.every((at) => at >= 0), JSON.stringify(order));
  assert.deepEqual([...order].sort((a, b) => a - b), order);
  assert.match(html, /xk-printout__paper--58/);
  assert.doesNotMatch(html, /xk-printout__agency/); // no agency line when there is none
});

test("the print page is the paper's width and the ticket's height", () => {
  assert.equal(printPageCss({ widthMm: 80 }, 151.2), "@page { size: 80mm 154mm; margin: 0; }");
  assert.equal(printPageCss({ widthMm: 58 }, 0), "@page { size: 58mm 20mm; margin: 0; }");
});
