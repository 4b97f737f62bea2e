"""Printing a job so that a failure is noticed, and the printer's state in the API's words."""

from __future__ import annotations

from server.printing.allowed_networks import AllowedNetworks
from server.printing.printer_status import Paper, PrinterState
from server.printing.printers import PrinterError, open_printer, read_status


def status_of(state: PrinterState | None) -> str:
    """The API's printer status for what the printer reported (silence counts as ok)."""
    if state is None:
        return "ok"
    if state.fault is not None:
        return state.fault
    return "paper_near_end" if state.paper is Paper.NEAR_END else "ok"


def check_printer(url: str, *, allowed: AllowedNetworks | None = None) -> str:
    """Open the printer and ask how it is; an unreachable printer is `offline`."""
    try:
        return status_of(read_status(url, allowed=allowed))
    except PrinterError as error:
        return error.reason


def print_checked(url: str, data: bytes, *, allowed: AllowedNetworks | None = None) -> str:
    """Print `data`; raise PrinterError unless the printer was fit before and still answers after.

    Raw TCP and USB give no receipt for a job: bytes can vanish into a socket the printer
    has just closed. A printer that answered DLE EOT before the job but not after it, or that
    reports a fault after it (paper ran out, cover opened), has not printed the ticket.
    Returns the printer status after the job. `allowed`: see `open_printer`.
    """
    with open_printer(url, allowed=allowed) as printer:
        before = printer.query_status()
        if before is not None and before.fault is not None:
            raise PrinterError(before.fault, f"{url} reported {before}")
        printer.write(data)
        after = printer.query_status()
    if before is not None and after is None:
        raise PrinterError("offline", f"{url} stopped answering during the job")
    if after is not None and after.fault is not None:
        raise PrinterError(after.fault, f"{url} reported {after} after the job")
    return status_of(after if after is not None else before)
