import pytest
from django.core.management import call_command

from biocampus.accelerator.models import Application, Assignment, Call, KpiReport, MentorMatch
from biocampus.catalog.models import Programme
from biocampus.enrolment.models import Enrolment
from biocampus.facilities.models import Booking, Resource
from biocampus.portal import demo_data, demo_skills
from biocampus.skills.models import (
    HiringForecast,
    LearnerProfile,
    LearnerSkill,
    ProgrammeSkill,
    Vacancy,
)
from biocampus.skills.queries.jobs_gap import jobs_gap

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        "programmes": Programme.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "programme skills": ProgrammeSkill.objects.count(),
        "vacancies": Vacancy.objects.count(),
        "forecasts": HiringForecast.objects.count(),
        "learner skills": LearnerSkill.objects.count(),
        "profiles": LearnerProfile.objects.count(),
        "resources": Resource.objects.count(),
        "bookings": Booking.objects.count(),
        "calls": Call.objects.count(),
        "applications": Application.objects.count(),
        "kpis": KpiReport.objects.count(),
    }


def test_every_demo_programme_has_its_skills():
    titles = {row[2] for row in demo_data.PROGRAMMES}
    assert set(demo_skills.PROGRAMME_SKILLS) == titles


def test_seed_demo_builds_the_skills_side_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = counts()
    assert first["programmes"] >= 40
    assert first["vacancies"] == len(demo_skills.VACANCIES)
    assert first["forecasts"] == 3 * len(demo_skills.FORECASTS)
    assert LearnerSkill.objects.filter(source="verified", evidence__isnull=False).exists()
    assert LearnerProfile.objects.filter(findable=True).count() > 20
    report = jobs_gap()
    totals = report.totals()
    assert totals["demand"] > totals["ready"] > 0
    assert totals["in_training"] > 0
    assert first["resources"] >= 20
    assert first["bookings"] > 50
    assert Resource.objects.exclude(certification=None).count() >= 4
    assert Booking.objects.filter(purpose="maintenance").count() == 1
    assert first["calls"] == 2
    assert first["applications"] == 15
    assert Application.objects.filter(status="accepted").count() == 6
    assert Assignment.objects.values("reviewer").distinct().count() == 5
    assert MentorMatch.objects.filter(confirmed=True).exists()
    assert first["kpis"] == 4 * 6
    assert Application.objects.get(founder__email="founder@biocampus.test").status == "accepted"
    call_command("seed_demo")
    assert counts() == first
    assert "nothing changed" in capsys.readouterr().out
