"""Ticket printing: raster rendering, ESC/POS encoding and printer connections.

python-escpos (the design's library) opens the printers: its Usb, Serial, File, Win32Raw and
Dummy classes are the `usb://`, `serial://`, `file://`, `win32://` and `dummy:` connections,
and its capability database gives the printer profiles (`profiles.py`: paper width in dots,
native QR). Our own code remains only where python-escpos was measured to be wrong for us:

- Raster bytes (`escpos_encode.py`): its `image()` sends GS v 0 data as is, so a row whose
  bytes read 0x10 0x04 (two dots) reaches the printer as DLE EOT, a real-time status query the
  printer answers mid-job (and DLE ENQ 2 clears its buffer). We clear that one dot.
- The TCP connection (`printers.TcpConnection`): its Network closes with unread input waiting
  (a status byte answered late), which makes the kernel send a reset, and the printer drops
  the tail of the job still in its receive buffer: measured, 128,000 of a 300,000-byte job
  arrived. We half-close and wait for the printer to close. Its Network also opens IPv4 only.
- The status read (`PrinterConnection.query_status`): python-escpos's `query_status()` sends
  one query and waits for one read, bounded only by the connection's timeout (60 s by
  default; a silent network printer raised TimeoutError after the full timeout) and a serial
  read of 16 bytes waits the whole timeout every time. We ask DLE EOT 1, 2 and 4 and read the
  three answers against a deadline (`status_timeout`, 1 s), silence meaning "no status".
- CUPS (`printers.CupsConnection`): its LP class appends a newline byte to every job and
  reports success when `lp` refuses the job (a stopped queue); its CupsPrinter needs pycups,
  which PyPI ships only as source (a C compiler and libcups2-dev on every kiosk PC). We hand
  the job to `lp -o raw` and take its exit status as the verdict.
"""

import os
import tempfile
from pathlib import Path


def _prepare_escpos_cache() -> None:
    """Give python-escpos a folder it can write its capability pickle to, before it loads.

    python-escpos pickles its printer database on first import into
    ESCPOS_CAPABILITIES_PICKLE_DIR (default: the temp folder) and fails when that folder is
    missing, so the folder is made here; the default is a per-user cache of our own.
    """
    folder = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR") or str(
        Path(tempfile.gettempdir())
        / f"xephang-escpos-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError:  # read-only: python-escpos will say so if it ever needs the folder
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = folder


_prepare_escpos_cache()
