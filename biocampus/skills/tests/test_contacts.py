"""A candidate's e-mail address reaches an employer only once the learner accepts that
employer's contact request (pages and API alike)."""

import pytest
from django.urls import reverse

from biocampus.common.errors import Conflict, Forbidden, NotFound
from biocampus.common.models import AuditEvent
from biocampus.conftest import UserFactory
from biocampus.skills.models import ContactRequest, LearnerSkill
from biocampus.skills.services.contacts import contact_request_answer, contact_request_create
from biocampus.skills.services.profiles import consent_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate_user(skills):
    user = UserFactory(full_name="Cara Candidate", email="cara@example.test")
    LearnerSkill.objects.create(learner=user, skill=skills["hplc"], source="verified")
    consent_set(actor=user, findable=True)
    return user


def test_the_candidate_list_hides_the_address_until_the_learner_accepts(
    api_as, recruiter_a, recruiter_b, vacancy, candidate_user
):
    api = api_as(recruiter_a)
    listed = api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").json()["items"]
    assert [(c["name"], c["email"], c["contact"]) for c in listed] == [
        ("Cara Candidate", None, None)
    ]
    one = api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates/{candidate_user.pk}").json()
    assert one["email"] is None
    asked = api.post(
        f"/api/v1/vacancies/{vacancy.pk}/candidates/{candidate_user.pk}/contact",
        {"message": "We would like to meet you."},
    )
    assert (asked.status_code, asked.json()["status"]) == (201, "pending")
    again = api.post(f"/api/v1/vacancies/{vacancy.pk}/candidates/{candidate_user.pk}/contact", {})
    assert (again.status_code, again.json()["code"]) == (409, "already_asked")
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").json()["items"][0]["email"] is None

    mine = api_as(candidate_user).get("/api/v1/me/contact-requests").json()
    assert [(c["employer"], c["status"]) for c in mine] == [("NovaFerm", "pending")]
    # Nobody but the learner answers.
    assert (
        api_as(recruiter_b)
        .post(f"/api/v1/me/contact-requests/{mine[0]['id']}", {"accept": True})
        .status_code
        == 404
    )
    accepted = api_as(candidate_user).post(
        f"/api/v1/me/contact-requests/{mine[0]['id']}", {"accept": True}
    )
    assert accepted.json()["status"] == "accepted"
    listed = api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").json()["items"]
    assert (listed[0]["email"], listed[0]["contact"]) == ("cara@example.test", "accepted")
    assert set(
        AuditEvent.objects.filter(action__startswith="contact.").values_list("action", flat=True)
    ) == {
        "contact.request",
        "contact.accepted",
    }


def test_a_declined_request_keeps_the_address_hidden_and_is_not_asked_again(
    recruiter_a, vacancy, candidate_user
):
    request = contact_request_create(
        actor=recruiter_a, vacancy=vacancy, learner_id=candidate_user.pk
    )
    contact_request_answer(actor=candidate_user, request=request, accept=False)
    with pytest.raises(Conflict):
        contact_request_answer(actor=candidate_user, request=request, accept=True)
    with pytest.raises(Conflict):
        contact_request_create(actor=recruiter_a, vacancy=vacancy, learner_id=candidate_user.pk)
    assert ContactRequest.objects.get().status == "declined"


def test_only_the_employer_asks_and_only_a_consenting_candidate(
    recruiter_b, recruiter_a, vacancy, candidate_user, learner
):
    with pytest.raises(Forbidden):
        contact_request_create(actor=recruiter_b, vacancy=vacancy, learner_id=candidate_user.pk)
    with pytest.raises(NotFound):  # did not agree to be found
        contact_request_create(actor=recruiter_a, vacancy=vacancy, learner_id=learner.pk)
    request = contact_request_create(
        actor=recruiter_a, vacancy=vacancy, learner_id=candidate_user.pk
    )
    with pytest.raises(Forbidden):
        contact_request_answer(actor=recruiter_a, request=request, accept=True)


def test_pages_ask_answer_and_then_show_the_address(client, recruiter_a, vacancy, candidate_user):
    client.force_login(recruiter_a)
    page = client.get(reverse("skills:vacancy", args=[vacancy.pk])).content.decode()
    assert "Cara Candidate" in page
    assert "cara@example.test" not in page
    client.post(reverse("skills:contact_request", args=[vacancy.pk, candidate_user.pk]))
    assert (
        "waiting for their answer"
        in client.get(reverse("skills:vacancy", args=[vacancy.pk])).content.decode()
    )
    client.force_login(candidate_user)
    mine = client.get(reverse("skills:my_skills")).content.decode()
    assert "NovaFerm" in mine
    request = ContactRequest.objects.get()
    client.post(reverse("skills:contact_accept", args=[request.pk]))
    client.force_login(recruiter_a)
    page = client.get(reverse("skills:vacancy", args=[vacancy.pk])).content.decode()
    assert "mailto:cara@example.test" in page
