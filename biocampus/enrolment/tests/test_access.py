"""enrolment/access.py: the learner, the operator's staff and trainers, and outsiders."""

import pytest

from biocampus.common.errors import Forbidden, NotFound
from biocampus.conftest import UserFactory
from biocampus.enrolment.access import get_enrolment_for_user, get_meeting_for_enrolment
from biocampus.enrolment.services import enrolment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(learner, session_a):
    return enrolment_create(actor=learner, session_id=session_a.pk)


def test_the_learner_and_the_operators_people_see_an_enrolment(
    enrolment, learner, staff_a, trainer_a, campus_admin
):
    for viewer in (learner, staff_a, trainer_a, campus_admin):
        assert get_enrolment_for_user(viewer, enrolment.pk) == enrolment


def test_another_operator_or_learner_gets_the_same_404_as_a_missing_id(enrolment, staff_b):
    for outsider in (staff_b, UserFactory()):
        with pytest.raises(NotFound):
            get_enrolment_for_user(outsider, enrolment.pk)
    with pytest.raises(NotFound):
        get_enrolment_for_user(staff_b, 999_999)


def test_a_trainer_sees_an_enrolment_but_may_not_cancel_it(enrolment, learner, staff_a, trainer_a):
    assert get_enrolment_for_user(learner, enrolment.pk, for_change=True) == enrolment
    assert get_enrolment_for_user(staff_a, enrolment.pk, for_change=True) == enrolment
    with pytest.raises(Forbidden):
        get_enrolment_for_user(trainer_a, enrolment.pk, for_change=True)


def test_a_meeting_of_another_session_is_not_found(enrolment, session_b):
    own = enrolment.session.meetings.first()
    assert get_meeting_for_enrolment(enrolment, own.pk) == own
    with pytest.raises(NotFound):
        get_meeting_for_enrolment(enrolment, session_b.meetings.first().pk)
