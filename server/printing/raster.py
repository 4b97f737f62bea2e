"""Draw tickets and the printer test page as 1-bit rasters in the shipped Vietnamese font.

A ticket is a stack of bands (office lines, title, number, service, …, QR, note). Most bands
read the same on every ticket of a kiosk, so each text band is drawn once per text, size and
paper width and kept, already thresholded, in a bounded cache; a ticket then costs its number,
its QR code and a few pastes. QR codes come from zxing-cpp (C++, about 20 times faster than the
pure-Python `qrcode`, whose mask search alone took most of a ticket's 15 ms).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from server.printing.escpos_encode import NativeQr, PackedRaster
from server.printing.ticket_layout import (
    Block,
    Qr,
    Rule,
    Style,
    Text,
    TicketContent,
    nfc,
    ticket_blocks,
)

FONT_DIR = Path(__file__).with_name("fonts")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

WIDTH_80MM = 576
WIDTH_58MM = 384
BLACK = 0
WHITE = 255

Align = Literal["left", "center"]


# The smallest type a citizen reads on a ticket held at arm's length: 3 mm (24 dots at the
# 8 dots/mm of 203 dpi printers), on 58 mm paper as on 80 mm. Body lines wrap rather than
# shrink below it.
BODY_MIN_DOTS = 24


@dataclass(frozen=True)
class _Look:
    """Font size at 576 dots and weight for one text style."""

    size: int
    bold: bool = False
    min_size: int | None = None  # shrink down to this before breaking inside a word
    max_lines: int = 99  # shrink (down to min_size) when wrapping needs more lines
    floor_dots: int = 0  # never below this many dots, whatever the paper width


_LOOKS: dict[Style, _Look] = {
    Style.AGENCY: _Look(22, min_size=18, max_lines=1),
    Style.OFFICE: _Look(26, bold=True, min_size=20, max_lines=1),
    Style.TITLE: _Look(30, bold=True),
    Style.SERVICE: _Look(34, bold=True, min_size=22, max_lines=3),
    Style.PRIORITY: _Look(26, bold=True, min_size=20, max_lines=1),
    Style.COUNTERS: _Look(28, bold=True, min_size=20, max_lines=1),
    Style.INFO: _Look(24, max_lines=2, floor_dots=BODY_MIN_DOTS),
    Style.NOTE: _Look(24, max_lines=3, floor_dots=BODY_MIN_DOTS),
}


@functools.lru_cache(maxsize=128)
def load_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Return the shipped font at `size` pixels."""
    # BASIC layout gives the same metrics whether or not libraqm exists on the kiosk PC;
    # NFC text needs no shaping because every Vietnamese letter has a precomposed glyph.
    path = FONT_BOLD if bold else FONT_REGULAR
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def margin_for(width_dots: int) -> int:
    """Blank dots kept on each side; cheap printers lose a few dots at the paper edges."""
    return max(8, width_dots // 36)


def _scaled(size_at_576: int, width_dots: int) -> int:
    # Narrow paper gets smaller text, but less than proportionally: it must stay readable.
    return max(10, round(size_at_576 * (width_dots / WIDTH_80MM) ** 0.5))


def ink_width(text: str, font: ImageFont.FreeTypeFont) -> int:
    """Width in dots of the ink of `text` (what must fit between the margins)."""
    left, _, right, _ = font.getbbox(text, anchor="ls")
    return int(right - left)


def _break_word(word: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    # NFC Vietnamese letters are single code points, so breaking between them is safe.
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and ink_width(current + char, font) > max_width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap of NFC `text` into lines whose ink fits `max_width`."""
    lines: list[str] = []
    for paragraph in nfc(text).split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if ink_width(candidate, font) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _break_word(word, font, max_width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    return lines


@functools.lru_cache(maxsize=256)  # office lines, service names, notes: the same every ticket
def _fitting_size(text: str, look: _Look, width_dots: int, max_width: int) -> int:
    """Largest size from the style's range at which every word fits and lines stay few."""
    size = max(_scaled(look.size, width_dots), look.floor_dots)
    smallest = max(_scaled(look.min_size, width_dots), look.floor_dots) if look.min_size else size
    words = nfc(text).split()
    while size > smallest:
        font = load_font(size, look.bold)
        words_fit = all(ink_width(word, font) <= max_width for word in words)
        if words_fit and len(wrap_text(text, font, max_width)) <= look.max_lines:
            break
        size -= 1
    return size


def render_text_block(
    text: str,
    *,
    width: int,
    size: int,
    bold: bool = False,
    align: Align = "center",
    inverted: bool = False,
    padding: int = 0,
) -> Image.Image:
    """Draw wrapped text into an "L" image exactly `width` wide and as tall as the ink needs."""
    font = load_font(size, bold)
    inner = width - 2 * padding
    ascent, descent = font.getmetrics()
    spacing = max(2, size // 8)
    placed: list[tuple[str, int, int, int]] = []
    y = padding
    for line in wrap_text(text, font, inner):
        left, top, right, bottom = (int(v) for v in font.getbbox(line, anchor="ls"))
        # Stacked marks (Ễ, Ỗ) can rise above the font ascent; never let them be cut off.
        baseline = y + max(ascent, -top)
        placed.append((line, baseline, left, right))
        y = baseline + max(descent, bottom) + spacing
    height = y - spacing + padding
    background, ink = (BLACK, WHITE) if inverted else (WHITE, BLACK)
    image = Image.new("L", (width, height), background)
    draw = ImageDraw.Draw(image)
    for line, baseline, left, right in placed:
        offset = (inner - (right - left)) // 2 if align == "center" else 0
        draw.text((padding + offset - left, baseline), line, font=font, fill=ink, anchor="ls")
    return image


def render_big_text(text: str, *, width: int, max_height: int) -> Image.Image:
    """Draw one bold line as large as fits `width` with ink no taller than `max_height`."""
    text = nfc(text).strip() or "-"
    low, high = 10, max_height * 2
    while low < high:  # binary search for the largest size that fits both ways
        middle = (low + high + 1) // 2
        left, top, right, bottom = load_font(middle, True).getbbox(text, anchor="ls")
        if right - left <= width and bottom - top <= max_height:
            low = middle
        else:
            high = middle - 1
    font = load_font(low, True)
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor="ls"))
    image = Image.new("L", (width, bottom - top), WHITE)
    x = (width - (right - left)) // 2 - left
    ImageDraw.Draw(image).text((x, -top), text, font=font, fill=BLACK, anchor="ls")
    return image


def _qr_modules(data: str) -> Image.Image:
    """The QR modules of `data` as an "L" image, one pixel a module, no quiet zone."""
    # Medium error correction survives smudges on thermal paper.
    barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = barcode.to_image(scale=1, add_quiet_zones=False)
    size = modules.shape[0]
    # zxingcpp.Image exposes the buffer protocol; its stubs do not say so.
    return Image.frombytes("L", (size, size), bytes(memoryview(modules)))  # type: ignore[arg-type]


def qr_matrix(data: str) -> list[list[bool]]:
    """QR modules of `data` without quiet zone, True for dark (medium error correction)."""
    image = _qr_modules(data)
    size = image.width
    pixels = image.tobytes()
    return [[pixels[y * size + x] < 128 for x in range(size)] for y in range(size)]


def qr_module_dots(modules: int, *, width: int, target: int) -> int:
    """Dots per module: whole dots keep modules equal; at least 3 (0.375 mm) for phone cameras."""
    box = min(max(3, target // modules), width // modules)
    if box < 1:
        raise ValueError(f"a QR code of {modules} modules is too wide for {width} dots")
    return box


def render_qr(data: str, *, width: int, target: int) -> Image.Image:
    """Draw the QR code centred in an image `width` wide, about `target` dots square."""
    square = _qr_modules(data)
    box = qr_module_dots(square.width, width=width, target=target)
    square = square.resize((square.width * box, square.height * box), Image.Resampling.NEAREST)
    quiet = 4 * box  # the quiet zone the QR standard asks for above and below
    image = Image.new("L", (width, square.height + 2 * quiet), WHITE)
    image.paste(square, ((width - square.width) // 2, quiet))
    return image


def render_rule(*, width: int, thickness: int = 2, gap: int = 6) -> Image.Image:
    """Draw a horizontal separator with `gap` blank dots above and below."""
    image = Image.new("L", (width, thickness + 2 * gap), WHITE)
    ImageDraw.Draw(image).rectangle((0, gap, width - 1, gap + thickness - 1), fill=BLACK)
    return image


BAND_CACHE_SIZE = 512  # text bands kept: ~3 KB each at 80 mm, so at most ~2 MB


def _band(image: Image.Image, width_dots: int) -> PackedRaster:
    """A block placed between the margins of a full-width strip of paper, packed for printing."""
    strip = Image.new("1", (width_dots, image.height), 1)
    strip.paste(image if image.mode == "1" else to_1bit(image), (margin_for(width_dots), 0))
    return PackedRaster.of(strip)


@functools.lru_cache(maxsize=BAND_CACHE_SIZE)
def _text_band(text: str, style: Style, size: int, width_dots: int) -> PackedRaster:
    """One text block drawn once: the same text on the next ticket costs nothing."""
    content_width = width_dots - 2 * margin_for(width_dots)
    bold = _LOOKS[style].bold
    if style is Style.PRIORITY:
        box = render_text_block(
            text,
            width=content_width,
            size=size,
            bold=bold,
            inverted=True,
            padding=_priority_padding(width_dots),
        )
        return _band(_pad_vertically(box, width_dots // 96), width_dots)
    return _band(render_text_block(text, width=content_width, size=size, bold=bold), width_dots)


@functools.lru_cache(maxsize=16)
def _fixed_band(kind: Literal["rule", "gap"], width_dots: int) -> PackedRaster:
    if kind == "gap":
        return PackedRaster.blank(width_dots, ticket_gap(width_dots))
    return _band(render_rule(width=width_dots - 2 * margin_for(width_dots)), width_dots)


def ticket_gap(width_dots: int) -> int:
    """Blank rows between the blocks of a ticket."""
    return max(6, width_dots // 64)


def qr_target(width_dots: int) -> int:
    """About how many dots square the ticket's QR code is."""
    return round(width_dots * 0.36)


def _render_block(block: Block, width_dots: int, sizes: dict[Style, int]) -> PackedRaster:
    content_width = width_dots - 2 * margin_for(width_dots)
    if isinstance(block, Rule):
        return _fixed_band("rule", width_dots)
    if isinstance(block, Qr):
        qr = render_qr(block.data, width=content_width, target=qr_target(width_dots))
        return _band(qr, width_dots)
    if block.style is Style.NUMBER:
        number = render_big_text(block.text, width=content_width, max_height=width_dots // 4)
        # Air above and below so the number stands apart from the title and service.
        return _band(_pad_vertically(number, width_dots // 48), width_dots)
    return _text_band(block.text, block.style, sizes[block.style], width_dots)


def _priority_padding(width_dots: int) -> int:
    return max(6, _scaled(_LOOKS[Style.PRIORITY].size, width_dots) // 3)


def style_sizes(blocks: Sequence[Block], width_dots: int) -> dict[Style, int]:
    """One size per style, the smallest any of its blocks needs, so sibling lines match."""
    content_width = width_dots - 2 * margin_for(width_dots)
    sizes: dict[Style, int] = {}
    for block in blocks:
        if not isinstance(block, Text) or block.style is Style.NUMBER:
            continue
        available = content_width
        if block.style is Style.PRIORITY:
            available -= 2 * _priority_padding(width_dots)
        size = _fitting_size(block.text, _LOOKS[block.style], width_dots, available)
        sizes[block.style] = min(size, sizes.get(block.style, size))
    return sizes


def _pad_vertically(image: Image.Image, padding: int) -> Image.Image:
    padded = Image.new("L", (image.width, image.height + 2 * padding), WHITE)
    padded.paste(image, (0, padding))
    return padded


def to_1bit(image: Image.Image) -> Image.Image:
    """Threshold a greyscale image to mode "1" (dithering would make text edges fuzzy)."""
    return image.convert("L").convert("1", dither=Image.Dither.NONE)


def stack(parts: Sequence[Image.Image], *, width_dots: int, gap: int) -> Image.Image:
    """Stack `parts` vertically between the margins, `gap` dots apart, as mode "1"."""
    # Thresholding is per dot, so thresholding each part first gives the same dots as
    # thresholding the whole canvas; parts already in mode "1" (cached bands) paste as they are.
    margin = margin_for(width_dots)
    height = sum(part.height for part in parts) + gap * (len(parts) + 1)
    canvas = Image.new("1", (width_dots, height), 1)
    y = gap
    for part in parts:
        canvas.paste(part if part.mode == "1" else to_1bit(part), (margin, y))
        y += part.height + gap
    return canvas


def ticket_parts(
    content: TicketContent, width_dots: int = WIDTH_80MM, *, native_qr: bool = False
) -> list[PackedRaster | NativeQr]:
    """The ticket, packed for the printer: one raster, or rasters around a QR the printer draws.

    With `native_qr` the QR code is left to the printer (GS ( k) at the size the raster would
    have, with the same quiet zone above and below, so the ticket looks the same.
    """
    if width_dots < 200:
        raise ValueError(f"width_dots={width_dots} is too narrow for a ticket (need >= 200)")
    if width_dots % 8:
        raise ValueError(f"width_dots={width_dots} is not a whole number of bytes")
    blocks = ticket_blocks(content)
    sizes = style_sizes(blocks, width_dots)
    gap = _fixed_band("gap", width_dots)
    parts: list[PackedRaster | NativeQr] = []
    bands = [gap]
    for block in blocks:
        if native_qr and isinstance(block, Qr):
            content_width = width_dots - 2 * margin_for(width_dots)
            modules = _qr_modules(block.data).width
            box = qr_module_dots(modules, width=content_width, target=qr_target(width_dots))
            quiet = PackedRaster.blank(width_dots, 4 * box)
            parts += [PackedRaster.join([*bands, quiet]), NativeQr(block.data, box)]
            bands = [quiet, gap]
            continue
        bands += [_render_block(block, width_dots, sizes), gap]
    return [*parts, PackedRaster.join(bands)]


def ticket_raster(content: TicketContent, width_dots: int = WIDTH_80MM) -> PackedRaster:
    """The whole ticket, QR code included, packed for the printer, exactly `width_dots` wide."""
    [raster] = ticket_parts(content, width_dots)
    assert isinstance(raster, PackedRaster)
    return raster


def render_ticket(content: TicketContent, width_dots: int = WIDTH_80MM) -> Image.Image:
    """Draw the whole ticket as a mode "1" image exactly `width_dots` wide."""
    return ticket_raster(content, width_dots).image()


VIETNAMESE_ALPHABET = "A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y"
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang huyền sắc hỏi ngã nặng
PANGRAM = "Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau."


def vowels_with_tones(*, upper: bool = False) -> list[str]:
    """Every Vietnamese vowel with each of the six tones, one group of six per vowel."""
    vowels = _VOWELS.upper() if upper else _VOWELS
    return [" ".join(nfc(vowel + tone) for tone in _TONES) for vowel in vowels]


def _pairs(groups: list[str]) -> list[str]:
    return [" · ".join(groups[index : index + 2]) for index in range(0, len(groups), 2)]


def render_ruler(width_dots: int) -> Image.Image:
    """Ticks every millimetre (8 dots at 203 dpi) across the full printable width."""
    font = load_font(14)
    image = Image.new("L", (width_dots, 34), WHITE)
    draw = ImageDraw.Draw(image)
    draw.line((0, 0, width_dots - 1, 0), fill=BLACK, width=2)
    for x in range(0, width_dots, 8):
        length = 16 if x % 80 == 0 else 10 if x % 40 == 0 else 5
        draw.line((x, 0, x, length), fill=BLACK)
        if x % 80 == 0 and x > 0:
            draw.text((x, 18), str(x // 8), font=font, fill=BLACK, anchor="mt")
    draw.line((width_dots - 1, 0, width_dots - 1, 16), fill=BLACK, width=2)
    return image


def render_test_page(width_dots: int = WIDTH_80MM) -> Image.Image:
    """Draw the printer test page: title, width, full Vietnamese alphabet and tones, ruler."""
    content_width = width_dots - 2 * margin_for(width_dots)
    body = _scaled(24, width_dots)

    def text(value: str, size: int = body, bold: bool = False) -> Image.Image:
        return render_text_block(value, width=content_width, size=size, bold=bold)

    parts = [
        text("TRANG IN THỬ", _scaled(34, width_dots), bold=True),
        text(f"Khổ in: {width_dots} điểm ≈ {width_dots / 8:.0f} mm"),
        render_rule(width=content_width),
        text("Bảng chữ cái", bold=True),
        text(VIETNAMESE_ALPHABET),
        text(VIETNAMESE_ALPHABET.lower()),
        text("Nguyên âm và dấu thanh", bold=True),
        *(text(line) for line in _pairs(vowels_with_tones(upper=True))),
        *(text(line) for line in _pairs(vowels_with_tones())),
        render_rule(width=content_width),
        text(PANGRAM, bold=True),
        text(PANGRAM),
        text("0123456789 – Đ đ – Ư ư – Ơ ơ"),
        render_big_text("A123", width=content_width, max_height=width_dots // 8),
    ]
    middle = stack(parts, width_dots=width_dots, gap=max(4, width_dots // 96))
    # Ruler and solid bar span the full width on purpose: they show dead or missing dots.
    ruler = render_ruler(width_dots)
    bar = Image.new("L", (width_dots, 16), BLACK)
    gap = 8
    sections = [(ruler, 0), (middle.convert("L"), 0), (bar, gap), (ruler, gap)]
    page = Image.new(
        "L", (width_dots, sum(image.height + space for image, space in sections)), WHITE
    )
    y = 0
    for image, space in sections:
        page.paste(image, (0, y + space))
        y += image.height + space
    return to_1bit(page)
