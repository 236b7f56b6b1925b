"""Who is acting: a signed-in user, or the system (the timer scheduler, a message from another case)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.roles import Role

from .users.models import User

__all__ = ["Actor"]


@dataclass(frozen=True)
class Actor:
    label: str
    user: User | None = None

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(label=user.email, user=user)

    @classmethod
    def system(cls, what: str) -> "Actor":
        return cls(label=f"system: {what}")

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    def has_role(self, role: Role | str) -> bool:
        return self.user is None or self.user.has_role(role)
