"""After signing in, each person lands on their own home: one block per role they hold."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accounts.models import Role
from biocampus.catalog.models import Meeting, Session
from biocampus.conftest import PASSWORD, UserFactory, make_session, member
from biocampus.enrolment import services as enrolment_services
from biocampus.enrolment.models import Enrolment

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def blocks(response) -> set[str]:
    return {name for name, block in response.context["blocks"].items() if block is not None}


def move_to_past(session: Session, *, days: int = 2) -> None:
    """Time passes: the session ran `days` ago (services refuse to schedule the past)."""
    start = timezone.now() - dt.timedelta(days=days)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
        enrolment_deadline=start - dt.timedelta(days=1),
    )
    Meeting.objects.filter(session=session).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=7)
    )


def test_visitors_get_the_landing_page_and_signed_in_people_their_home(client, learner):
    response = client.get("/")
    assert "portal/home.html" in [t.name for t in response.templates]
    assert "The four pillars" in response.content.decode()
    response = home(client, learner)
    assert "portal/home/personal.html" in [t.name for t in response.templates]
    # The landing page stays one click away.
    assert "The four pillars" in client.get("/?welcome").content.decode()


def test_signing_in_lands_on_the_home(client, learner):
    response = client.post(
        "/accounts/login/", {"login": learner.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "portal/home/personal.html" in [t.name for t in response.templates]


def test_a_learner_sees_next_sessions_and_waiting_list_positions(
    client, learner, staff_a, programme_a, session_a
):
    enrolment_services.enrolment_create(actor=learner, session_id=session_a.pk)
    full = make_session(staff_a, programme_a, capacity=1, days=20)
    enrolment_services.enrolment_create(actor=UserFactory(), session_id=full.pk)
    enrolment_services.enrolment_create(actor=UserFactory(), session_id=full.pk)
    enrolment_services.enrolment_create(actor=learner, session_id=full.pk)
    response = home(client, learner)
    assert blocks(response) == {"learner"}
    block = response.context["blocks"]["learner"]
    assert [e.session_id for e in block["upcoming"]] == [session_a.pk]
    assert [(e.session_id, e.waitlist_position) for e in block["waiting"]] == [(full.pk, 2)]
    html = response.content.decode()
    assert programme_a.title in html
    assert "position 2" in html
    # One date format: day month year and the 24-hour clock.
    local = timezone.localtime(session_a.starts_at)
    assert f"{local.day} {local:%B} {local.year}, {local:%H:%M}" in html


def test_a_new_account_gets_a_place_to_start(client):
    response = home(client, UserFactory())
    assert blocks(response) == {"learner"}
    html = response.content.decode()
    assert "No session booked." in html
    assert "Choose a target job" in html


def test_a_teacher_sees_class_bookings(client, teacher, session_a):
    enrolment_services.enrolment_create(
        actor=teacher, session_id=session_a.pk, seats=3, group_name="5e B"
    )
    response = home(client, teacher)
    assert "teacher" in blocks(response)
    assert [e.group_name for e in response.context["blocks"]["teacher"]["bookings"]] == ["5e B"]
    # A class booking is not the teacher's own training.
    assert "learner" not in blocks(response)


def test_staff_see_the_week_with_fill_rates_and_waiting_lists(client, staff_a, programme_a):
    soon = make_session(staff_a, programme_a, capacity=2, days=3)
    later = make_session(staff_a, programme_a, capacity=2, days=20)
    for _n in range(3):
        enrolment_services.enrolment_create(actor=UserFactory(), session_id=soon.pk)
    response = home(client, staff_a)
    assert blocks(response) == {"operator"}
    week = response.context["blocks"]["operator"]["week"]
    assert [line.session.pk for line in week] == [soon.pk]
    assert later.pk not in [line.session.pk for line in week]
    assert (week[0].fill_rate, week[0].waiting) == (100, 1)
    assert "2 of 2 seats (100 %)" in response.content.decode()


def test_staff_are_told_of_attendance_to_mark_then_outcomes_to_record(
    client, staff_a, programme_a, staff_b
):
    session = make_session(staff_a, programme_a, capacity=5, days=3)
    enrolment = enrolment_services.enrolment_create(actor=UserFactory(), session_id=session.pk)
    move_to_past(session)
    todo = home(client, staff_a).context["blocks"]["operator"]
    assert [m.session_id for m in todo["to_mark"]] == [session.pk]
    assert [s.pk for s in todo["to_close"]] == [session.pk]
    assert todo["to_close"][0].open_outcomes == 1
    # Another operator's staff are not given this operator's work.
    other = home(client, staff_b).context["blocks"]["operator"]
    assert other["to_mark"] == []
    assert other["to_close"] == []

    meeting = session.meetings.get()
    enrolment_services.attendance_mark(
        actor=staff_a, enrolment=enrolment, meeting=meeting, present=True
    )
    todo = home(client, staff_a).context["blocks"]["operator"]
    assert todo["to_mark"] == []
    enrolment_services.enrolment_record_outcome(
        actor=staff_a, enrolment=Enrolment.objects.get(pk=enrolment.pk), outcome="completed"
    )
    todo = home(client, staff_a).context["blocks"]["operator"]
    assert todo["to_close"] == []
    assert "Nothing waits for you" in home(client, staff_a).content.decode()


def test_the_campus_admin_sees_the_overview(client, campus_admin, session_a, learner):
    enrolment_services.enrolment_create(actor=learner, session_id=session_a.pk)
    response = home(client, campus_admin)
    assert "campus" in blocks(response)
    assert response.context["blocks"]["campus"]["active_enrolments"] == 1
    assert "The campus today" in response.content.decode()


def test_several_roles_get_their_blocks_together(client, operator_a, session_a):
    person = member(operator_a, Role.STAFF, audience="job_seeker")
    enrolment_services.enrolment_create(actor=person, session_id=session_a.pk)
    assert blocks(home(client, person)) == {"operator", "learner"}


def test_the_home_costs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, staff_a, programme_a
):
    for days in (1, 2, 3, 4, 5, 6):
        session = make_session(staff_a, programme_a, capacity=2, days=days)
        enrolment_services.enrolment_create(actor=UserFactory(), session_id=session.pk)
    client.force_login(staff_a)
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200
