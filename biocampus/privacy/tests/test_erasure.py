"""Closing an account: identity and free text erased, future seats released to the
waiting list, tokens and consent gone, the campus figures unchanged."""

import os

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db.models import ProtectedError

from biocampus.accelerator.models import Answer, Application, Attachment
from biocampus.accounts.models import ApiToken, User
from biocampus.accounts.services import api_token_create
from biocampus.common.models import AuditEvent
from biocampus.conftest import PASSWORD
from biocampus.enrolment.models import Enrolment
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
