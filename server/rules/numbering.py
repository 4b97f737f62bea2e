"""Ticket display numbers: service prefix plus zero-padded daily sequence (A001…A999, A1000)."""

# ASCII digits only: str.isdigit would also accept "²" and other scripts' digits.
_DIGITS = frozenset("0123456789")


def format_number(prefix: str, sequence: int, width: int = 3) -> str:
    """Return the display number, e.g. ("A", 12) -> "A012"; grows past `width`, never truncates."""
    if sequence < 1:
        raise ValueError(f"sequence must be >= 1, got {sequence}")
    if width < 1:
        raise ValueError(f"width must be >= 1, got {width}")
    # A digit in the prefix would make the number impossible to split back apart.
    if prefix and not prefix.isalpha():
        raise ValueError(f"prefix must be letters only, got {prefix!r}")
    return f"{prefix}{sequence:0{width}d}"


def parse_number(number: str) -> tuple[str, int]:
    """Split a display number into (prefix, sequence), e.g. "AB0007" -> ("AB", 7)."""
    split = len(number)
    while split > 0 and number[split - 1] in _DIGITS:
        split -= 1
    prefix, digits = number[:split], number[split:]
    # Same prefix rule as format_number, so the two are exact inverses.
    if not digits or (prefix and not prefix.isalpha()) or int(digits) < 1:
        raise ValueError(f"not a ticket number: {number!r}")
    return prefix, int(digits)
