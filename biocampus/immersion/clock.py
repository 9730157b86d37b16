"""The rotation counts minutes from midnight, campus time; these convert to and from the
times and moments the models store."""

import datetime as dt

from django.utils import timezone


def minutes_of(value: dt.time | dt.datetime) -> int:
    """Minutes from midnight: of a time, or of a moment read in the campus zone."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return value.hour * 60 + value.minute


def moment(date: dt.date, minutes: int) -> dt.datetime:
    local = dt.datetime.combine(date, dt.time.min) + dt.timedelta(minutes=minutes)
    return timezone.make_aware(local, timezone.get_current_timezone())
