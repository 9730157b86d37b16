"""The campus time zone as a rule-based VTIMEZONE (RFC 5545 section 3.6.5).

icalendar's `add_missing_timezones` writes a list of dated transitions; Thunderbird's
ical.js and vobject misread it and showed summer events an hour early. Calendar apps
themselves publish zones as two yearly rules, so that is what is written here: for any zone
that keeps the European Union's rule (summer time from the last Sunday of March to the last
Sunday of October, changing at 01:00 UTC), checked against the zone database for the years
the feeds can reach. Another zone falls back to icalendar's dated form.
"""

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

CHANGE_UTC = dt.time(1)  # the EU changes at 01:00 UTC in every zone
YEARS_CHECKED = 30


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


def _change(year: int, month: int) -> dt.datetime:
    return dt.datetime.combine(_last_sunday(year, month), CHANGE_UTC, tzinfo=dt.UTC)


def follows_eu_rule(zone: ZoneInfo, first_year: int) -> bool:
    hour = dt.timedelta(hours=1)
    standard = dt.datetime(first_year, 1, 15, tzinfo=zone).utcoffset()
    for year in range(first_year, first_year + YEARS_CHECKED):
        for month, before, after in (
            (3, standard, standard + hour),
            (10, standard + hour, standard),
        ):
            moment = _change(year, month)
            if (moment - dt.timedelta(seconds=1)).astimezone(zone).utcoffset() != before:
                return False
            if moment.astimezone(zone).utcoffset() != after:
                return False
    return True


@cache
def rule_based_vtimezone(zone_name: str, first_year: int) -> Timezone | None:
    """The zone as STANDARD and DAYLIGHT parts with yearly rules, or None if it does not
    keep the EU rule between `first_year` and YEARS_CHECKED years later."""
    zone = ZoneInfo(zone_name)
    if not follows_eu_rule(zone, first_year):
        return None
    winter = dt.datetime(first_year, 1, 15, tzinfo=zone)
    summer = dt.datetime(first_year, 7, 15, tzinfo=zone)
    standard, daylight = winter.utcoffset(), summer.utcoffset()
    change = dt.datetime.combine(dt.date(1970, 1, 1), CHANGE_UTC)
    vtimezone = Timezone()
    vtimezone.add("tzid", zone_name)
    parts = (
        # DTSTART is the local time of the change in the offset it changes from.
        (TimezoneDaylight(), 3, 29, standard, daylight, summer.tzname()),
        (TimezoneStandard(), 10, 25, daylight, standard, winter.tzname()),
    )
    for part, month, first_day, before, after, name in parts:
        part.add("tzname", name)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("dtstart", change.replace(month=month, day=first_day) + before)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        vtimezone.add_component(part)
    return vtimezone
