import datetime as dt

import pytest
from django.utils import timezone

from biocampus.common.errors import DomainError, NotFound
from biocampus.conftest import make_session
from biocampus.enrolment.services import enrolment_create, enrolment_record_outcome
from biocampus.skills.models import LearnerSkill, ProgrammeSkill
from biocampus.skills.services.profiles import (
    skill_remove,
    skills_declare,
    skills_replace_declared,
)

pytestmark = pytest.mark.django_db


def profile(learner):
    return dict(LearnerSkill.objects.filter(learner=learner).values_list("skill__code", "source"))


def test_declare_replace_and_remove(learner, skills, framework):
    skills_declare(actor=learner, skill_ids=[skills["python"].pk, skills["lean"].pk])
    assert profile(learner) == {"python": "declared", "lean": "declared"}
    skills_declare(actor=learner, skill_ids=[skills["python"].pk])  # twice: no duplicate
    assert LearnerSkill.objects.filter(learner=learner).count() == 2

    skills_replace_declared(actor=learner, skill_ids=[skills["lean"].pk, skills["gmp"].pk])
    assert profile(learner) == {"lean": "declared", "gmp": "declared"}

    skill_remove(actor=learner, skill_id=skills["lean"].pk)
    assert profile(learner) == {"gmp": "declared"}
    with pytest.raises(NotFound):
        skill_remove(actor=learner, skill_id=skills["lean"].pk)
    with pytest.raises(DomainError, match="Unknown skill"):
        skills_declare(actor=learner, skill_ids=[999999])
    group = framework.skill_set.create(uri="urn:g", kind="group", labels={"en": "g"})
    with pytest.raises(DomainError, match="Unknown skill"):
        skills_declare(actor=learner, skill_ids=[group.pk])


def test_completing_a_session_verifies_what_it_teaches(learner, staff_a, programme_a, skills):
    ProgrammeSkill.objects.create(programme=programme_a, skill=skills["aseptic"], role="teaches")
    ProgrammeSkill.objects.create(programme=programme_a, skill=skills["gmp"], role="teaches")
    ProgrammeSkill.objects.create(programme=programme_a, skill=skills["lean"], role="requires")
    skills_declare(actor=learner, skill_ids=[skills["gmp"].pk])
    session = make_session(
        staff_a, programme_a, days=1, enrolment_deadline=timezone.now() + dt.timedelta(hours=1)
    )
    enrolment = enrolment_create(actor=learner, session_id=session.pk)
    # The session has now run.
    session.__class__.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=8),
        ends_at=timezone.now() - dt.timedelta(hours=1),
        enrolment_deadline=timezone.now() - dt.timedelta(hours=9),
    )
    enrolment_record_outcome(actor=staff_a, enrolment=enrolment, outcome="completed")
    assert profile(learner) == {"aseptic": "verified", "gmp": "verified"}
    entry = LearnerSkill.objects.get(learner=learner, skill=skills["gmp"])
    assert entry.evidence_id == enrolment.pk
    with pytest.raises(DomainError, match="verified"):
        skill_remove(actor=learner, skill_id=skills["gmp"].pk)
