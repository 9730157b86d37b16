"""The pages: an employer records a hire on the vacancy's page, the learner is asked by
e-mail and confirms on their jobs page, and the vacancy's fill state follows."""

import pytest

from biocampus.conftest import UserFactory
from biocampus.outbox.delivery import send_all_due
from biocampus.outcomes.models import Hire, JobOutcome

pytestmark = pytest.mark.django_db


def test_an_employer_records_a_hire_the_learner_confirms(
    client, mailoutbox, vacancy, recruiter_a, hired_candidate
):
    client.force_login(recruiter_a)
    page = client.get(f"/skills/hiring/vacancies/{vacancy.pk}/").content.decode()
    assert "0 of 2 openings filled" in page
    assert f'<option value="{hired_candidate.pk}">' in page  # accepted contact: can be picked
    response = client.post(
        f"/outcomes/vacancies/{vacancy.pk}/hires/",
        {"who": str(hired_candidate.pk), "start_date": "2027-02-01", "contract": "permanent"},
        follow=True,
    )
    assert "it counts once" in response.content.decode()
    hire = Hire.objects.get()
    send_all_due()
    assert [m.to for m in mailoutbox] == [[hired_candidate.email]]
    assert "/outcomes/me/" in mailoutbox[0].body
    assert vacancy.title in mailoutbox[0].body

    client.force_login(hired_candidate)
    home = client.get("/").content.decode()
    assert "An employer says you were hired" in home
    mine = client.get("/outcomes/me/").content.decode()
    assert vacancy.title in mine
    client.post(f"/outcomes/hires/{hire.pk}/answer/", {"accept": "1"})
    assert JobOutcome.objects.get(learner=hired_candidate).status == "employed"

    client.force_login(recruiter_a)
    page = client.get(f"/skills/hiring/vacancies/{vacancy.pk}/").content.decode()
    assert "1 of 2 openings filled" in page
    assert "Partly filled" in page


def test_someone_else_cannot_answer_or_record(
    client, vacancy, recruiter_b, hired_candidate, recruiter_a
):
    import datetime as dt

    from biocampus.outcomes.services import hire_record

    hire = hire_record(
        actor=recruiter_a,
        vacancy=vacancy,
        learner=hired_candidate,
        start_date=dt.date(2027, 2, 1),
        contract="permanent",
    )
    client.force_login(recruiter_b)
    assert client.post(f"/outcomes/hires/{hire.pk}/answer/", {"accept": "1"}).status_code == 404
    refused = client.post(
        f"/outcomes/vacancies/{vacancy.pk}/hires/",
        {"who": "external", "start_date": "2027-02-01", "contract": "permanent"},
    )
    assert refused.status_code == 403
    assert Hire.objects.count() == 1


def test_an_email_is_needed_to_name_a_learner_by_email(client, vacancy, recruiter_a):
    client.force_login(recruiter_a)
    response = client.post(
        f"/outcomes/vacancies/{vacancy.pk}/hires/",
        {"who": "email", "start_date": "2027-02-01", "contract": "permanent"},
        follow=True,
    )
    assert "Give the learner&#x27;s e-mail address." in response.content.decode()
    assert not Hire.objects.exists()


def test_a_learner_says_where_they_stand_and_corrects_it(client, learner):
    client.force_login(learner)
    refused = client.post("/outcomes/me/", {"status": "employed", "employer_name": "NovaFerm"})
    assert refused.status_code == 400
    assert "Give the date the job started." in refused.content.decode()
    client.post(
        "/outcomes/me/",
        {
            "status": "employed",
            "employer_name": "NovaFerm",
            "start_date": "2027-01-04",
            "in_region": "yes",
        },
    )
    outcome = JobOutcome.objects.get(learner=learner)
    assert (outcome.employer_name, outcome.in_region) == ("NovaFerm", True)
    page = client.get("/outcomes/me/").content.decode()
    assert "NovaFerm" in page
    client.post(
        f"/outcomes/me/{outcome.pk}/",
        {
            "status": "employed",
            "employer_name": "NovaFerm SA",
            "start_date": "2027-01-11",
            "in_region": "no",
        },
    )
    outcome.refresh_from_db()
    assert (outcome.employer_name, str(outcome.start_date), outcome.in_region) == (
        "NovaFerm SA",
        "2027-01-11",
        False,
    )
    client.force_login(UserFactory())
    assert client.get(f"/outcomes/me/{outcome.pk}/").status_code == 404
