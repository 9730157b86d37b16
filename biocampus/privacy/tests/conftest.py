import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from biocampus.accelerator.services.applications import (
    application_start,
    application_submit,
    application_update,
    attachment_add,
    call_create,
)
from biocampus.accelerator.tests.conftest import VALID_NUMBER, make_pdf
from biocampus.accounts.models import Role
from biocampus.catalog.models import Session
from biocampus.conftest import OrganisationFactory, UserFactory, make_session, member
from biocampus.enrolment.services import enrolment_create
from biocampus.skills.models import Framework, LearnerSkill
from biocampus.skills.services.profiles import consent_set
from biocampus.skills.tests.conftest import make_skill

PDF = make_pdf()


@dataclass
class Person:
    """One person with something in every part of the platform, and a neighbour who
    must not appear in their export or lose anything when they leave."""

    user: object
    future: object  # a confirmed enrolment in a full session that has not started
    past: object  # a completed enrolment
    waiting: object  # the neighbour's waiting-list enrolment in the full session
    application: object
    attachment: object
    neighbour: object


@pytest.fixture
def person(staff_a, programme_a, django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Ada Lovelace", audience="job_seeker")
    neighbour = UserFactory(full_name="Grace Hopper")
    soon = timezone.now() + dt.timedelta(days=10)
    full = make_session(
        staff_a, programme_a, capacity=1, starts_at=soon, ends_at=soon + dt.timedelta(hours=6)
    )
    future = enrolment_create(actor=user, session_id=full.pk)
    waiting = enrolment_create(actor=neighbour, session_id=full.pk)
    assert (future.status, waiting.status) == ("confirmed", "waitlisted")

    done = make_session(staff_a, programme_a, capacity=5)
    past = enrolment_create(actor=user, session_id=done.pk)
    past.status, past.outcome_at = "completed", timezone.now()
    past.save(update_fields=["status", "outcome_at"])
    ago = timezone.now() - dt.timedelta(days=30)
    Session.objects.filter(pk=done.pk).update(
        starts_at=ago, ends_at=ago + dt.timedelta(hours=6), enrolment_deadline=ago
    )

    framework = Framework.objects.create(slug="privacy-test", name="Test framework")
    LearnerSkill.objects.create(
        learner=user, skill=make_skill(framework, "hplc"), source="verified"
    )
    consent_set(actor=user, findable=True)

    accelerator = OrganisationFactory(kind="accelerator")
    acc_staff = member(accelerator, Role.STAFF)
    now = timezone.now()
    call = call_create(
        actor=acc_staff,
        operator=accelerator,
        title="Seed",
        description="Six months.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        cohort_size=2,
        published=True,
        criteria=[{"name": "Team", "weight": 1, "scale_max": 5}],
    )
    application = application_start(actor=user, call=call, company_name="Helixa")
    application = application_update(
        actor=user,
        application=application,
        enterprise_number=VALID_NUMBER,
        pitch="Ada's own words about vectors.",
    )
    attachment = attachment_add(
        actor=user,
        application=application,
        upload=SimpleUploadedFile("deck.pdf", PDF, "application/pdf"),
    )
    application_submit(actor=user, application=application)
    return Person(user, future, past, waiting, application, attachment, neighbour)
