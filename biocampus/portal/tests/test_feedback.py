"""Messages that tell the truth about what happened."""

import pytest

from biocampus.conftest import UserFactory, make_session
from biocampus.enrolment import services as enrolment_services

pytestmark = pytest.mark.django_db


def other_class(session, seats: int) -> None:
    enrolment_services.enrolment_create(
        actor=UserFactory(audience="teacher"), session_id=session.pk, seats=seats
    )


def test_a_class_too_big_for_the_seats_left_is_told_how_many_are_left(
    client, teacher, staff_a, programme_a
):
    session = make_session(staff_a, programme_a, capacity=12)
    other_class(session, 10)
    client.force_login(teacher)
    response = client.post(
        f"/sessions/{session.pk}/enrol/", {"seats": 10, "group_name": "5e B"}, follow=True
    )
    body = response.content.decode()
    assert "2 seats left: your class of 10 is on the waiting list, position 1." in body
    assert "The session is full" not in body


def test_a_class_for_a_full_session_is_told_it_is_full(client, teacher, staff_a, programme_a):
    session = make_session(staff_a, programme_a, capacity=12)
    other_class(session, 12)
    other_class(session, 2)
    client.force_login(teacher)
    response = client.post(
        f"/sessions/{session.pk}/enrol/", {"seats": 4, "group_name": "5e B"}, follow=True
    )
    assert (
        "The session is full: your class of 4 is on the waiting list, position 2."
        in response.content.decode()
    )


def test_a_target_job_shows_that_it_is_the_target(client, learner):
    from biocampus.skills.models import Framework, Occupation

    framework = Framework.objects.create(slug="t", name="T", version="1")
    job = Occupation.objects.create(
        framework=framework, uri="urn:t:job", code="job", kind="occupation", labels={"en": "QC"}
    )
    client.force_login(learner)
    assert "Make this my target job" in client.get(f"/skills/jobs/{job.pk}/").content.decode()
    client.post(f"/skills/jobs/{job.pk}/target/")
    page = client.get(f"/skills/jobs/{job.pk}/").content.decode()
    assert "Make this my target job" not in page
    assert "Your target job" in page
