import pytest

from biocampus.conftest import UserFactory, make_session
from biocampus.skills.models import LearnerProfile, LearnerSkill, ProgrammeSkill
from biocampus.skills.queries.unmet_demand import unmet_demand

pytestmark = pytest.mark.django_db


def test_skills_no_upcoming_session_teaches_are_counted_per_lacking_learner(
    client, staff_a, programme_a, skills, qc_job
):
    # qc_job needs gmp, hplc, chromatography; only hplc has an upcoming session.
    ProgrammeSkill.objects.create(programme=programme_a, skill=skills["hplc"], role="teaches")
    make_session(staff_a, programme_a, days=10)
    for has_gmp in (True, False, False):
        user = UserFactory()
        LearnerProfile.objects.create(learner=user, target_occupation=qc_job)
        if has_gmp:
            LearnerSkill.objects.create(learner=user, skill=skills["gmp"], source="declared")
    rows = {r.skill.code: r.learners for r in unmet_demand()}
    assert rows == {"chromatography": 3, "gmp": 2}
    body = client.get("/api/v1/insights/unmet-demand").json()
    # Three and two learners are small groups: the public figure is "fewer than 5".
    assert [(r["skill"]["label"], r["learners"]) for r in body] == [
        ("chromatography", None),
        ("gmp", None),
    ]
    page = client.get("/skills/jobs-gap/").content.decode()
    assert "Unmet training demand" in page
    assert "chromatography" in page
