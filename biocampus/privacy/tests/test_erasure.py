"""Closing an account: identity and free text erased, future seats released to the
waiting list, tokens and consent gone, the campus figures unchanged."""

import datetime as dt
import os

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db.models import ProtectedError
from django.utils import timezone

from biocampus.accelerator.models import Answer, Application, Assignment, Attachment, Score
from biocampus.accounts.models import ApiToken, User
from biocampus.accounts.services import api_token_create
from biocampus.catalog.models import Session
from biocampus.common.audit import audit
from biocampus.common.models import AuditEvent
from biocampus.conftest import PASSWORD, OrganisationFactory, UserFactory
from biocampus.enrolment.models import Enrolment
from biocampus.facilities.models import Booking, Resource
from biocampus.facilities.services import calendar_token_reset
from biocampus.outbox.models import OutboundEmail
from biocampus.portal.queries import campus_overview
from biocampus.skills.models import LearnerProfile, LearnerSkill

pytestmark = pytest.mark.django_db


def close(client, user, password=PASSWORD, token=None):
    token = token or api_token_create(user=user)[1]
    return client.generic(
        "DELETE",
        "/api/v1/me",
        data=f'{{"password": "{password}"}}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_deleting_the_user_row_is_refused_which_is_why_closing_anonymises(person):
    # What the issue found: a plain delete raises ProtectedError for a learner with
    # enrolments or a founder with an application.
    with pytest.raises(ProtectedError):
        User.objects.get(pk=person.user.pk).delete()


def test_a_wrong_password_closes_nothing(client, person):
    response = close(client, person.user, password="not it")
    assert response.status_code == 403
    assert response.json()["code"] == "wrong_password"
    person.user.refresh_from_db()
    assert person.user.is_active
    assert person.user.full_name == "Ada Lovelace"


def test_closing_an_account(client, person, django_capture_on_commit_callbacks):
    user = person.user
    calendar_token_reset(actor=user)
    token = api_token_create(user=user)[1]
    figures_before = campus_overview()
    attachment_path = person.attachment.file.path
    old_email = user.email
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = close(client, user, token=token)
    assert response.status_code == 204

    user.refresh_from_db()
    assert (user.email, user.full_name, user.is_active) == (f"closed-{user.pk}@invalid", "", False)
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(email__iexact=old_email).exists()
    # Tokens end: the token that closed the account no longer works.
    assert not ApiToken.objects.filter(user=user).exists()
    assert not hasattr(User.objects.get(pk=user.pk), "calendar_token")
    assert (
        client.get("/api/v1/me/export", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )

    # The future seat went to the next person on the waiting list, who was told.
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses[person.future.pk] == "cancelled"
    assert statuses[person.waiting.pk] == "confirmed"
    assert any(m.to == [person.neighbour.email] for m in mail.outbox)
    # Nothing is written to the closed account, now or later.
    assert not any(old_email in m.to for m in mail.outbox)
    assert not OutboundEmail.objects.filter(user=user).exists()

    # The completed training stays (the operator's record and the campus figures)...
    assert statuses[person.past.pk] == "completed"
    figures_after = campus_overview()
    assert figures_after["completions"] == figures_before["completions"]
    # ...and the verified skills keep counting for the jobs gap, but nobody can find them.
    assert LearnerSkill.objects.filter(learner=user).count() == 1
    assert LearnerProfile.objects.get(learner=user).findable is False

    # The submitted application stays the start-up's, without the founder's words or files.
    application = Application.objects.get(pk=person.application.pk)
    assert application.pitch == ""
    assert application.founder_id == user.pk
    assert not Answer.objects.filter(application=application).exclude(text="").exists()
    assert not Attachment.objects.filter(application=application).exists()
    assert not os.path.exists(attachment_path)

    event = AuditEvent.objects.get(action="account.closed", object_id=str(user.pk))
    assert event.data["cancelled_enrolments"] == 1


def test_closing_from_the_page_signs_out(client, person, django_capture_on_commit_callbacks):
    client.force_login(person.user)
    refused = client.post("/account/privacy/", {"password": "nope", "confirm": "on"})
    assert refused.status_code == 422
    assert "The password is not correct." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/privacy/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    # Signed out: the settings page now asks to sign in.
    assert client.get("/account/privacy/").status_code == 302
    assert not User.objects.get(pk=person.user.pk).is_active


def test_closing_erases_free_text_kept_for_others_and_ends_open_roles(
    client, person, campus, staff_a, session_a
):
    user = person.user
    lab = Resource.objects.create(
        name="Lab", slug="lab-x", kind="wet_lab", capacity=4, organisation=campus
    )
    ago = timezone.now() - dt.timedelta(days=3)
    past = Booking.objects.create(
        resource=lab, organisation=campus, booked_by=user, starts_at=ago,
        ends_at=ago + dt.timedelta(hours=1), purpose="event", status="approved",
        title="1:1 with Jan Peeters (visa)", note="private",
    )  # fmt: skip
    Enrolment.objects.filter(pk=person.past.pk).update(group_name="Class 5B, Mrs Janssens")
    # A reviewer's declared conflict and a review they have not written yet.
    call = person.application.call
    other = Application.objects.create(
        call=call, company=OrganisationFactory(kind="company"), founder=UserFactory()
    )
    declared = Assignment.objects.create(
        application=other, reviewer=user, conflict_reason="My cousin founded it",
        conflict_declared_at=timezone.now(),
    )  # fmt: skip
    criterion = call.criteria.first()
    written = Assignment.objects.create(
        application=person.application, reviewer=user, submitted_at=timezone.now()
    )
    Score.objects.create(assignment=written, criterion=criterion, value=3, comment="Weak team")
    pending = Assignment.objects.create(
        application=Application.objects.create(
            call=call, company=OrganisationFactory(kind="company"), founder=UserFactory()
        ),
        reviewer=user,
    )
    audit(user, "review.conflict", declared, reason="My cousin founded it")
    # Waiting in a session that has already started: a seat freed later must not go to
    # the closed account.
    Session.objects.filter(pk=session_a.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    waiting = Enrolment.objects.create(session=session_a, learner=user, status="waitlisted")

    assert close(client, user).status_code == 204

    past.refresh_from_db()
    assert (past.title, past.note, past.status) == ("", "", "approved")  # hours still count
    assert Enrolment.objects.get(pk=person.past.pk).group_name == ""
    assert Assignment.objects.get(pk=declared.pk).conflict_reason == ""
    assert Score.objects.get(assignment=written).comment == ""
    assert Score.objects.get(assignment=written).value == 3  # the decision stays explained
    assert not Assignment.objects.filter(pk=pending.pk).exists()
    event = AuditEvent.objects.get(action="review.conflict")
    assert "reason" not in event.data
    assert Enrolment.objects.get(pk=waiting.pk).status == "cancelled"
    # Nothing the person wrote is left anywhere in the database's text columns checked.
    assert not Booking.objects.filter(title__contains="Peeters").exists()


def test_wrong_passwords_count_against_the_sign_in_limits(client, person):
    token = api_token_create(user=person.user)[1]
    statuses = [close(client, person.user, "guess", token=token).status_code for _ in range(7)]
    assert statuses[0] == 403
    assert statuses[-1] == 429
    # Not closed by any of it, and the right password still needs the limit to pass.
    assert User.objects.get(pk=person.user.pk).is_active
