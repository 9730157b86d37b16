"""An instrument's certification gate reads credentials: a current one opens it, a revoked
or expired one closes it and says how to renew."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accounts.models import Membership
from biocampus.common.errors import Forbidden
from biocampus.credentials.models import Credential
from biocampus.credentials.services import credential_issue, credential_revoke
from biocampus.enrolment.models import Enrolment
from biocampus.facilities.tests.conftest import at, next_weekday
from biocampus.facilities.tests.test_services import book
from biocampus.outcomes.tests.test_attribution import completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(learner, staff_a, operator_a, operator_b, cabinet):
    """The learner (a trainer of operator B, which may book the cabinet) holds the
    credential of the cabinet's programme."""
    Membership.objects.create(user=learner, organisation=operator_b, role="trainer")
    enrolment = completed(staff_a, operator_a, learner, "x", dt.date(2026, 6, 1))
    Enrolment.objects.filter(pk=enrolment.pk).update(session=_run_of(cabinet, enrolment))
    return credential_issue(enrolment=Enrolment.objects.get(pk=enrolment.pk))


def _run_of(cabinet, enrolment):
    session = enrolment.session
    session.programme = cabinet.certification
    session.save(update_fields=["programme"])
    return session


def test_a_current_credential_opens_the_instrument(learner, operator_b, cabinet, certified):
    day = next_weekday(2)
    assert book(learner, cabinet, operator_b, at(day, 10), at(day, 11)).bookings


def test_a_revoked_credential_closes_it(learner, operator_b, cabinet, certified, staff_a):
    credential_revoke(actor=staff_a, credential=certified, reason="Unsafe handling")
    day = next_weekday(2)
    with pytest.raises(Forbidden) as exc:
        book(learner, cabinet, operator_b, at(day, 10), at(day, 11))
    assert exc.value.code == "certification_revoked"
    assert "completing the programme again" in str(exc.value.message)


def test_an_expired_credential_closes_it_and_says_how_to_renew(
    learner, operator_b, cabinet, certified
):
    Credential.objects.filter(pk=certified.pk).update(
        valid_until=timezone.now() - dt.timedelta(days=1),
        valid_from=timezone.now() - dt.timedelta(days=400),
    )
    day = next_weekday(2)
    with pytest.raises(Forbidden) as exc:
        book(learner, cabinet, operator_b, at(day, 10), at(day, 11))
    assert exc.value.code == "certification_expired"
    assert "renews it" in str(exc.value.message)


def test_the_refresher_renews_a_lapsed_certification(
    learner, staff_a, operator_a, operator_b, cabinet, certified
):
    refresher = completed(staff_a, operator_a, learner, "Cabinet refresher", dt.date(2026, 9, 1))
    programme = cabinet.certification
    programme.refresher = refresher.session.programme
    programme.save(update_fields=["refresher"])
    Credential.objects.filter(pk=certified.pk).update(
        valid_until=timezone.now() - dt.timedelta(days=1),
        valid_from=timezone.now() - dt.timedelta(days=400),
    )
    day = next_weekday(2)
    with pytest.raises(Forbidden) as exc:
        book(learner, cabinet, operator_b, at(day, 10), at(day, 11))
    # The way back is named: the refresher programme.
    assert exc.value.code == "certification_expired"
    assert "“Cabinet refresher” renews it" in str(exc.value.message)
    credential_issue(enrolment=refresher)
    assert book(learner, cabinet, operator_b, at(day, 10), at(day, 11)).bookings
