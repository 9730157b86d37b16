"""Recurrence rules are bounded before they are expanded: refused quickly, with a reason,
when they ask for more than a booking needs; and expanded like dateutil otherwise."""

import datetime as dt
import zoneinfo

import pytest
from dateutil import rrule as rrules
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from biocampus.facilities.recurrence import InvalidRecurrence, expand, parse

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=BRUSSELS)  # a Monday, before the DST change


def run(text: str, start: dt.datetime = START) -> list[dt.datetime]:
    with timezone.override(BRUSSELS):
        return expand(parse(text, BRUSSELS), start)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("FREQ=HOURLY;COUNT=3", "daily at most"),
        ("FREQ=MINUTELY;COUNT=3", "daily at most"),
        ("FREQ=WEEKLY;COUNT=2\nRRULE:FREQ=DAILY;COUNT=2", "one rule"),
        ("RRULE:FREQ=WEEKLY;COUNT=2;RRULE:FREQ=DAILY", "one rule"),
        ("FREQ=DAILY;COUNT=2;BYHOUR=25", "BYHOUR cannot be used"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3", "does not fit"),
        ("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31;COUNT=2", "does not fit"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20281231", "no occurrence"),
        ("FREQ=WEEKLY;COUNT=600", "out of range"),
        ("FREQ=DAILY;COUNT=800", "out of range"),
        ("FREQ=DAILY;UNTIL=20300101", "within two years"),
        ("FREQ=DAILY;UNTIL=20270231", "not a real date"),
        ("FREQ=WEEKLY", "COUNT or UNTIL"),
        ("FREQ=WEEKLY;COUNT=2;UNTIL=20270601", "COUNT or UNTIL"),
        ("FREQ=WEEKLY;COUNT=2;COUNT=3", "twice"),
        ("FREQ=SOMETIMES;COUNT=2", "FREQ is"),
        ("FREQ=MONTHLY;BYMONTHDAY=32;COUNT=2", "out of range"),
        ("FREQ=MONTHLY;BYMONTH=13;COUNT=2", "out of range"),
        ("FREQ=WEEKLY;BYDAY=1MO;COUNT=2", "numbered day"),
        ("FREQ=WEEKLY;BYMONTHDAY=3;COUNT=2", "does not go with"),
        ("FREQ=DAILY;INTERVAL=0;COUNT=2", "out of range"),
        ("FREQ;COUNT=2", "NAME=VALUE"),
    ],
)
def test_a_rule_beyond_what_a_booking_needs_is_refused_with_why(text, reason, monkeypatch):
    # Refusing never hands the rule to dateutil, whose search can run to the year 9999
    # (bench/recurrence.py measures both).
    monkeypatch.setattr(rrules, "rrulestr", lambda *a, **k: pytest.fail("dateutil used"))
    with pytest.raises(InvalidRecurrence) as refused:
        run(text)
    assert reason in str(refused.value.message)
    assert refused.value.status == 422


def test_wall_clock_time_is_kept_across_daylight_saving():
    found = run("FREQ=WEEKLY;COUNT=6")
    assert [timezone.localtime(f, BRUSSELS).hour for f in found] == [9] * 6
    assert found[-1].utcoffset() != found[0].utcoffset()


def _rule(freq, interval, by_day, by_month_day, by_month, count) -> str:
    numbered = any(c.isdigit() for c in by_day)
    parts = [f"FREQ={freq}", f"INTERVAL={min(interval, 2) if freq == 'YEARLY' else interval}"]
    parts.append(f"COUNT={count}")
    if by_day and not (numbered and freq in ("DAILY", "WEEKLY")):
        parts.append(f"BYDAY={by_day}")
    if by_month_day and freq != "WEEKLY":
        parts.append(f"BYMONTHDAY={by_month_day}")
    if by_month:
        parts.append(f"BYMONTH={by_month}")
    return ";".join(parts)


rules = st.builds(
    _rule,
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.integers(1, 3),
    st.sampled_from(["", "MO", "TU,TH", "SA,SU", "FR", "1MO", "-1FR", "2TU,4TU", "3WE"]),
    st.sampled_from(["", "1", "15", "-1", "1,15", "28", "13"]),
    st.sampled_from(["", "3", "6,9", "1,4,7,10", "2"]),
    st.integers(1, 6),
)


def dateutil_within_two_years(text: str, start: dt.datetime) -> tuple[list, int]:
    """dateutil's occurrences of `text` up to two years after `start`, and its COUNT."""
    parts = text.split(";")
    count = next(int(p[6:]) for p in parts if p.startswith("COUNT="))
    local = start.replace(tzinfo=None)
    until = (local + dt.timedelta(days=731)).strftime("%Y%m%dT%H%M%S")
    bounded = ";".join([p for p in parts if not p.startswith("COUNT=")] + [f"UNTIL={until}"])
    found = [d.replace(tzinfo=BRUSSELS) for d in rrules.rrulestr(bounded, dtstart=local)]
    return found[:count], count


@settings(max_examples=150, deadline=None)
@given(text=rules, offset=st.integers(0, 400))
def test_expansion_agrees_with_dateutil(text, offset):
    start = START + dt.timedelta(days=offset)
    expected, count = dateutil_within_two_years(text, start)
    if len(expected) < count:
        # Not enough occurrences within two years: refused, not truncated.
        with pytest.raises(InvalidRecurrence):
            run(text, start)
    else:
        assert run(text, start) == expected
