from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biocampus.accelerator.models import Call, KpiReport
from biocampus.accelerator.services.applications import attachment_add
from biocampus.accelerator.services.reviews import reviewer_assign
from biocampus.accelerator.tests.conftest import VALID_NUMBER, close, make_pdf
from biocampus.accounts.models import Membership
from biocampus.conftest import UserFactory

pytestmark = pytest.mark.django_db


def apply(api, call, name):
    question = call.questions.get()
    body = {
        "company_name": name,
        "enterprise_number": VALID_NUMBER,
        "pitch": f"{name} pitch",
        "trl": 4,
        "team_size": 3,
        "answers": {str(question.pk): "Yes"},
    }
    created = api.post(f"/api/v1/calls/{call.pk}/applications", body)
    assert created.status_code == 201, created.content
    submitted = api.post(f"/api/v1/applications/{created.json()['id']}/submit")
    assert submitted.status_code == 200, submitted.content
    return submitted.json()


def test_apply_review_rank_select_through_the_api(api_as, client, call, acc_staff):
    assert [c["title"] for c in client.get("/api/v1/calls").json()] == [call.title]
    ana, bob = UserFactory(), UserFactory()
    a = apply(api_as(ana), call, "Cellula")
    b = apply(api_as(bob), call, "Vectoria")
    assert a["submitted_at"]
    assert [x["company"] for x in api_as(ana).get("/api/v1/me/applications").json()] == ["Cellula"]
    # An applicant never reads another application, nor the ranking.
    assert api_as(ana).get(f"/api/v1/applications/{b['id']}").status_code == 404
    # The call is public, its ranking is the accelerator's: visible, not theirs, so 403.
    assert api_as(ana).get(f"/api/v1/calls/{call.pk}/ranking").status_code == 403
    edit = api_as(ana).patch(f"/api/v1/applications/{a['id']}", {"pitch": "changed"})
    assert (edit.status_code, edit.json()["code"]) == (409, "submitted")

    reviewer = UserFactory()
    from biocampus.accelerator.models import Application

    for app in Application.objects.all():
        reviewer_assign(actor=acc_staff, application=app, reviewer=reviewer)
    mine = api_as(reviewer).get("/api/v1/me/reviews").json()
    assert {r["application"]["company"] for r in mine} == {"Cellula", "Vectoria"}  # not blind
    team, market = call.criteria.order_by("position")
    for app_id, (t, m) in ((a["id"], (5, 9)), (b["id"], (2, 3))):
        response = api_as(reviewer).post(
            f"/api/v1/applications/{app_id}/review",
            {"scores": [{"criterion": team.pk, "value": t}, {"criterion": market.pk, "value": m}]},
        )
        assert response.status_code == 200, response.content
    bad = api_as(reviewer).post(
        f"/api/v1/applications/{a['id']}/review", {"scores": [{"criterion": team.pk, "value": 7}]}
    )
    assert bad.json()["code"] == "incomplete"
    ranking = api_as(acc_staff).get(f"/api/v1/calls/{call.pk}/ranking").json()
    assert [r["company"] for r in ranking] == ["Cellula", "Vectoria"]
    early = api_as(acc_staff).post(
        f"/api/v1/calls/{call.pk}/selection", {"decisions": {str(a["id"]): "accepted"}}
    )
    assert early.json()["code"] == "call_open"
    close(call)
    done = api_as(acc_staff).post(
        f"/api/v1/calls/{call.pk}/selection",
        {"decisions": {str(a["id"]): "accepted", str(b["id"]): "rejected"}},
    )
    assert [r["status"] for r in done.json()] == ["accepted", "rejected"]
    kpi = api_as(ana).put(
        f"/api/v1/applications/{a['id']}/kpis",
        {"quarter": "2026-10-01", "jobs_fte": "2.0", "trl": 5},
    )
    assert kpi.status_code == 200, kpi.content
    assert api_as(bob).get(f"/api/v1/applications/{a['id']}/kpis").status_code == 404


