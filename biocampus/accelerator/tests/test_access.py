"""accelerator/access.py: calls, applications, review assignments, attachments and
milestones for the accelerator's staff, the applicant, the assigned reviewer and outsiders."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from biocampus.accelerator.access import (
    get_application_for_user,
    get_assignment_for_user,
    get_attachment_for_user,
    get_call_for_user,
    get_milestone_for_user,
)
from biocampus.accelerator.models import Call
from biocampus.accelerator.services.applications import application_submit, attachment_add
from biocampus.accelerator.services.cohort import milestone_set
from biocampus.accelerator.services.reviews import (
    cohort_select,
    conflict_declare,
    reviewer_assign,
)
from biocampus.accelerator.tests.conftest import close, complete_application, make_pdf
from biocampus.common.errors import Forbidden, NotFound
from biocampus.conftest import UserFactory

pytestmark = pytest.mark.django_db


def test_a_published_call_is_public_and_run_by_its_staff(call, acc_staff, founder, campus_admin):
    for viewer in (founder, AnonymousUser(), acc_staff):
        assert get_call_for_user(viewer, call.pk) == call
    assert get_call_for_user(acc_staff, call.pk, for_change=True) == call
    assert get_call_for_user(campus_admin, call.pk, for_change=True) == call
    with pytest.raises(Forbidden):
        get_call_for_user(founder, call.pk, for_change=True)


def test_an_unpublished_call_is_missing_to_all_but_its_staff(call, acc_staff, founder):
    Call.objects.filter(pk=call.pk).update(published=False)
    assert get_call_for_user(acc_staff, call.pk) == call
    for outsider in (founder, AnonymousUser()):
        with pytest.raises(NotFound):
            get_call_for_user(outsider, call.pk)
    with pytest.raises(NotFound):
        get_call_for_user(acc_staff, 999_999)


def test_an_application_is_the_applicants_the_staffs_and_its_reviewers(call, acc_staff, founder):
    application = complete_application(founder, call)
    reviewer, stranger = UserFactory(), UserFactory()
    assert get_application_for_user(founder, application.pk, for_change=True) == application
    assert get_application_for_user(acc_staff, application.pk) == application
    with pytest.raises(Forbidden):
        get_application_for_user(acc_staff, application.pk, for_change=True)
    with pytest.raises(NotFound):  # not assigned
        get_application_for_user(reviewer, application.pk)
    application = application_submit(actor=founder, application=application)
    reviewer_assign(actor=acc_staff, application=application, reviewer=reviewer)
    assert get_application_for_user(reviewer, application.pk) == application
    with pytest.raises(NotFound):
        get_application_for_user(stranger, application.pk)


def test_a_review_assignment_is_the_reviewers_until_they_declare_a_conflict(
    call, acc_staff, founder
):
    application = complete_application(founder, call)
    application = application_submit(actor=founder, application=application)
    reviewer, other = UserFactory(), UserFactory()
    reviewer_assign(actor=acc_staff, application=application, reviewer=reviewer)
    assignment = get_assignment_for_user(reviewer, application.pk)
    assert assignment.reviewer == reviewer
    for not_assigned in (other, acc_staff):
        with pytest.raises(NotFound):
            get_assignment_for_user(not_assigned, application.pk)
    conflict_declare(actor=reviewer, assignment=assignment, reason="Former employer")
    with pytest.raises(NotFound):
        get_assignment_for_user(reviewer, application.pk)


def test_attachments_and_milestones_follow_their_application(call, acc_staff, founder):
    application = complete_application(founder, call)
    attachment = attachment_add(
        actor=founder,
        application=application,
        upload=SimpleUploadedFile("deck.pdf", make_pdf(), content_type="application/pdf"),
    )
    stranger = UserFactory()
    assert get_attachment_for_user(acc_staff, attachment.pk) == attachment
    with pytest.raises(NotFound):
        get_attachment_for_user(stranger, attachment.pk)
    application = application_submit(actor=founder, application=application)
    close(call)
    cohort_select(actor=acc_staff, call=call, decisions={application.pk: "accepted"})
    application.refresh_from_db()
    milestone = milestone_set(
        actor=founder,
        application=application,
        title="First GMP batch",
        due_on=dt.date(2031, 3, 1),
        status="planned",
    )
    assert get_milestone_for_user(founder, application, milestone.pk) == milestone
    with pytest.raises(NotFound):
        get_milestone_for_user(stranger, application, milestone.pk)
    with pytest.raises(NotFound):
        get_milestone_for_user(founder, application, 999_999)
