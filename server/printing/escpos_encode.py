"""Turn a 1-bit ticket image into the ESC/POS bytes a thermal printer prints and cuts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported where images are handled: printers.py takes the status queries from here
# in every server process, most of which draw no ticket for a long time (or ever).

INIT = b"\x1b@"  # ESC @
STATUS_QUERIES = (1, 2, 4)  # DLE EOT n: printer status, offline cause, paper roll sensor
BAND_ROWS = 256  # rows per GS v 0 command; small bands fit every printer's receive buffer
DEFAULT_FEED_LINES = 4

# Printers act on real-time commands (DLE EOT, DLE ENQ, DLE DC4) wherever the bytes occur,
# even inside image data: a stray DLE ENQ 2 clears the buffer, a stray DLE EOT answers
# with a status byte that the next status query would misread.
_REALTIME_PREFIX = re.compile(rb"\x10(?=[\x04\x05\x14])")
_INVERTED = bytes(byte ^ 0xFF for byte in range(256))  # a translate() table: every bit flipped


@dataclass(frozen=True)
class PackedRaster:
    """A 1-bit picture in the printer's own order: rows packed MSB first, 1 = black.

    Tickets are put together in this form (bands joined as bytes), so a job needs no
    per-dot work after its bands are drawn.
    """

    width: int  # dots, a multiple of 8
    rows: int
    bits: bytes

    def __post_init__(self) -> None:
        if self.width % 8 or len(self.bits) != self.width // 8 * self.rows:
            raise ValueError(f"{len(self.bits)} bytes is not a {self.width}x{self.rows} raster")

    @classmethod
    def of(cls, image: Image.Image) -> PackedRaster:
        """Pack an image (thresholded, padded with white to whole bytes)."""
        bitmap = _padded_width(_to_1bit(image))
        return cls(bitmap.width, bitmap.height, _black_bits(bitmap))

    @classmethod
    def join(cls, parts: list[PackedRaster]) -> PackedRaster:
        """Parts of one width stacked top to bottom."""
        width = parts[0].width
        if any(part.width != width for part in parts):
            raise ValueError("rasters of different widths cannot be stacked")
        return cls(width, sum(part.rows for part in parts), b"".join(p.bits for p in parts))

    @classmethod
    def blank(cls, width: int, rows: int) -> PackedRaster:
        """White rows."""
        return cls(width, rows, bytes(width // 8 * rows))

    def image(self) -> Image.Image:
        """As a Pillow mode "1" image (Pillow stores 1 = white)."""
        from PIL import Image

        return Image.frombytes("1", (self.width, self.rows), self.bits.translate(_INVERTED))


@dataclass(frozen=True)
class NativeQr:
    """A QR code the printer draws itself, centred: `module_dots` dots a module, medium EC."""

    data: str
    module_dots: int


QR_MODEL_2 = b"2"
QR_EC_M = b"1"  # 48 + 1: medium error correction, as the raster QR codes have


def _qr_function(function: bytes, parameters: bytes) -> bytes:
    """GS ( k pL pH cn=49 fn parameters (a 2D-code function, cn 49 = QR)."""
    size = len(parameters) + 2
    return b"\x1d(k" + size.to_bytes(2, "little") + b"1" + function + parameters


def encode_native_qr(qr: NativeQr) -> bytes:
    """Centre, select model 2, module size, error correction; store the data; print; left again.

    The same GS ( k bytes as python-escpos's `qr(native=True)` (its centring is not
    implemented for native codes, hence ESC a here).
    """
    if not 1 <= qr.module_dots <= 16:
        raise ValueError(f"QR module size must be 1..16 dots, got {qr.module_dots}")
    data = qr.data.encode("utf-8")
    return (
        b"\x1ba\x01"
        + _qr_function(b"A", QR_MODEL_2 + b"\x00")
        + _qr_function(b"C", bytes([qr.module_dots]))
        + _qr_function(b"E", QR_EC_M)
        + _qr_function(b"P", b"0" + data)
        + _qr_function(b"Q", b"0")
        + b"\x1ba\x00"
    )


def _to_1bit(image: Image.Image) -> Image.Image:
    from PIL import Image

    if image.mode == "1":
        return image
    return image.convert("L").convert("1", dither=Image.Dither.NONE)


def _padded_width(image: Image.Image) -> Image.Image:
    """Pad with white on the right to whole bytes, which GS v 0 needs."""
    from PIL import Image

    if image.width % 8 == 0:
        return image
    padded = Image.new("1", ((image.width + 7) // 8 * 8, image.height), 1)
    padded.paste(image, (0, 0))
    return padded


def _black_bits(image: Image.Image) -> bytes:
    """Rows packed MSB first with 1 = black (Pillow's mode "1" stores 1 = white)."""
    return image.tobytes().translate(_INVERTED)


def defuse_realtime(data: bytes) -> bytes:
    """Clear the one dot that makes image bytes look like a real-time command."""
    # 0x10 is a single dot; dropping it is invisible, and 0x00 can start no new match.
    return _REALTIME_PREFIX.sub(b"\x00", data)


def encode_raster(image: Image.Image | PackedRaster) -> bytes:
    """Encode `image` as GS v 0 commands (m=0), one per band of at most BAND_ROWS rows."""
    raster = image if isinstance(image, PackedRaster) else PackedRaster.of(image)
    width_bytes = raster.width // 8
    bits = raster.bits
    commands = bytearray()
    for top in range(0, raster.rows, BAND_ROWS):
        rows = min(BAND_ROWS, raster.rows - top)
        band = bits[top * width_bytes : (top + rows) * width_bytes]
        commands += b"\x1dv0\x00"
        commands += width_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little")
        commands += defuse_realtime(band)
    return bytes(commands)


def printable_raster(image: Image.Image) -> Image.Image:
    """The image exactly as the printer will print it (whole bytes wide, defused)."""
    from PIL import Image

    bitmap = _padded_width(_to_1bit(image))
    bits = defuse_realtime(_black_bits(bitmap))
    return Image.frombytes("1", bitmap.size, bits.translate(_INVERTED))


def encode_ticket(
    image: Image.Image | PackedRaster | list[PackedRaster | NativeQr],
    *,
    cut: bool = True,
    feed_lines: int = DEFAULT_FEED_LINES,
) -> bytes:
    """Initialise, print the picture (raster, QR codes the printer draws), feed, partially cut."""
    if not 0 <= feed_lines <= 255:
        raise ValueError(f"feed_lines must be 0..255, got {feed_lines}")
    parts = image if isinstance(image, list) else [image]
    job = INIT + b"".join(
        encode_native_qr(part) if isinstance(part, NativeQr) else encode_raster(part)
        for part in parts
    )
    job += b"\x1bd" + bytes([feed_lines])
    if cut:
        job += b"\x1dVB\x00"  # GS V 66 0: feed to the cutter, then partial cut
    return job


def encode_status_query() -> bytes:
    """DLE EOT 1, 2 and 4; the printer answers one status byte each, in order."""
    return b"".join(b"\x10\x04" + bytes([n]) for n in STATUS_QUERIES)
