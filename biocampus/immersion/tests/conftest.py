import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accounts.models import Organisation
from biocampus.conftest import member
from biocampus.facilities.models import Resource
from biocampus.immersion.models import ImmersionFormat, Station, VisitDay


@pytest.fixture
def campus(db):
    return Organisation.objects.create(name="Campus", slug="campus-s", kind="campus")


@pytest.fixture
def school(db):
    return Organisation.objects.create(name="Athénée royal", slug="athenee-s", kind="school")


@pytest.fixture
def teacher(school):
    return member(school, email="prof@athenee.test")


@pytest.fixture
def discovery(campus):
    fmt = ImmersionFormat.objects.create(
        campus=campus,
        name="Discovery day",
        slug="discovery-s",
        length="day",
        min_school_year=7,
        published=True,
    )
    for i, (name, kind, minutes) in enumerate(
        [("VR", "vr_room", 45), ("Wet lab", "wet_lab", 60), ("Cleanroom", "cleanroom", 45)]
    ):
        room = Resource.objects.create(
            name=name, slug=f"s-{kind}", kind=kind, capacity=16, organisation=campus
        )
        Station.objects.create(format=fmt, name=name, position=i, minutes=minutes, resource=room)
    return fmt


@pytest.fixture
def days(campus):
    first = timezone.localdate() + dt.timedelta(days=20)
    return [
        VisitDay.objects.create(
            campus=campus, date=first + dt.timedelta(days=i), opens=dt.time(8, 30),
            closes=dt.time(16, 30),
        )
        for i in range(3)
    ]  # fmt: skip
