"""Self-service export: through the API and the page, built by the task worker,
announced by e-mail, holding everything about the person and nothing about others."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail

from biocampus.accounts.models import User
from biocampus.accounts.services import api_token_create
from biocampus.privacy import collect
from biocampus.privacy.models import DataExport
from biocampus.privacy.tests.conftest import PDF

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user)[1]}"}


def test_export_through_the_api(client, person, django_capture_on_commit_callbacks):
    headers = bearer(person.user)
    assert client.get("/api/v1/me/export", headers=headers).json()["code"] == "no_export"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/me/export", headers=headers)
    assert response.status_code == 202
    state = client.get("/api/v1/me/export", headers=headers).json()
    assert state["status"] == "ready"
    assert state["size"] > 0
    assert state["download_url"].endswith("/api/v1/me/export/archive")
    # Announced by e-mail, with an absolute link to the page.
    (announcement,) = [m for m in mail.outbox if "data export" in m.subject]
    assert announcement.to == [person.user.email]
    assert settings.SITE_URL + "/account/privacy/" in announcement.body

    archive = client.get("/api/v1/me/export/archive", headers=headers)
    assert archive.status_code == 200
    assert archive["Content-Type"] == "application/zip"
    files = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content)))
    names = set(files.namelist())
    assert set(collect.SECTIONS) <= names
    account = json.loads(files.read("account.json"))
    assert (account["email"], account["full_name"]) == (person.user.email, "Ada Lovelace")
    enrolments = json.loads(files.read("enrolments.json"))
    assert {e["id"] for e in enrolments} == {person.future.pk, person.past.pk}
    skills = json.loads(files.read("skills.json"))
    assert skills["profile"]["employers_may_find_me"] is True
    assert [c["action"] for c in skills["consent_history"]] == ["consent.grant"]
    (application,) = json.loads(files.read("applications.json"))
    assert application["pitch"] == "Ada's own words about vectors."
    # The uploaded file itself, byte for byte.
    (attachment,) = application["attachments"]
    assert files.read(attachment["file"]) == person.attachment.file.open("rb").read()
    assert attachment["file"].startswith("attachments/")
    audit = json.loads(files.read("audit.json"))
    assert {"enrolment.create", "consent.grant", "privacy.export_requested"} <= {
        a["action"] for a in audit
    }
    # Nothing about the neighbour waiting in the same session.
    everything = b"".join(files.read(n) for n in names if n.endswith(".json"))
    assert person.neighbour.email.encode() not in everything
    assert b"Grace Hopper" not in everything
    assert PDF  # the fixture's file is what came back above


def test_asking_twice_while_pending_gives_the_same_export(client, person):
    headers = bearer(person.user)
    first = client.post("/api/v1/me/export", headers=headers).json()
    second = client.post("/api/v1/me/export", headers=headers).json()
    assert first["id"] == second["id"]
    assert first["status"] == "pending"
    assert DataExport.objects.filter(user=person.user).count() == 1
    # Not ready: nothing to download yet.
    assert client.get("/api/v1/me/export/archive", headers=headers).status_code == 404


def test_nobody_downloads_another_persons_export(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/me/export", headers=bearer(person.user))
    other = bearer(person.neighbour)
    assert client.get("/api/v1/me/export", headers=other).status_code == 404
    assert client.get("/api/v1/me/export/archive", headers=other).status_code == 404
    client.force_login(person.neighbour)
    assert client.get("/account/privacy/export/download/").status_code == 404


def test_export_from_the_page(client, person, django_capture_on_commit_callbacks):
    client.force_login(person.user)
    page = client.get("/account/privacy/")
    assert page.status_code == 200
    assert "Prepare my copy" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/account/privacy/export/").status_code == 302
    page = client.get("/account/privacy/").content.decode()
    assert "Download the archive" in page
    download = client.get("/account/privacy/export/download/")
    assert download.status_code == 200
    assert "attachment;" in download["Content-Disposition"]


# Each field that points at a person, and where the export holds it. A new one fails the
# test below until it is exported or its absence explained.
STAFF_ACTION = "an action done for an organisation: in audit.json as the actor's event"
COVERED = {
    "account.emailaddress.user": "account.json",
    "accounts.membership.user": "memberships.json",
    "accounts.apitoken.user": "account.json",
    "enrolment.enrolment.learner": "enrolments.json, with attendance",
    "skills.learnerskill.learner": "skills.json",
    "skills.learnerprofile.learner": "skills.json",
    "skills.contactrequest.learner": "skills.json",
    "facilities.booking.booked_by": "bookings.json",
    "immersion.visit.teacher": "immersion.json (visits requested; they stay the school's)",
    "immersion.staffskill.person": "immersion.json (skills; deleted when the account closes)",
    "immersion.planslot.staff": "immersion.json (duties on immersion days)",
    "immersion.dayplan.created_by": STAFF_ACTION,
    "facilities.calendartoken.user": "account.json (whether a feed exists)",
    "accelerator.application.founder": "applications.json, with the files",
    "accelerator.mentorprofile.mentor": "accelerator.json",
    "accelerator.mentormatch.mentor": "accelerator.json",
    "accelerator.assignment.reviewer": "accelerator.json (reviews written)",
    "common.auditevent.actor": "audit.json",
    "outbox.outboundemail.user": "emails.json",
    "outbox.emailoptout.user": "emails.json (notifications turned off)",
    "privacy.dataexport.user": "the export itself",
    "outcomes.joboutcome.learner": "outcomes.json",
    "outcomes.followup.learner": "outcomes.json (follow-up questions and answers)",
    "outcomes.hire.learner": "outcomes.json (hires the learner was asked to confirm)",
    "outcomes.hire.recorded_by": STAFF_ACTION,
    "credentials.credential.learner": "credentials.json",
    "enrolment.attendance.marked_by": STAFF_ACTION,
    "skills.contactrequest.requested_by": STAFF_ACTION,
    "skills.vacancy.created_by": STAFF_ACTION,
    "facilities.booking.decided_by": STAFF_ACTION,
    "facilities.timetableproposal.created_by": STAFF_ACTION,
    "accelerator.assignment.assigned_by": STAFF_ACTION,
    "admin.logentry.user": "Django admin's own log of staff edits (staff only)",
}


def test_every_model_holding_a_person_is_in_the_export():
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        for field in model._meta.get_fields():
            if (
                (getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False))
                and field.concrete
                and field.related_model is User
            ) and f"{label}.{field.name}" not in COVERED:
                missing.append(f"{label}.{field.name}")
    assert not missing, f"personal data not in the export: {missing}"


def test_a_failed_build_is_marked_failed_and_can_be_asked_again(
    client, person, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(user, target):
        raise OSError("disk full")

    monkeypatch.setattr("biocampus.privacy.export.write_archive", broken)
    headers = bearer(person.user)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/api/v1/me/export", headers=headers).json()
    assert client.get("/api/v1/me/export", headers=headers).json()["status"] == "failed"
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post("/api/v1/me/export", headers=headers).json()
    assert second["id"] != first["id"]
    assert client.get("/api/v1/me/export", headers=headers).json()["status"] == "ready"


def test_a_copy_being_prepared_shows_progress_and_the_page_updates_itself(client, learner):
    from biocampus.privacy.models import DataExport

    DataExport.objects.create(user=learner)
    client.force_login(learner)
    page = client.get("/account/privacy/").content.decode()
    assert "Being prepared" in page
    assert 'hx-trigger="every 3s"' in page
    assert '<progress aria-label="Your copy being prepared">' in page
    DataExport.objects.filter(user=learner).update(status="failed")
    page = client.get("/account/privacy/").content.decode()
    assert 'hx-trigger="every 3s"' not in page
    assert "<progress" not in page
