"""The hires API: an employer fills openings, the learner confirms, the vacancy closes."""

import pytest

from biocampus.conftest import UserFactory, member
from biocampus.outcomes.services import INVITATIONS_PER_DAY

pytestmark = pytest.mark.django_db

BODY = {"start_date": "2027-02-01", "contract": "permanent"}


def test_an_employer_hires_a_candidate_who_confirms_then_closes_the_vacancy(
    api_as, vacancy, recruiter_a, recruiter_b, hired_candidate
):
    employer = api_as(recruiter_a)
    url = f"/api/v1/vacancies/{vacancy.pk}/hires"
    created = employer.post(url, BODY | {"learner": hired_candidate.pk})
    assert created.status_code == 201, created.content
    hire = created.json()
    assert (hire["source"], hire["status"]) == ("campus", "pending")
    assert employer.get(url).json()["fill_state"] == "open"

    # Another company sees nothing of it, and the learner alone answers.
    assert api_as(recruiter_b).get(url).status_code == 403
    assert employer.post(f"/api/v1/hires/{hire['id']}/answer", {"accept": True}).status_code == 404
    answered = api_as(hired_candidate).post(f"/api/v1/hires/{hire['id']}/answer", {"accept": True})
    assert answered.json()["status"] == "confirmed"

    external = employer.post(url, BODY)
    assert external.json()["source"] == "external"
    listed = employer.get(url).json()
    assert (listed["fill_state"], listed["filled"], listed["openings"]) == ("filled", 2, 2)
    assert listed["time_to_fill_days"] >= 0
    closed = employer.post(f"/api/v1/vacancies/{vacancy.pk}/close", {"reason": "filled"})
    assert closed.json() == {
        "id": vacancy.pk,
        "status": "closed",
        "closed_reason": "filled",
        "fill_state": "filled",
    }


def test_hire_errors_are_json_and_clear(api_as, vacancy, recruiter_a, hired_candidate):
    employer = api_as(recruiter_a)
    url = f"/api/v1/vacancies/{vacancy.pk}/hires"
    both = employer.post(url, BODY | {"learner": hired_candidate.pk, "learner_email": "a@b.c"})
    assert (both.status_code, both.json()["code"]) == (400, "learner_twice")
    bad = employer.post(url, BODY | {"contract": "forever"})
    assert bad.status_code == 422
    nobody = employer.post(url, BODY | {"learner_email": "nobody@example.test"})
    assert (nobody.status_code, nobody.json()["code"]) == (400, "unknown_learner")
    assert (
        employer.post(f"/api/v1/vacancies/{vacancy.pk}/close", {"reason": "filled"}).json()["code"]
        == "not_filled"
    )


def test_a_learner_named_by_email_is_not_named_back_before_confirming(
    api_as, client, vacancy, recruiter_a
):
    learner = UserFactory(full_name="Inès Invited")
    employer = api_as(recruiter_a)
    url = f"/api/v1/vacancies/{vacancy.pk}/hires"
    created = employer.post(url, BODY | {"learner_email": learner.email.upper()}).json()
    assert (created["learner"], created["learner_name"], created["status"]) == (
        None,
        None,
        "pending",
    )
    (listed,) = employer.get(url).json()["items"]
    assert (listed["learner"], listed["learner_name"]) == (None, None)
    client.force_login(recruiter_a)
    page = client.get(f"/skills/hiring/vacancies/{vacancy.pk}/").content.decode()
    assert "Inès Invited" not in page
    assert "named once they confirm" in page

    api_as(learner).post(f"/api/v1/hires/{created['id']}/answer", {"accept": True})
    (listed,) = employer.get(url).json()["items"]
    assert (listed["learner"], listed["learner_name"]) == (learner.pk, "Inès Invited")
    assert "Inès Invited" in client.get(f"/skills/hiring/vacancies/{vacancy.pk}/").content.decode()


def test_the_page_does_not_name_someone_invited_by_email(client, vacancy, recruiter_a):
    invited = UserFactory(full_name="Secret Name")
    client.force_login(recruiter_a)
    response = client.post(
        f"/outcomes/vacancies/{vacancy.pk}/hires/",
        {
            "who": "email",
            "learner_email": invited.email,
            "start_date": "2027-02-01",
            "contract": "permanent",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "the person you invited confirms it by e-mail" in page
    assert "Secret Name" not in page


def test_someone_who_declined_is_not_invited_again(api_as, vacancy, recruiter_a):
    invited = UserFactory()
    employer = api_as(recruiter_a)
    url = f"/api/v1/vacancies/{vacancy.pk}/hires"
    hire = employer.post(url, BODY | {"learner_email": invited.email}).json()
    api_as(invited).post(f"/api/v1/hires/{hire['id']}/answer", {"accept": False})
    again = employer.post(url, BODY | {"learner_email": invited.email})
    assert again.status_code == 409
    assert again.json()["code"] == "declined"


def test_a_company_names_at_most_twenty_people_by_email_a_day(
    api_as, vacancy, recruiter_a, company_a
):
    employer = api_as(recruiter_a)
    url = f"/api/v1/vacancies/{vacancy.pk}/hires"
    # Unknown addresses count too: probing which addresses have an account is the point.
    for n in range(INVITATIONS_PER_DAY):
        assert employer.post(url, BODY | {"learner_email": f"x{n}@example.test"}).status_code == 400
    colleague = api_as(member(company_a, "recruiter", email="colleague@example.test"))
    refused = colleague.post(url, BODY | {"learner_email": UserFactory().email})
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_invitations"
    assert employer.post(url, BODY).status_code == 201  # external hires are not limited
