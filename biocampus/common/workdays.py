"""The days the campus is open: Monday to Friday, except Belgian public holidays and the
Christmas shutdown (24 December to 1 January), when nobody trains or books a lab."""

import datetime as dt
from functools import cache

from dateutil.easter import easter


@cache
def belgian_public_holidays(year: int) -> frozenset[dt.date]:
    """Belgium's ten legal holidays. Written out rather than taken from the `holidays`
    package (not a dependency): only three move, all with Easter."""
    easter_sunday = easter(year)
    return frozenset(
        {
            dt.date(year, 1, 1),
            easter_sunday + dt.timedelta(days=1),  # Easter Monday
            dt.date(year, 5, 1),
            easter_sunday + dt.timedelta(days=39),  # Ascension
            easter_sunday + dt.timedelta(days=50),  # Whit Monday
            dt.date(year, 7, 21),
            dt.date(year, 8, 15),
            dt.date(year, 11, 1),
            dt.date(year, 11, 11),
            dt.date(year, 12, 25),
        }
    )


def in_christmas_shutdown(day: dt.date) -> bool:
    return (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)


def is_open(day: dt.date) -> bool:
    return (
        day.weekday() < 5
        and not in_christmas_shutdown(day)
        and day not in belgian_public_holidays(day.year)
    )


def open_days_from(first: dt.date, count: int) -> list[dt.date]:
    """The first `count` open days on or after `first`."""
    days, day = [], first
    while len(days) < count:
        if is_open(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days
