"""The window of dates the campus deals in. Anything outside is a typing mistake or a probe
(year 9999 makes some computations loop for a long time), refused with a clear error."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.common.errors import DomainError

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 1, 1)  # exclusive


def check_in_window(value: dt.date | dt.datetime, *, what: str) -> None:
    # Compared before any time-zone arithmetic: at the edge of year 9999 that overflows.
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day < LATEST:
        raise DomainError(
            _("%(what)s must fall between 2000 and 2099.") % {"what": what},
            code="date_out_of_range",
        )


def check_within(value: dt.datetime, *, days: int, what: str) -> None:
    """`value` is at most `days` days from now (bookings: two years ahead)."""
    if value > timezone.now() + dt.timedelta(days=days):
        raise DomainError(
            _("%(what)s is at most %(days)d days ahead.") % {"what": what, "days": days},
            code="too_far_ahead",
        )
