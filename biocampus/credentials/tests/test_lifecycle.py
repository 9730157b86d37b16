"""After issuing: suspending and reinstating (the status list says so to anyone, the
instrument gate follows), re-issuing, and the learner told of each by e-mail."""

import datetime as dt

import pytest
from django.core import mail

from biocampus.common.errors import Conflict, Forbidden
from biocampus.credentials.models import Credential
from biocampus.credentials.services import (
    credential_reinstate,
    credential_reissue,
    credential_revoke,
    credential_suspend,
)
from biocampus.credentials.tests.test_gate import certified  # noqa: F401 - fixture
from biocampus.credentials.tests.test_issue import published_status
from biocampus.credentials.verify import verify_jwt
from biocampus.facilities.tests.conftest import at, next_weekday
from biocampus.facilities.tests.test_services import book
from biocampus.outbox.delivery import send_all_due

pytestmark = pytest.mark.django_db


def _sent_to(email: str) -> list[str]:
    send_all_due()
    return [m.subject for m in mail.outbox if m.to == [email]]


def test_issuing_tells_the_learner(issued, learner):
    assert any("Your credential: QC analytics" in s for s in _sent_to(learner.email))


def test_a_suspension_shows_and_lifts(client, issued, staff_a, learner):
    credential_suspend(actor=staff_a, credential=issued, reason="Inquiry into the exam")
    result = verify_jwt(issued.jwt)
    assert (result.valid, result.suspended, result.revoked) == (False, True, False)
    said = next(c.message for c in result.checks if c.code == "status")
    assert said.startswith("Suspended by the issuer")
    assert "Inquiry" not in said
    assert published_status(client, issued) == "suspended"
    with pytest.raises(Conflict):
        credential_suspend(actor=staff_a, credential=issued, reason="again")
    credential_reinstate(actor=staff_a, credential=issued)
    assert verify_jwt(issued.jwt).valid
    assert published_status(client, issued) == "valid"
    subjects = _sent_to(learner.email)
    assert any(s.startswith("Credential suspended") for s in subjects)
    assert any(s.startswith("Credential reinstated") for s in subjects)


def test_only_the_issuers_staff_suspend_and_a_reason_is_needed(issued, staff_a, staff_b):
    with pytest.raises(Forbidden):
        credential_suspend(actor=staff_b, credential=issued, reason="x")
    with pytest.raises(Exception, match="Say why"):
        credential_suspend(actor=staff_a, credential=issued, reason="  ")
    assert Credential.objects.get(pk=issued.pk).suspended_at is None


def test_revocation_outranks_a_suspension(client, issued, staff_a):
    credential_suspend(actor=staff_a, credential=issued, reason="Inquiry")
    credential_revoke(actor=staff_a, credential=issued, reason="Exam copied")
    assert verify_jwt(issued.jwt).revoked
    assert published_status(client, issued) == "revoked"
    with pytest.raises(Conflict):
        credential_reinstate(actor=staff_a, credential=issued)


def test_a_suspended_certification_closes_the_instrument_until_reinstated(
    learner,
    operator_b,
    cabinet,
    certified,  # noqa: F811
    staff_a,
):
    credential_suspend(actor=staff_a, credential=certified, reason="Spill not reported")
    day = next_weekday(2)
    with pytest.raises(Forbidden) as exc:
        book(learner, cabinet, operator_b, at(day, 10), at(day, 11))
    assert exc.value.code == "certification_suspended"
    credential_reinstate(actor=staff_a, credential=certified)
    assert book(learner, cabinet, operator_b, at(day, 10), at(day, 11)).bookings


def test_reissuing_replaces_the_credential(client, issued, staff_a, learner):
    enrolment_id = issued.enrolment_id
    fresh = credential_reissue(actor=staff_a, credential=issued)
    old = Credential.objects.get(pk=issued.pk)
    assert (old.replaced_by_id, old.enrolment_id, fresh.enrolment_id) == (
        fresh.pk,
        None,
        enrolment_id,
    )
    assert old.revoked_at is not None
    assert verify_jwt(old.jwt).revoked
    assert verify_jwt(fresh.jwt).valid
    assert fresh.id != old.id
    with pytest.raises(Conflict):
        credential_reissue(actor=staff_a, credential=old)
    assert any(s.startswith("Credential re-issued") for s in _sent_to(learner.email))


def test_revocation_is_final(issued, staff_a):
    credential_revoke(actor=staff_a, credential=issued, reason="Exam copied")
    with pytest.raises(Conflict) as refused:
        credential_reissue(actor=staff_a, credential=issued)
    assert refused.value.code == "revoked"
    assert Credential.objects.filter(learner=issued.learner).count() == 1


def test_a_withdrawn_completion_takes_its_credential(issued, staff_a, learner):
    from biocampus.enrolment.services import enrolment_record_outcome

    enrolment = issued.enrolment
    enrolment_record_outcome(actor=staff_a, enrolment=enrolment, outcome="failed")
    assert verify_jwt(issued.jwt).revoked
    withdrawn = Credential.objects.get(pk=issued.pk)
    assert withdrawn.enrolment_id is None
    # Completed after all: a new credential, not the revoked one back.
    enrolment_record_outcome(actor=staff_a, enrolment=enrolment, outcome="completed")
    fresh = Credential.objects.get(enrolment=enrolment)
    assert fresh.pk != issued.pk
    assert verify_jwt(fresh.jwt).valid


def test_an_erased_account_gets_nothing_reissued(issued, staff_a):
    from biocampus.privacy.erasure import erase

    erase(issued.learner, reason="test")
    with pytest.raises(Conflict) as refused:
        credential_reissue(actor=staff_a, credential=issued)
    assert refused.value.code == "account_closed"


def test_validity_months_set_the_expiry(staff_a, operator_a, learner):
    from biocampus.catalog.models import Programme
    from biocampus.credentials.services import credential_issue
    from biocampus.outcomes.tests.test_attribution import completed

    enrolment = completed(staff_a, operator_a, learner, "GMP refresher", dt.date(2026, 6, 1))
    Programme.objects.filter(pk=enrolment.session.programme_id).update(credential_valid_months=12)
    credential = credential_issue(enrolment=enrolment)
    assert 364 <= (credential.valid_until - credential.valid_from).days <= 366
    assert credential.document["validUntil"].startswith(str(credential.valid_until.year))
