import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from biocampus.facilities.models import Feature, OpeningHours, Resource


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local (Europe/Brussels) time on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def next_weekday(weekday: int, weeks: int = 1) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


@pytest.fixture
def facility_manager(campus):
    from biocampus.conftest import member

    return member(campus, "staff", email="facilities@example.test")


@pytest.fixture
def lab(campus):
    lab = Resource.objects.create(
        name="Wet lab 1",
        slug="wet-lab-1",
        kind="wet_lab",
        capacity=12,
        hourly_rate=Decimal("40.00"),
        organisation=campus,
    )
    lab.features.add(Feature.objects.create(code="bsl-2", name="Biosafety level 2"))
    for weekday in range(5):
        OpeningHours.objects.create(
            resource=lab, weekday=weekday, opens=dt.time(8), closes=dt.time(20)
        )
    return lab


@pytest.fixture
def cabinet(campus, lab, programme_a):
    """A biosafety cabinet only certified people may book."""
    return Resource.objects.create(
        name="Biosafety cabinet A",
        slug="bsc-a",
        kind="biosafety_cabinet",
        space=lab,
        hourly_rate=Decimal("15.00"),
        organisation=campus,
        certification=programme_a,
    )
