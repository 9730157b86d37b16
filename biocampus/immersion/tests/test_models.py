"""No pupil's personal data anywhere in the immersion models, and the invariants the
database holds for a visit."""

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction

from biocampus.accounts.models import Organisation
from biocampus.conftest import member
from biocampus.facilities.models import Resource
from biocampus.immersion.models import ImmersionFormat, Station, Visit, VisitStatus

# Every field that can hold text a person typed, reviewed for pupils' personal data: a
# new one fails this test until it is reviewed and added here with its reason.
REVIEWED_TEXT = {
    ("immersionformat", "name"): "the format's title",
    ("immersionformat", "slug"): "derived from the title",
    ("immersionformat", "description"): "campus text about the format",
    ("immersionformat", "length"): "a choice",
    ("station", "name"): "the activity's title",
    ("station", "staff_skill"): "a skill code",
    ("staffskill", "skill"): "a skill code",
    ("visit", "class_name"): "the class ('3B'), not a pupil",
    ("visit", "language"): "a choice",
    ("visit", "accessibility"): "needs of the class as a whole, help text says no names",
    ("visit", "acceptable_dates"): "a list of dates",
    ("visit", "municipality"): "where the school is",
    (
        "visitfeedback",
        "liked",
    ): "the teacher's words about the class's day; the form asks for no names",
    ("visitfeedback", "improve"): "the teacher's suggestions; the form asks for no names",
    ("visit", "status"): "a choice",
    ("dayplan", "status"): "a choice",
    ("dayplan", "solver_status"): "a code",
    ("dayplan", "reasons"): "reason codes with station and class names",
    ("dayplan", "lunches"): "visit ids and minutes of the day",
}
# The only people the immersion models point at: adults acting for their organisation.
PEOPLE = {
    ("visit", "teacher"),
    ("staffskill", "person"),
    ("dayplan", "created_by"),
    ("planslot", "staff"),
}
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def immersion_fields():
    for model in apps.get_app_config("immersion").get_models():
        for field in model._meta.get_fields():
            if field.concrete:
                yield model._meta.model_name, field


def test_no_field_can_hold_a_pupils_personal_data():
    text, people = set(), set()
    for model_name, field in immersion_fields():
        if isinstance(field, TEXT_FIELDS):
            text.add((model_name, field.name))
        if field.is_relation and field.related_model._meta.label == settings.AUTH_USER_MODEL:
            people.add((model_name, field.name))
    assert text == set(REVIEWED_TEXT)
    assert people == PEOPLE


def test_the_walk_sees_every_model():
    names = {model_name for model_name, _field in immersion_fields()}
    assert {"immersionformat", "station", "visitday", "staffskill", "visit"} <= names


@pytest.fixture
def visit_parts(db):
    campus = Organisation.objects.create(name="Campus", slug="campus-i", kind="campus")
    school = Organisation.objects.create(name="Athénée", slug="athenee", kind="school")
    teacher = member(school, email="prof@school.test")
    room = Resource.objects.create(
        name="VR room", slug="vr-room", kind="vr_room", capacity=16, organisation=campus
    )
    fmt = ImmersionFormat.objects.create(
        campus=campus, name="Discovery day", slug="discovery", length="day", published=True
    )
    Station.objects.create(format=fmt, name="VR", minutes=45, resource=room, staff_skill="vr")
    return {"school": school, "teacher": teacher, "format": fmt}


def make_visit(parts, **changes):
    fields = {
        **parts,
        "class_name": "3B",
        "school_year": 9,
        "pupils": 24,
        "language": "fr",
        "arrival": dt.time(9),
        "departure": dt.time(15, 30),
        "acceptable_dates": ["2027-03-02"],
    }
    return Visit.objects.create(**(fields | changes))


def test_a_requested_visit_is_a_count_of_pupils(visit_parts):
    visit = make_visit(visit_parts)
    assert visit.status == VisitStatus.REQUESTED
    assert visit.pupils == 24


@pytest.mark.parametrize(
    "changes",
    [
        {"pupils": 0},
        {"pupils": 41},
        {"school_year": 14},
        {"departure": dt.time(8)},
        {"status": "confirmed"},  # confirmed without a date
        {"language": "xx"},
    ],
)
def test_the_database_refuses_an_impossible_visit(visit_parts, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_visit(visit_parts, **changes)
