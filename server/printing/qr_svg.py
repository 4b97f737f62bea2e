"""A QR code as SVG for screens: the kiosk's copy of a ticket's code, a device's pairing link."""

from __future__ import annotations

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def qr_svg(data: str) -> str:
    """A QR code of `data` as a small SVG: one path of unit squares, crisp at any size."""
    from server.printing.raster import qr_matrix  # loads zxing-cpp and Pillow on first use

    matrix = qr_matrix(data)
    size = len(matrix) + 2 * QUIET_ZONE
    squares = "".join(
        f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h1v1h-1z"
        for y, row in enumerate(matrix)
        for x, dark in enumerate(row)
        if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{squares}"/></svg>'
    )
