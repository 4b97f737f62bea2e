"""Natural order of labels such as counter numbers ("2" before "10", "3" before "3A"); never raises.

Digit runs are compared by length, then text, instead of through int(): int() accepts "²" and
other scripts' digits only to fail on them, and refuses runs of more than 4,300 digits. So any
string stored in a label column, even one written before the input check was strict, sorts.
"""

from __future__ import annotations

import re

_DIGIT_RUNS = re.compile(r"([0-9]+)")  # ASCII digits only: "²" and "١" are text here

Part = tuple[int, int, str]  # (0 digits | 1 text, length of the digits, the digits or the text)


def natural_key(label: str) -> tuple[tuple[Part, ...], str]:
    """Sort key: digit runs by value, text runs case-blind; the label itself breaks ties."""
    parts: list[Part] = []
    for index, run in enumerate(_DIGIT_RUNS.split(label)):
        if not run:
            continue
        if index % 2:  # re.split puts the captured digit runs at odd positions
            digits = run.lstrip("0") or "0"
            parts.append((0, len(digits), digits))
        else:
            parts.append((1, 0, run.casefold()))
    return tuple(parts), label
