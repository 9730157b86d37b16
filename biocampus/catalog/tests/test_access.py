"""catalog/access.py: owner, member, outsider and anonymous for programmes and sessions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from biocampus.accounts.models import Membership, User
from biocampus.catalog import services
from biocampus.catalog.access import (
    get_operator_for_user,
    get_pillar,
    get_programme_for_user,
    get_session_for_user,
)
from biocampus.catalog.models import ProgrammeStatus
from biocampus.common.errors import DomainError, Forbidden, NotFound
from biocampus.conftest import OrganisationFactory

pytestmark = pytest.mark.django_db


def _status(actor, programme, status):
    return services.programme_set_status(actor=actor, programme=programme, status=status)


def test_a_draft_programme_is_its_operators_only(staff_a, trainer_a, staff_b, programme_a):
    _status(staff_a, programme_a, ProgrammeStatus.DRAFT)
    assert get_programme_for_user(staff_a, programme_a.pk, for_change=True) == programme_a
    assert get_programme_for_user(trainer_a, programme_a.pk) == programme_a
    for outsider in (staff_b, AnonymousUser()):
        with pytest.raises(NotFound):
            get_programme_for_user(outsider, programme_a.pk)


def test_a_published_programme_is_visible_to_all_and_changed_by_its_staff(
    staff_a, trainer_a, staff_b, learner, programme_a, campus_admin
):
    for viewer in (staff_b, learner, AnonymousUser(), trainer_a):
        assert get_programme_for_user(viewer, programme_a.pk) == programme_a
    for not_staff in (staff_b, learner, trainer_a):
        with pytest.raises(Forbidden):
            get_programme_for_user(not_staff, programme_a.pk, for_change=True)
    assert get_programme_for_user(campus_admin, programme_a.pk, for_change=True) == programme_a


def test_missing_and_hidden_ids_look_the_same(staff_a, staff_b, programme_a):
    _status(staff_a, programme_a, ProgrammeStatus.DRAFT)
    with pytest.raises(NotFound) as missing:
        get_programme_for_user(staff_b, 999_999)
    with pytest.raises(NotFound) as hidden:
        get_programme_for_user(staff_b, programme_a.pk)
    assert (missing.value.code, str(missing.value.message)) == (
        hidden.value.code,
        str(hidden.value.message),
    )


def test_sessions_follow_their_programme_and_trainers_may_teach(
    staff_a, trainer_a, staff_b, learner, programme_a, session_a
):
    _status(staff_a, programme_a, ProgrammeStatus.DRAFT)
    with pytest.raises(NotFound):
        get_session_for_user(learner, session_a.pk)
    _status(staff_a, programme_a, ProgrammeStatus.PUBLISHED)
    assert get_session_for_user(learner, session_a.pk) == session_a
    assert get_session_for_user(trainer_a, session_a.pk, teach=True) == session_a
    with pytest.raises(Forbidden):
        get_session_for_user(trainer_a, session_a.pk, for_change=True)
    with pytest.raises(Forbidden):
        get_session_for_user(staff_b, session_a.pk, teach=True)
    with pytest.raises(NotFound):
        get_session_for_user(staff_a, 999_999)


def test_the_operator_of_a_new_programme_comes_from_the_users_memberships(
    staff_a, operator_a, operator_b, learner
):
    assert get_operator_for_user(staff_a, None) == operator_a
    with pytest.raises(Forbidden):
        get_operator_for_user(staff_a, operator_b.pk)  # not theirs to name
    with pytest.raises(Forbidden):
        get_operator_for_user(learner, None)
    second = OrganisationFactory(name="Second operator")
    Membership.objects.create(user=staff_a, organisation=second, role="staff")
    staff_a = User.objects.get(pk=staff_a.pk)  # roles are cached per user object
    with pytest.raises(DomainError) as several:
        get_operator_for_user(staff_a, None)
    assert several.value.code == "operator_required"
    assert get_operator_for_user(staff_a, second.pk) == second


def test_unknown_pillar_is_not_found(db):
    assert get_pillar("biomanufacturing").slug == "biomanufacturing"
    with pytest.raises(NotFound):
        get_pillar("astrology")


def test_owners_read_their_drafts_through_the_public_api_with_a_token(
    api_as, client, staff_a, staff_b, programme_a, session_a
):
    _status(staff_a, programme_a, ProgrammeStatus.DRAFT)
    own = api_as(staff_a)
    assert own.get(f"/api/v1/programmes/{programme_a.pk}").status_code == 200
    assert own.get(f"/api/v1/sessions/{session_a.pk}").status_code == 200
    assert api_as(staff_b).get(f"/api/v1/programmes/{programme_a.pk}").status_code == 404
    assert client.get(f"/api/v1/programmes/{programme_a.pk}").status_code == 404
    assert client.get(f"/api/v1/sessions/{session_a.pk}").status_code == 404
    bad = client.get(
        f"/api/v1/programmes/{programme_a.pk}", headers={"Authorization": "Bearer bc_forged"}
    )
    assert bad.status_code == 404  # an unknown token is just anonymous here
