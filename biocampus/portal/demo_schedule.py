"""When the demo's sessions meet: a programme's hours laid out as morning and afternoon
meetings on the campus's open days, in the campus's local time, and a programme named for a
season or the school holidays in that season."""

import datetime as dt
import math
import random
import re
from decimal import Decimal

from django.utils import timezone

from biocampus.catalog.services import MeetingSlot
from biocampus.common.workdays import is_open, open_days_from

MAX_DAY = 7  # hours of training a day, lunch not counted
MORNING, AFTERNOON = dt.time(9), dt.time(13, 30)
MORNING_HOURS = Decimal("3.5")  # 09:00–12:30, then an hour for lunch
# The school holidays a seasonal programme is run in, as (month, day) of the first and last
# days. The more specific seasons come first: "vacances de Pâques" is not the summer.
SEASONS = [
    (r"easter|spring|pâques|printemps|pasen|lente", (4, 1), (4, 30)),
    (r"autumn|toussaint|automne|herfst", (10, 19), (11, 8)),
    (r"winter|carnival|carnaval|hiver|krokus", (2, 9), (3, 8)),
    (r"summer|d'été|zomer|holiday|vacances|vakantie", (7, 1), (8, 31)),
]

Run = list[MeetingSlot]


def season(title: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    for words, first, last in SEASONS:
        if re.search(rf"\b({words})\b", title, re.IGNORECASE):
            return first, last
    return None


def day_lengths(hours: Decimal) -> list[Decimal]:
    """`hours` in half hours over as few days as a day's maximum allows, spread evenly: 40
    hours are two days of 7 and four of 6½, not five of 7 and an odd one of 5."""
    halves = max(1, round(hours * 2))
    days = math.ceil(halves / (2 * MAX_DAY))
    base, extra = divmod(halves, days)
    return [Decimal(base + (i < extra)) / 2 for i in range(days)]


def _slot(day: dt.date, start: dt.time, hours: Decimal) -> MeetingSlot:
    # Built on the local wall clock, so 09:00 stays 09:00 on both sides of a DST change.
    begins = dt.datetime.combine(day, start, tzinfo=timezone.get_default_timezone())
    return MeetingSlot(begins, begins + dt.timedelta(hours=float(hours)))


def _day(day: dt.date, hours: Decimal, afternoon: bool) -> Run:
    """Up to four hours is one block, in the morning or the afternoon; a longer day is
    09:00–12:30 and the rest after lunch (seven hours end at 17:00)."""
    if hours <= 4:
        return [_slot(day, AFTERNOON if afternoon else MORNING, hours)]
    return [_slot(day, MORNING, MORNING_HOURS), _slot(day, AFTERNOON, hours - MORNING_HOURS)]


def _can_start(day: dt.date, days: int) -> bool:
    """A run of up to a week takes consecutive open days (a three-day course does not
    straddle a weekend or a holiday); a longer one starts on its week's first open day."""
    if days <= 5:
        return all(is_open(day + dt.timedelta(days=i)) for i in range(days))
    monday = day - dt.timedelta(days=day.weekday())
    earlier = (monday + dt.timedelta(days=i) for i in range(day.weekday()))
    return is_open(day) and not any(is_open(d) for d in earlier)


def plan(hours: Decimal, earliest: dt.date, afternoon: bool) -> Run:
    """The meetings of a run of `hours` starting as soon as it can on or after `earliest`."""
    lengths = day_lengths(hours)
    first = earliest
    while not _can_start(first, len(lengths)):
        first += dt.timedelta(days=1)
    days = open_days_from(first, len(lengths))
    return [m for day, h in zip(days, lengths, strict=True) for m in _day(day, h, afternoon)]


def _season_run(hours: Decimal, window, year: int, earliest: dt.date, afternoon: bool) -> Run:
    """The run in `year`'s season starting on or after `earliest`, or none if it would not
    end within the season."""
    (first_month, first_day), (last_month, last_day) = window
    run = plan(hours, max(earliest, dt.date(year, first_month, first_day)), afternoon)
    return run if run[-1].ends_at.date() <= dt.date(year, last_month, last_day) else []


def _unfit(title: str) -> ValueError:
    return ValueError(f"The demo programme {title!r} does not fit in its season.")


def _season_year(title: str, hours: Decimal, window, earliest: dt.date, afternoon: bool) -> int:
    """This year's season if a run still fits in it after `earliest`, else next year's."""
    for year in (earliest.year, earliest.year + 1):
        if _season_run(hours, window, year, earliest, afternoon):
            return year
    raise _unfit(title)


def upcoming_runs(title: str, hours: Decimal, today: dt.date, rng: random.Random) -> list[Run]:
    """One to three runs: the first within four weeks and the next a month or two apart,
    or, for a seasonal programme, all in its next season (a summer camp seen in December
    runs next July)."""
    afternoon = rng.random() < 0.5
    earliest = today + dt.timedelta(days=rng.randint(3, 25))
    window = season(title)
    year = _season_year(title, hours, window, earliest, afternoon) if window else None
    runs = []
    for _ in range(rng.randint(1, 3)):
        if window:
            run = _season_run(hours, window, year, earliest, afternoon)
        else:
            run = plan(hours, earliest, afternoon)
        if not run:
            break  # the season is over
        runs.append(run)
        gap = dt.timedelta(days=rng.randint(7, 21) if window else rng.randint(30, 60))
        after_last = run[-1].ends_at.date() + dt.timedelta(days=1)
        earliest = max(run[0].starts_at.date() + gap, after_last)
    return runs


def past_run(title: str, hours: Decimal, today: dt.date, rng: random.Random) -> Run:
    """A run that ended at least a week ago, most often one to four months ago; a seasonal
    programme's in its last season."""
    afternoon = rng.random() < 0.5
    finished_by = today - dt.timedelta(days=7)
    window = season(title)
    if window is None:
        return _ended_by(
            hours, today - dt.timedelta(days=rng.randint(40, 120)), finished_by, afternoon
        )
    offset = dt.timedelta(days=rng.randint(0, 14))
    for year in (today.year, today.year - 1):
        earliest = dt.date(year, *window[0]) + offset
        run = _season_run(hours, window, year, earliest, afternoon)
        if run and run[-1].ends_at.date() <= finished_by:
            return run
    raise _unfit(title)


def _ended_by(hours: Decimal, earliest: dt.date, finished_by: dt.date, afternoon: bool) -> Run:
    """The run starting as soon as it can after `earliest`, moved back a week at a time
    until it has ended by `finished_by`."""
    run = plan(hours, earliest, afternoon)
    while run[-1].ends_at.date() > finished_by:
        earliest -= dt.timedelta(days=7)
        run = plan(hours, earliest, afternoon)
    return run


# How far back the demo's history goes: a programme's runs over the last 20 months give
# learners 3, 6 and 12 months after it to answer follow-ups about, and the older ones a
# placement 12 months on.
HISTORY_DAYS = 600


def past_runs(
    title: str, hours: Decimal, today: dt.date, rng: random.Random, count: int
) -> list[Run]:
    """`count` runs over the last 20 months, oldest first, each in its own stretch of the
    period so they do not overlap; a seasonal programme's one run in its last season."""
    if season(title):
        return [past_run(title, hours, today, rng)]
    afternoon = rng.random() < 0.5
    finished_by = today - dt.timedelta(days=7)
    step = (HISTORY_DAYS - 14) // count
    runs: list[Run] = []
    for i in range(count):
        newest = HISTORY_DAYS - step * (i + 1)
        earliest = today - dt.timedelta(days=rng.randint(newest, newest + step - 7))
        run = _ended_by(hours, earliest, finished_by, afternoon)
        # A long programme pulled back to end in time may reach into the run before.
        if not runs or run[0].starts_at > runs[-1][-1].ends_at:
            runs.append(run)
    return runs
