"""Room names, from one place."""


def office_room(office_id: int) -> str:
    """Every screen and console of an office."""
    return f"office:{office_id}"


def counter_room(counter_id: int) -> str:
    """The screens of one counter (counter-top display, rating tablet, console)."""
    return f"counter:{counter_id}"


def device_room(device_id: int) -> str:
    """One device (a kiosk's print agent gets its print jobs here)."""
    return f"device:{device_id}"


def public_ticket_room(ticket_id: int) -> str:
    """The phone pages following one ticket."""
    return f"ticket:{ticket_id}"


def office_public_room(office_id: int) -> str:
    """The phone pages of an office's citizens: public queue figures only, never staff events."""
    return f"office-public:{office_id}"
