import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accounts.models import Organisation, Role
from biocampus.conftest import member
from biocampus.facilities.models import Resource
from biocampus.immersion.models import ImmersionFormat, StaffSkill, Station, VisitDay, VisitStatus
from biocampus.immersion.tests.test_services import ask


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


WHEN = timezone.localdate() + dt.timedelta(days=30)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(WHEN, dt.time(hour, minute)))


@pytest.fixture
def manager(campus):
    person = member(campus, role=Role.STAFF, email="planner@campus.test")
    for skill in ("vr", "lab"):
        StaffSkill.objects.create(person=person, skill=skill)
    for i, skill in enumerate(["vr", "lab", "lab"]):
        colleague = member(campus, role=Role.STAFF, email=f"guide{i}@campus.test")
        StaffSkill.objects.create(person=colleague, skill=skill)
    return person


@pytest.fixture
def day(campus, discovery):
    for i, skill in enumerate(["vr", "lab", ""]):
        discovery.stations.filter(position=i).update(staff_skill=skill)
    return VisitDay.objects.create(
        campus=campus, date=WHEN, opens=dt.time(8, 30), closes=dt.time(16, 30)
    )


@pytest.fixture
def two_visits(teacher, school, discovery, day):
    visits = []
    for name, arrival in [("3B", dt.time(9)), ("4A", dt.time(9, 30))]:
        visit = ask(
            teacher, school, discovery, [day], dates=[day.date], class_name=name, arrival=arrival
        )
        visit.date, visit.status = WHEN, VisitStatus.CONFIRMED
        visit.save()
        visits.append(visit)
    return visits
