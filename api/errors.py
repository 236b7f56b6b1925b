"""Every exception the service layer raises, in one place.

::

    ServiceError
    ├── Unauthorized   no valid credentials (sign in, or send a bearer token)
    ├── TooManyAttempts  sign-in rate limit or account lockout
    ├── NotFound       no such thing in the caller's council (another council's ids look absent too)
    ├── Forbidden      the caller lacks the role the step needs
    ├── Conflict       someone else changed it first, or it is no longer waiting (retry after reloading)
    └── Invalid        the request itself is wrong; ``errors`` lists fields or definition problems

The engine's own errors (``engine.errors``) are translated into these at the service boundary,
so views and the CLI handle these few cases.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ServiceError", "Unauthorized", "TooManyAttempts", "NotFound", "Forbidden", "Conflict", "Invalid"]


class ServiceError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None):
        self.detail = detail
        self.errors = errors or []
        super().__init__(detail)


class Unauthorized(ServiceError):
    status = 401
    title = "Unauthorized"


class TooManyAttempts(ServiceError):
    status = 429
    title = "Too many requests"


class NotFound(ServiceError):
    status = 404
    title = "Not found"


class Forbidden(ServiceError):
    status = 403
    title = "Forbidden"


class Conflict(ServiceError):
    status = 409
    title = "Conflict"


class Invalid(ServiceError):
    status = 422
    title = "Unprocessable content"
