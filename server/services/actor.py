"""Who is acting: a staff user, a paired device, or an anonymous citizen (public token)."""

from __future__ import annotations

from dataclasses import dataclass

from server.models import Device, User


@dataclass(frozen=True)
class Actor:
    """The authenticated caller of a service function."""

    user: User | None = None
    device: Device | None = None

    @property
    def user_id(self) -> int | None:
        """The acting user's id, if a user acts."""
        return self.user.id if self.user else None

    @property
    def device_id(self) -> int | None:
        """The acting device's id, if a device acts."""
        return self.device.id if self.device else None


ANONYMOUS = Actor()