def test_blind_review_hides_identity_and_attachments_are_guarded(api_as, call, acc_staff):
    Call.objects.filter(pk=call.pk).update(blind=True)
    founder = UserFactory()
    a = apply(api_as(founder), call, "Secret Bio")
    from biocampus.accelerator.models import Application

    application = Application.objects.get(pk=a["id"])
    Application.objects.filter(pk=application.pk).update(status="draft", submitted_at=None)
    attachment = attachment_add(
        actor=founder,
        application=application,
        upload=SimpleUploadedFile(
            "Secret Bio deck.pdf", make_pdf(author="Secret Bio"), "application/pdf"
        ),
    )
    Application.objects.filter(pk=application.pk).update(
        status="submitted", submitted_at=application.updated_at
    )
    reviewer, colleague, outsider = UserFactory(), UserFactory(), UserFactory()
    Membership.objects.create(user=colleague, organisation=application.company, role="staff")
    reviewer_assign(actor=acc_staff, application=application, reviewer=reviewer)

    seen = api_as(reviewer).get(f"/api/v1/applications/{a['id']}").json()
    assert seen["company"] is None
    assert seen["enterprise_number"] is None
    assert seen["attachments"] == [{"id": attachment.pk, "name": None, "size": None}]  # hidden
    download = api_as(reviewer).get(f"/api/v1/attachments/{attachment.pk}")
    assert download.status_code == 200
    assert "Secret" not in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # The applicant sees everything; outsiders and guessed ids get nothing.
    assert (
        api_as(founder)
        .get(f"/api/v1/attachments/{attachment.pk}")["Content-Disposition"]
        .endswith('deck.pdf"')
    )
    assert api_as(outsider).get(f"/api/v1/attachments/{attachment.pk}").status_code == 404
    assert api_as(outsider).get(f"/api/v1/applications/{a['id']}").status_code == 404
    assert api_as(reviewer).get(f"/api/v1/attachments/{attachment.pk + 1}").status_code == 404
    # A member of the applicant's own organisation is never a reviewer of it.
    conflict = api_as(colleague).get("/api/v1/me/reviews").json()
    assert conflict == []
    declared = api_as(reviewer).post(
        f"/api/v1/applications/{a['id']}/conflict", {"reason": "Knows the founder"}
    )
    assert declared.status_code == 204
    assert api_as(reviewer).get(f"/api/v1/applications/{a['id']}").status_code == 404


def test_kpi_numbers_are_stored_exactly_or_refused(api_as, call, acc_staff):
    # patents_filed is a smallint: with server-side binding PostgreSQL wrapped 70000 to 4464.
    founder = UserFactory()
    a = apply(api_as(founder), call, "Cellula")
    close(call)
    api_as(acc_staff).post(
        f"/api/v1/calls/{call.pk}/selection", {"decisions": {str(a["id"]): "accepted"}}
    )
    url = f"/api/v1/applications/{a['id']}/kpis"
    base = {"quarter": "2026-10-01", "trl": 5}
    for field, value in (
        ("patents_filed", 70000),
        ("patents_filed", -1),
        ("trl", 10),
        ("revenue", "10000000000.00"),
        ("revenue", "1.005"),
        ("jobs_fte", "-0.5"),
    ):
        refused = api_as(founder).put(url, {**base, field: value})
        assert refused.status_code == 422, (field, value, refused.content)
        assert refused.json()["errors"][0]["field"] == f"payload.{field}"
    assert not KpiReport.objects.exists()
    stored = api_as(founder).put(
        url, {**base, "patents_filed": 10000, "revenue": "9999999999.99", "jobs_fte": "12.5"}
    )
    assert stored.status_code == 200, stored.content
    report = KpiReport.objects.get()
    assert (report.patents_filed, report.revenue, report.jobs_fte) == (
        10000,
        Decimal("9999999999.99"),
        Decimal("12.5"),
    )
