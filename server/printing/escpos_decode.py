"""Read back the ESC/POS we emit, for tests: print jobs into operations and raster images.

A server never decodes a job; what it reads from a printer (DLE EOT status answers) is
`printer_status.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported where images are made, as in the modules that draw tickets.

_ALIGNMENTS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_CUTS_WITHOUT_FEED = {0: "full", 1: "partial", 48: "full", 49: "partial"}
_CUTS_WITH_FEED = {65: "full", 66: "partial"}


class DecodeError(ValueError):
    """The bytes hold a command we do not emit, or a command is cut short."""


@dataclass
class DecodedJob:
    """Operations of a print job in order; rasters are the GS v 0 bands as mode "1" images."""

    ops: list[tuple[str, ...]] = field(default_factory=list)
    rasters: list[Image.Image] = field(default_factory=list)
    alignments: list[str] = field(default_factory=list)  # ESC a in force at each raster
    align: str = "left"
    qr: dict[str, int | bytes] = field(default_factory=dict)  # GS ( k settings, stored data

    def add_raster(self, raster: Image.Image) -> None:
        """Put a picture on the paper at the justification in force."""
        self.rasters.append(raster)
        self.alignments.append(self.align)

    @property
    def cut(self) -> bool:
        """Whether the job cuts the paper."""
        return any(op[0] == "cut" for op in self.ops)

    def image(self) -> Image.Image:
        """All raster bands stacked top to bottom, as the paper would show them."""
        from PIL import Image

        width = max((raster.width for raster in self.rasters), default=0)
        height = sum(raster.height for raster in self.rasters)
        stacked = Image.new("1", (width, height), 1)
        y = 0
        for raster, align in zip(self.rasters, self.alignments, strict=True):
            x = {"left": 0, "center": (width - raster.width) // 2}.get(align, width - raster.width)
            stacked.paste(raster, (x, y))
            y += raster.height
        return stacked


def _take(data: bytes, start: int, count: int, command: str) -> bytes:
    if start + count > len(data):
        raise DecodeError(f"{command} at byte {start - 1} is truncated")
    return data[start : start + count]


def _raster(data: bytes, position: int, job: DecodedJob) -> int:
    """Parse GS v 0 starting after its three command bytes; return the next position."""
    mode, x_low, x_high, y_low, y_high = _take(data, position, 5, "GS v 0")
    if mode not in (0, 48):
        raise DecodeError(f"GS v 0 mode {mode} (scaled raster) is not supported")
    width_bytes = x_low + x_high * 256
    rows = y_low + y_high * 256
    bits = _take(data, position + 5, width_bytes * rows, "GS v 0 image data")
    from PIL import Image

    # ESC/POS uses 1 = black; Pillow's mode "1" stores 1 = white.
    raster = Image.frombytes("1", (width_bytes * 8, rows), bytes(byte ^ 0xFF for byte in bits))
    job.add_raster(raster)
    job.ops.append(("raster", f"{width_bytes * 8}x{rows}"))
    return position + 5 + width_bytes * rows


def _escape(data: bytes, position: int, job: DecodedJob) -> int:
    """Parse an ESC command whose letter is at `position`."""
    letter = _take(data, position, 1, "ESC")[0]
    if letter == ord("@"):
        job.ops.append(("init",))
        return position + 1
    if letter == ord("d"):
        job.ops.append(("feed", str(_take(data, position + 1, 1, "ESC d")[0])))
        return position + 2
    if letter == ord("a"):
        value = _take(data, position + 1, 1, "ESC a")[0]
        if value not in _ALIGNMENTS:
            raise DecodeError(f"ESC a {value} is not a justification")
        job.align = _ALIGNMENTS[value]
        job.ops.append(("align", job.align))
        return position + 2
    raise DecodeError(f"unknown command ESC 0x{letter:02x} at byte {position - 1}")


def _group_separator(data: bytes, position: int, job: DecodedJob) -> int:
    """Parse a GS command whose letter is at `position`."""
    letter = _take(data, position, 1, "GS")[0]
    if letter == ord("v"):
        if _take(data, position + 1, 1, "GS v")[0] != ord("0"):
            raise DecodeError(f"unknown command GS v at byte {position - 1}")
        return _raster(data, position + 2, job)
    if letter == ord("V"):
        mode = _take(data, position + 1, 1, "GS V")[0]
        if mode in _CUTS_WITHOUT_FEED:
            job.ops.append(("cut", _CUTS_WITHOUT_FEED[mode]))
            return position + 2
        if mode in _CUTS_WITH_FEED:
            feed = _take(data, position + 2, 1, "GS V")[0]
            job.ops.append(("cut", _CUTS_WITH_FEED[mode], str(feed)))
            return position + 3
        raise DecodeError(f"GS V {mode} is not a supported cut")
    if letter == ord("(") and _take(data, position + 1, 1, "GS (")[0] == ord("k"):
        return _two_d_code(data, position + 2, job)
    raise DecodeError(f"unknown command GS 0x{letter:02x} at byte {position - 1}")


def _two_d_code(data: bytes, position: int, job: DecodedJob) -> int:
    """Parse GS ( k for QR codes (cn 49): model, module size, error correction, store, print."""
    size_low, size_high = _take(data, position, 2, "GS ( k")
    body = _take(data, position + 2, size_low + size_high * 256, "GS ( k")
    if len(body) < 2 or body[0] != ord("1"):
        raise DecodeError("GS ( k for a 2D code other than QR is not supported")
    function, parameters = chr(body[1]), body[2:]
    if function == "A" and parameters[:1] == b"2":
        job.ops.append(("qr_model", "2"))
    elif function == "C" and len(parameters) == 1 and 1 <= parameters[0] <= 16:
        job.qr["module_dots"] = parameters[0]
    elif function == "E" and len(parameters) == 1 and 48 <= parameters[0] <= 51:
        job.qr["error_correction"] = "LMQH"[parameters[0] - 48].encode()
    elif function == "P" and parameters[:1] == b"0":
        job.qr["data"] = parameters[1:]
    elif function == "Q" and parameters == b"0":
        job.add_raster(_printer_qr(job))
    else:
        raise DecodeError(f"GS ( k function {function!r} with {parameters!r} is not supported")
    return position + 2 + len(body)


def _printer_qr(job: DecodedJob) -> Image.Image:
    """The QR code a printer draws from the stored data (as our own encoder would draw it)."""
    from PIL import Image

    from server.printing.raster import qr_matrix

    stored = job.qr.get("data")
    if not isinstance(stored, bytes) or job.qr.get("error_correction") != b"M":
        raise DecodeError("GS ( k print without stored data at medium error correction")
    matrix = qr_matrix(stored.decode("utf-8"))
    module = int(job.qr.get("module_dots", 3))
    square = Image.new("1", (len(matrix), len(matrix)), 1)
    square.putdata([0 if dark else 1 for row in matrix for dark in row])
    job.ops.append(("qr", stored.decode("utf-8"), str(module)))
    return square.resize((square.width * module, square.height * module), Image.Resampling.NEAREST)


def decode(data: bytes) -> DecodedJob:
    """Parse a print job into operations; raise DecodeError on anything unknown or cut short."""
    job = DecodedJob()
    position = 0
    while position < len(data):
        byte = data[position]
        if byte == 0x1B:
            position = _escape(data, position + 1, job)
        elif byte == 0x1D:
            position = _group_separator(data, position + 1, job)
        elif byte == 0x10:
            command = _take(data, position + 1, 2, "DLE")
            if command[0] != 0x04 or command[1] not in (1, 2, 3, 4):
                raise DecodeError(f"unknown command DLE 0x{command[0]:02x} at byte {position}")
            job.ops.append(("status_query", str(command[1])))
            position += 3
        elif byte == 0x0A:
            job.ops.append(("lf",))
            position += 1
        else:
            raise DecodeError(f"unknown byte 0x{byte:02x} at byte {position}")
    return job
