"""Who may hire: a company acts as an employer only once the campus has verified it.

The attack this closes: a learner who starts an accelerator application becomes admin of
a new company, and could then publish a vacancy and list consenting learners with their
e-mail addresses.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from biocampus.accelerator.services.applications import application_start, call_create
from biocampus.accounts.models import Organisation, Verification
from biocampus.accounts.services import (
    organisation_suspend,
    organisation_verification_request,
    organisation_verify,
)
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.common.models import AuditEvent
from biocampus.conftest import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db

VALID = "0403.170.701"


@pytest.fixture
def open_call(db):
    accelerator = OrganisationFactory(name="Venture Lab", kind="accelerator")
    staff = member(accelerator, "staff")
    now = timezone.now()
    return call_create(
        actor=staff,
        operator=accelerator,
        title="Seed",
        description="Six months.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        cohort_size=2,
        published=True,
        criteria=[{"name": "Team", "weight": 1, "scale_max": 5}],
    )


@pytest.fixture
def startup_founder(open_call):
    founder = UserFactory()
    application_start(actor=founder, call=open_call, company_name="Shadow Recruiting")
    return founder


def _vacancy_payload(company, job):
    return {
        "employer": company.pk,
        "occupation": job.pk,
        "title": "Analyst",
        "location": "Gosselies",
        "contract": "permanent",
        "openings": 1,
        "closes_on": str(timezone.localdate() + dt.timedelta(days=20)),
        "status": "open",
    }


def test_a_startup_created_by_applying_cannot_hire(
    api_as, client, startup_founder, qc_job, vacancy
):
    company = Organisation.objects.get(name="Shadow Recruiting")
    assert company.verification == Verification.UNVERIFIED
    api = api_as(startup_founder)
    created = api.post("/api/v1/vacancies", _vacancy_payload(company, qc_job))
    assert created.status_code == 403, created.content
    # An open vacancy of a verified employer is public, its candidates are not.
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").status_code == 403
    assert api.get("/api/v1/forecasts").json() == []
    client.force_login(startup_founder)
    assert client.get(reverse("skills:employer")).url == reverse("skills:verification")
    assert client.get(reverse("skills:vacancy_new")).status_code == 403


def test_verification_asked_by_the_admin_decided_by_the_campus_and_audited(
    api_as, startup_founder, campus_admin, qc_job
):
    company = Organisation.objects.get(name="Shadow Recruiting")
    stranger = UserFactory()
    with pytest.raises(Forbidden):
        organisation_verification_request(
            actor=stranger, organisation=company, enterprise_number=VALID
        )
    with pytest.raises(DomainError) as bad:
        organisation_verification_request(
            actor=startup_founder, organisation=company, enterprise_number="0123.456.789"
        )
    assert bad.value.code == "invalid_enterprise_number"
    asked = api_as(startup_founder).post(
        f"/api/v1/organisations/{company.pk}/verification", {"enterprise_number": VALID}
    )
    assert (asked.status_code, asked.json()["verification"]) == (200, "requested")
    assert asked.json()["enterprise_number"] == "0403170701"
    with pytest.raises(Conflict):
        organisation_verification_request(
            actor=startup_founder, organisation=company, enterprise_number=VALID
        )
    # Only the campus decides.
    assert api_as(startup_founder).post(
        f"/api/v1/organisations/{company.pk}/verify", {}
    ).status_code in (403, 404)
    waiting = api_as(campus_admin).get("/api/v1/organisations/companies?verification=requested")
    assert [c["name"] for c in waiting.json()["items"]] == ["Shadow Recruiting"]
    verified = api_as(campus_admin).post(f"/api/v1/organisations/{company.pk}/verify", {})
    assert verified.json()["verification"] == "verified"
    assert set(
        AuditEvent.objects.filter(
            object_type="accounts.organisation", object_id=str(company.pk)
        ).values_list("action", flat=True)
    ) == {"organisation.verification_request", "organisation.verified"}
    # Now a real employer: its admin publishes a vacancy.
    created = api_as(startup_founder).post("/api/v1/vacancies", _vacancy_payload(company, qc_job))
    assert created.status_code == 201, created.content


def test_a_suspended_employer_loses_candidates_and_its_vacancies_leave_the_lists(
    api_as, recruiter_a, company_a, vacancy, campus_admin, learner
):
    api = api_as(recruiter_a)
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").status_code == 200
    assert [v["id"] for v in api_as(learner).get("/api/v1/vacancies").json()["items"]] == [
        vacancy.pk
    ]
    organisation_suspend(actor=campus_admin, organisation=company_a, note="Not a real employer")
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").status_code in (403, 404)
    assert api_as(learner).get("/api/v1/vacancies").json()["items"] == []
    with pytest.raises(Forbidden):
        organisation_verify(actor=recruiter_a, organisation=company_a)


def test_a_company_without_an_enterprise_number_is_not_verified(campus_admin):
    company = OrganisationFactory(name="No Number", kind="company")
    with pytest.raises(Conflict):
        organisation_verify(actor=campus_admin, organisation=company)


def test_campus_review_page_verifies_and_suspends(client, campus_admin, startup_founder):
    company = Organisation.objects.get(name="Shadow Recruiting")
    organisation_verification_request(
        actor=startup_founder, organisation=company, enterprise_number=VALID
    )
    client.force_login(startup_founder)
    assert client.get(reverse("portal:employers")).status_code == 403
    # Their own company: visible to them, not theirs to verify.
    assert client.post(reverse("portal:employer_verify", args=[company.pk])).status_code == 403
    client.force_login(campus_admin)
    page = client.get(reverse("portal:employers")).content.decode()
    assert "Shadow Recruiting" in page
    assert "0403170701" in page
    client.post(reverse("portal:employer_verify", args=[company.pk]))
    company.refresh_from_db()
    assert company.verification == Verification.VERIFIED
    client.post(reverse("portal:employer_suspend", args=[company.pk]), {"note": "Fake"})
    company.refresh_from_db()
    assert (company.verification, company.verification_note) == (Verification.SUSPENDED, "Fake")


def test_company_admin_asks_for_verification_on_the_hiring_page(client, startup_founder):
    company = Organisation.objects.get(name="Shadow Recruiting")
    client.force_login(startup_founder)
    page = client.get(reverse("skills:verification")).content.decode()
    assert "Shadow Recruiting" in page
    assert "Not verified" in page
    refused = client.post(
        reverse("skills:verification"), {"company": company.pk, "enterprise_number": "12"}
    )
    page = refused.content.decode()
    assert "That enterprise number is not valid" in page
    # The message explains the format; it does not look like an echo of what was typed.
    assert "0123.456.749" not in page
    client.post(reverse("skills:verification"), {"company": company.pk, "enterprise_number": VALID})
    company.refresh_from_db()
    assert company.verification == Verification.REQUESTED


def test_a_suspended_employers_vacancy_is_not_readable_by_id(
    api_as, recruiter_a, company_a, vacancy, campus_admin, learner
):
    assert api_as(learner).get(f"/api/v1/vacancies/{vacancy.pk}").status_code == 200
    organisation_suspend(actor=campus_admin, organisation=company_a)
    assert api_as(learner).get(f"/api/v1/vacancies/{vacancy.pk}").status_code == 404
