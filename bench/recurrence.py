"""Recurrence rules that never (or rarely) come: how long the product takes to refuse or
expand them, against dateutil's own expansion of the same rule.

    .venv/bin/python bench/recurrence.py

Prints milliseconds per rule (best of five) for the bounded expansion in
biocampus/facilities/recurrence.py and for dateutil.rrule.
"""

import contextlib
import datetime as dt
import time
import zoneinfo

from _setup import django_setup

RULES = [
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
    "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31;COUNT=2",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20281231T000000",
    "FREQ=DAILY;INTERVAL=7;BYMONTH=2;BYMONTHDAY=29;COUNT=3",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=300",
    "FREQ=DAILY;COUNT=500",
]


def best_of(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        with contextlib.suppress(Exception):
            fn()
        times.append(time.perf_counter() - began)
    return min(times) * 1000


def main() -> None:
    django_setup()
    from dateutil import rrule as rrules
    from django.utils import timezone

    from biocampus.facilities.recurrence import expand, parse

    tz = zoneinfo.ZoneInfo("Europe/Brussels")
    start = dt.datetime(2027, 3, 1, 9, tzinfo=tz)
    print(f"{'rule':58} {'product ms':>10} {'dateutil ms':>11}")
    with timezone.override(tz):
        for text in RULES:
            ours = best_of(lambda t=text: expand(parse(t, tz), start))
            theirs = best_of(
                lambda t=text: list(rrules.rrulestr(t, dtstart=start.replace(tzinfo=None))),
                runs=1,
            )
            print(f"{text:58} {ours:10.2f} {theirs:11.1f}")


if __name__ == "__main__":
    main()
