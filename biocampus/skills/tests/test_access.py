"""skills/access.py: occupations for anyone, vacancies for the public when open and for
their employer's recruiters always."""

import pytest
from django.contrib.auth.models import AnonymousUser

from biocampus.common.errors import Forbidden, NotFound
from biocampus.skills.access import get_occupation_for_user, get_vacancy_for_user
from biocampus.skills.models import Occupation, OccupationKind
from biocampus.skills.services.vacancies import vacancy_update

pytestmark = pytest.mark.django_db


def test_an_occupation_is_public_and_a_group_is_not_an_occupation(qc_job, learner):
    for viewer in (learner, AnonymousUser()):
        assert get_occupation_for_user(viewer, qc_job.pk) == qc_job
    group = Occupation.objects.create(
        framework=qc_job.framework,
        uri="urn:test:group:lab-staff",
        code="G1",
        labels={"en": "Laboratory staff"},
        kind=OccupationKind.GROUP,
    )
    with pytest.raises(NotFound):
        get_occupation_for_user(learner, group.pk)
    with pytest.raises(NotFound):
        get_occupation_for_user(learner, 999_999)


def test_an_open_vacancy_is_public_and_changed_by_its_employer_only(
    vacancy, recruiter_a, recruiter_b, learner, campus_admin
):
    for viewer in (learner, recruiter_b, AnonymousUser(), recruiter_a):
        assert get_vacancy_for_user(viewer, vacancy.pk) == vacancy
    assert get_vacancy_for_user(recruiter_a, vacancy.pk, for_change=True) == vacancy
    assert get_vacancy_for_user(campus_admin, vacancy.pk, for_change=True) == vacancy
    for not_theirs in (recruiter_b, learner):
        with pytest.raises(Forbidden):
            get_vacancy_for_user(not_theirs, vacancy.pk, for_change=True)


def test_a_draft_vacancy_is_missing_to_everyone_but_its_employer(
    vacancy, recruiter_a, recruiter_b, learner
):
    vacancy_update(actor=recruiter_a, vacancy=vacancy, status="draft")
    assert get_vacancy_for_user(recruiter_a, vacancy.pk, for_change=True) == vacancy
    for outsider in (recruiter_b, learner):
        with pytest.raises(NotFound):
            get_vacancy_for_user(outsider, vacancy.pk)
    with pytest.raises(NotFound):
        get_vacancy_for_user(recruiter_a, 999_999)
