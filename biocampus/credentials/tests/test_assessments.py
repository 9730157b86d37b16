"""The campus's own skill assessments: defining one, recording a pass (a credential that
meets the Open Badges schema, skills verified on the profile), and the rules around it."""

import datetime as dt

import jsonschema
import pytest
from django.utils import timezone

from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.credentials.assessments import assessment_create, assessment_pass
from biocampus.credentials.models import Assessment, Credential
from biocampus.credentials.services import credential_reissue, credential_revoke
from biocampus.credentials.verify import verify_jwt
from biocampus.skills.models import Framework, LearnerSkill, SkillSource
from biocampus.skills.tests.conftest import make_skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_skills(db):
    framework = Framework.objects.create(slug="biocampus", name="Campus skills", version="1")
    return [make_skill(framework, "pipetting"), make_skill(framework, "aseptic-work")]


@pytest.fixture
def pipetting(staff_a, operator_a, bench_skills):
    return assessment_create(
        actor=staff_a,
        issuer=operator_a,
        title="Pipetting competence check",
        description="Accurate, reproducible pipetting at the bench.",
        criteria="Ten gravimetric checks within 1 % at three volumes.",
        skill_ids=[s.pk for s in bench_skills],
        valid_months=24,
    )


def test_a_pass_issues_a_standard_credential_and_verifies_the_skills(
    pipetting, staff_a, learner, bench_skills, credential_schema
):
    LearnerSkill.objects.create(learner=learner, skill=bench_skills[0], source="declared")
    credential = assessment_pass(
        actor=staff_a, assessment=pipetting, email=learner.email.upper(), assessed_on=_today()
    )
    jsonschema.Draft201909Validator(credential_schema).validate(credential.document)
    achieved = credential.document["credentialSubject"]["achievement"]
    assert achieved["achievementType"] == "Assessment"
    assert {a["targetCode"] for a in achieved["alignment"]} == {"pipetting", "aseptic-work"}
    assert 729 <= (credential.valid_until - credential.valid_from).days <= 731
    assert verify_jwt(credential.jwt).valid
    sources = set(LearnerSkill.objects.filter(learner=learner).values_list("source", flat=True))
    assert sources == {SkillSource.VERIFIED}
    assert LearnerSkill.objects.filter(learner=learner).count() == 2


def test_one_valid_credential_at_a_time(pipetting, staff_a, learner):
    first = assessment_pass(
        actor=staff_a, assessment=pipetting, email=learner.email, assessed_on=_today()
    )
    with pytest.raises(Conflict):
        assessment_pass(
            actor=staff_a, assessment=pipetting, email=learner.email, assessed_on=_today()
        )
    credential_revoke(actor=staff_a, credential=first, reason="Scale out of calibration")
    again = assessment_pass(
        actor=staff_a, assessment=pipetting, email=learner.email, assessed_on=_today()
    )
    assert verify_jwt(again.jwt).valid


def test_only_the_issuers_staff_assess_in_its_name(pipetting, staff_b, operator_a, learner):
    with pytest.raises(Forbidden):
        assessment_pass(
            actor=staff_b, assessment=pipetting, email=learner.email, assessed_on=_today()
        )
    with pytest.raises(Forbidden):
        assessment_create(
            actor=staff_b, issuer=operator_a, title="x", description="x", criteria="x",
            skill_ids=[1], valid_months=None,
        )  # fmt: skip
    assert not Credential.objects.exists()


def test_bad_passes_are_refused(pipetting, staff_a, learner, operator_a):
    with pytest.raises(NotFound):
        assessment_pass(
            actor=staff_a, assessment=pipetting, email="nobody@example.org", assessed_on=_today()
        )
    with pytest.raises(DomainError):
        assessment_pass(
            actor=staff_a,
            assessment=pipetting,
            email=learner.email,
            assessed_on=_today() + dt.timedelta(days=1),
        )
    with pytest.raises(DomainError):
        assessment_create(
            actor=staff_a, issuer=operator_a, title="x", description="x", criteria="x",
            skill_ids=[], valid_months=None,
        )  # fmt: skip
    assert not Credential.objects.exists()


def test_an_assessment_credential_is_reissued_from_the_assessment(pipetting, staff_a, learner):
    first = assessment_pass(
        actor=staff_a, assessment=pipetting, email=learner.email, assessed_on=_today()
    )
    fresh = credential_reissue(actor=staff_a, credential=first)
    assert fresh.assessment_id == pipetting.pk
    assert verify_jwt(fresh.jwt).valid
    assert verify_jwt(first.jwt).revoked
    subject = fresh.document["credentialSubject"]
    assert subject["activityEndDate"] == first.document["credentialSubject"]["activityEndDate"]


def test_the_pages(client, pipetting, staff_a, staff_b, learner, bench_skills):
    client.force_login(staff_b)
    assert client.post(f"/credentials/assessments/{pipetting.pk}/pass/").status_code == 404
    client.force_login(staff_a)
    page = client.get("/credentials/assessments/").content.decode()
    assert "Pipetting competence check" in page
    client.post(
        f"/credentials/assessments/{pipetting.pk}/pass/",
        {"email": learner.email, "assessed_on": _today().isoformat()},
    )
    credential = Credential.objects.get(learner=learner)
    assert credential.assessment_id == pipetting.pk
    created = client.post(
        "/credentials/assessments/",
        {
            "issuer": pipetting.issuer_id,
            "title": "Cleanroom gowning check",
            "description": "Gowning for grade B.",
            "criteria": "Gowned without a breach, observed twice.",
            "skills": [bench_skills[1].pk],
            "valid_months": "200",
        },
    )
    assert created.status_code == 400  # at most 120 months
    assert not Assessment.objects.filter(title="Cleanroom gowning check").exists()
    achievement = client.get(f"/credentials/assessments/{pipetting.pk}/").json()
    assert achievement["name"] == "Pipetting competence check"
    client.force_login(learner)
    assert client.get("/credentials/assessments/").status_code == 404  # not an issuer


def _today() -> dt.date:
    return timezone.localdate()
