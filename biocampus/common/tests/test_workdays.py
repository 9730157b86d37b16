import datetime as dt

import pytest

from biocampus.common.workdays import belgian_public_holidays, is_open, open_days_from

D = dt.date


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {D(2026, 1, 1), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 14), D(2026, 5, 25),
             D(2026, 7, 21), D(2026, 8, 15), D(2026, 11, 1), D(2026, 11, 11), D(2026, 12, 25)},
        ),
        (
            2027,
            {D(2027, 1, 1), D(2027, 3, 29), D(2027, 5, 1), D(2027, 5, 6), D(2027, 5, 17),
             D(2027, 7, 21), D(2027, 8, 15), D(2027, 11, 1), D(2027, 11, 11), D(2027, 12, 25)},
        ),
    ],
)  # fmt: skip
def test_belgian_public_holidays_follow_the_official_calendar(year, expected):
    assert belgian_public_holidays(year) == expected


def test_the_campus_is_closed_at_weekends_on_holidays_and_over_christmas():
    assert is_open(D(2026, 12, 23))
    assert not is_open(D(2026, 12, 26))  # Saturday
    assert not is_open(D(2027, 3, 29))  # Easter Monday
    assert not any(is_open(D(2026, 12, day)) for day in range(24, 32))
    assert not is_open(D(2027, 1, 1))
    assert is_open(D(2027, 1, 4))


def test_open_days_skip_the_christmas_shutdown():
    assert open_days_from(D(2026, 12, 22), 3) == [D(2026, 12, 22), D(2026, 12, 23), D(2027, 1, 4)]
