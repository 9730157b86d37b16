import pytest

from biocampus.accelerator.tests.conftest import (  # noqa: F401 - shared fixtures
    acc_staff,
    accelerator,
    call,
    founder,
)
from biocampus.conftest import UserFactory
from biocampus.skills.services import contacts, profiles
from biocampus.skills.tests.conftest import (  # noqa: F401 - fixtures shared with skills
    company_a,
    company_b,
    framework,
    qc_job,
    recruiter_a,
    recruiter_b,
    skills,
    vacancy,
)


def candidate_who_accepted(opening, recruiter, skill, **fields):
    """A consenting learner holding `skill` who accepted the employer's contact request."""
    learner = UserFactory(**fields)
    profiles.skills_declare(actor=learner, skill_ids=[skill.pk])
    profiles.consent_set(actor=learner, findable=True)
    request = contacts.contact_request_create(
        actor=recruiter, vacancy=opening, learner_id=learner.pk
    )
    contacts.contact_request_answer(actor=learner, request=request, accept=True)
    return learner


@pytest.fixture
def hired_candidate(vacancy, recruiter_a, skills):
    return candidate_who_accepted(vacancy, recruiter_a, skills["hplc"])
