"""Domain errors: what services raise when a rule says no.

Each carries a stable machine-readable `code`, a translatable human `message`
and the HTTP status the API answers with. Views show the message; the API
answers {"code", "message"}.
"""

from django.utils.functional import Promise


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class Conflict(DomainError):
    """The request is valid but the current state forbids it (HTTP 409)."""

    status = 409
    code = "conflict"


class Forbidden(DomainError):
    """The user may see the object but not do this to it (HTTP 403)."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """The object does not exist or is not visible to the user (HTTP 404)."""

    status = 404
    code = "not_found"


class TooMany(DomainError):
    """A limit on how often something may be done was reached (HTTP 429)."""

    status = 429
    code = "too_many"
