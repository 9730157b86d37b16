import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from biocampus.catalog import services as catalog_services
from biocampus.catalog.models import Programme, ProgrammeStatus, Session, SessionStatus
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.conftest import UserFactory, make_session
from biocampus.enrolment import services
from biocampus.enrolment.models import Enrolment, EnrolmentStatus


def enrol(user, session, seats=1, **kw):
    return services.enrolment_create(actor=user, session_id=session.pk, seats=seats, **kw)


def test_learner_is_confirmed_while_seats_remain(session_a, learner):
    enrolment = enrol(learner, session_a)
    session_a.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CONFIRMED
    assert session_a.confirmed_seats == 1
    assert session_a.seats_left == 2


def test_learner_is_waitlisted_with_a_position_when_full(session_a):
    users = UserFactory.create_batch(5)
    results = [enrol(u, session_a) for u in users]
    assert [r.status for r in results] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [r.waitlist_position for r in results] == [None, None, None, 1, 2]


def test_second_enrolment_of_the_same_learner_is_a_duplicate(session_a, learner):
    enrol(learner, session_a)
    with pytest.raises(Conflict) as exc:
        enrol(learner, session_a)
    assert exc.value.code == "duplicate"
    assert Enrolment.objects.filter(session=session_a).count() == 1


def test_learner_may_enrol_again_after_cancelling(session_a, learner):
    first = enrol(learner, session_a)
    services.enrolment_cancel(actor=learner, enrolment=first)
    again = enrol(learner, session_a)
    assert again.status == EnrolmentStatus.CONFIRMED


def test_database_refuses_a_second_active_enrolment_even_without_the_service(session_a, learner):
    enrol(learner, session_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(session=session_a, learner=learner, status="waitlisted")


def test_database_refuses_to_oversell_even_without_the_service(session_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session_a.pk).update(confirmed_seats=4)


def test_no_enrolment_after_the_deadline(staff_a, programme_a, learner):
    session = make_session(
        staff_a, programme_a, days=1, enrolment_deadline=timezone.now() + dt.timedelta(seconds=1)
    )
    Session.objects.filter(pk=session.pk).update(
        enrolment_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(Conflict) as exc:
        enrol(learner, session)
    assert exc.value.code == "deadline_passed"


def test_no_enrolment_in_a_cancelled_session(staff_a, session_a, learner):
    catalog_services.session_cancel(actor=staff_a, session=session_a)
    with pytest.raises(Conflict) as exc:
        enrol(learner, session_a)
    assert exc.value.code == "session_cancelled"


def test_no_enrolment_in_a_completed_session(session_a, learner):
    Session.objects.filter(pk=session_a.pk).update(status=SessionStatus.COMPLETED)
    with pytest.raises(Conflict) as exc:
        enrol(learner, session_a)
    assert exc.value.code == "session_closed"
    assert not Enrolment.objects.exists()


def test_a_programme_that_is_not_published_takes_no_enrolment(staff_a, session_a, learner):
    Programme.objects.filter(pk=session_a.programme_id).update(status=ProgrammeStatus.DRAFT)
    with pytest.raises(NotFound):
        enrol(learner, session_a)  # hidden from the learner
    with pytest.raises(Conflict) as exc:
        enrol(staff_a, session_a)  # the operator's staff see it, and are told why
    assert exc.value.code == "not_published"
    assert not Enrolment.objects.exists()


def test_group_booking_takes_all_seats_at_once(session_a, teacher):
    enrolment = enrol(teacher, session_a, seats=3, group_name="5e B")
    session_a.refresh_from_db()
    assert enrolment.status == "confirmed"
    assert session_a.confirmed_seats == 3


def test_group_that_does_not_fit_is_waitlisted_whole(session_a, teacher, learner):
    enrol(learner, session_a)
    enrolment = enrol(teacher, session_a, seats=3)
    session_a.refresh_from_db()
    assert enrolment.status == "waitlisted"
    assert session_a.confirmed_seats == 1


def test_group_larger_than_the_session_is_refused(session_a, teacher):
    with pytest.raises(DomainError) as exc:
        enrol(teacher, session_a, seats=4)
    assert exc.value.code == "group_too_large"
    assert not Enrolment.objects.exists()


def test_only_teachers_book_several_seats(session_a, learner):
    with pytest.raises(Forbidden):
        enrol(learner, session_a, seats=2)


def test_cancelling_promotes_the_waiting_list_in_order(session_a):
    users = UserFactory.create_batch(5)
    enrolments = [enrol(u, session_a) for u in users]
    services.enrolment_cancel(actor=users[0], enrolment=enrolments[0])
    statuses = dict(Enrolment.objects.values_list("learner_id", "status"))
    assert statuses[users[3].pk] == "confirmed"
    assert statuses[users[4].pk] == "waitlisted"
    enrolments[4].refresh_from_db()
    assert enrolments[4].waitlist_position == 1


def test_a_group_that_no_longer_fits_is_skipped_not_split(session_a, teacher):
    a, b, c, d = UserFactory.create_batch(4)
    first = enrol(a, session_a)
    enrol(b, session_a)
    enrol(c, session_a)
    group = enrol(teacher, session_a, seats=2)
    single = enrol(d, session_a)
    services.enrolment_cancel(actor=a, enrolment=first)
    group.refresh_from_db()
    single.refresh_from_db()
    assert group.status == "waitlisted"
    assert group.waitlist_position == 1
    assert single.status == "confirmed"


REASON = "The trainer's ill & so <sorry>."


def test_cancelling_a_session_cancels_everyone_and_notifies(
    staff_a, session_a, django_capture_on_commit_callbacks
):
    users = UserFactory.create_batch(4)
    for u in users:
        enrol(u, session_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.session_cancel(actor=staff_a, session=session_a, reason=REASON)
    session_a.refresh_from_db()
    assert session_a.status == SessionStatus.CANCELLED
    assert session_a.confirmed_seats == 0
    assert set(Enrolment.objects.values_list("status", flat=True)) == {"cancelled"}
    # The enrolments' own confirmations were still waiting in the outbox: they go too.
    told = [m for m in mail.outbox if "The reason they gave" in m.body]
    assert sorted(m.to[0] for m in told) == sorted(u.email for u in users)
    # Plain-text mail: the operator's words arrive as typed, not HTML-escaped.
    assert all(f"The reason they gave: {REASON}" in m.body for m in told)


def test_confirmation_and_promotion_emails_are_sent(session_a, django_capture_on_commit_callbacks):
    a, b, c, d = UserFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        first = enrol(a, session_a)
    assert "confirmed" in mail.outbox[-1].subject
    for u in (b, c, d):
        with django_capture_on_commit_callbacks(execute=True):
            enrol(u, session_a)
    assert "waiting list" in mail.outbox[-1].subject
    assert "number 1 on the waiting list" in mail.outbox[-1].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(actor=a, enrolment=first)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "cancelled" in subjects[a.email]
    assert "seat freed up" in subjects[d.email]


def test_emails_use_the_learners_language(session_a, django_capture_on_commit_callbacks):
    francophone = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        enrol(francophone, session_a)
    assert "confirmée" in mail.outbox[-1].subject


def test_another_operator_cannot_cancel_a_learners_enrolment(session_a, learner, staff_b):
    enrolment = enrol(learner, session_a)
    with pytest.raises(Forbidden):
        services.enrolment_cancel(actor=staff_b, enrolment=enrolment)


def test_outcome_needs_a_started_session(staff_a, session_a, learner):
    enrolment = enrol(learner, session_a)
    with pytest.raises(Conflict) as exc:
        services.enrolment_record_outcome(actor=staff_a, enrolment=enrolment, outcome="completed")
    assert exc.value.code == "not_started"


def _start_now(session):
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(starts_at=now - dt.timedelta(hours=1))
    session.refresh_from_db()


def test_trainer_records_completion_and_attendance(trainer_a, session_a, learner):
    enrolment = enrol(learner, session_a)
    _start_now(session_a)
    meeting = session_a.meetings.first()
    mark = services.attendance_mark(
        actor=trainer_a, enrolment=enrolment, meeting=meeting, present=True
    )
    assert mark.present is True
    done = services.enrolment_record_outcome(
        actor=trainer_a, enrolment=enrolment, outcome="completed"
    )
    assert done.status == "completed"
    session_a.refresh_from_db()
    assert session_a.confirmed_seats == 1


def test_waitlisted_learner_cannot_be_completed(staff_a, session_a):
    users = UserFactory.create_batch(4)
    enrolments = [enrol(u, session_a) for u in users]
    _start_now(session_a)
    with pytest.raises(Conflict):
        services.enrolment_record_outcome(
            actor=staff_a, enrolment=enrolments[3], outcome="completed"
        )


def test_raising_capacity_promotes_the_waiting_list(staff_a, session_a):
    from biocampus.catalog.services import session_update

    users = UserFactory.create_batch(5)
    for u in users:
        enrol(u, session_a)
    session_update(
        actor=staff_a,
        session=session_a,
        starts_at=session_a.starts_at,
        ends_at=session_a.ends_at,
        capacity=5,
        enrolment_deadline=session_a.enrolment_deadline,
    )
    assert Enrolment.objects.filter(status="confirmed").count() == 5


def test_capacity_cannot_drop_below_seats_taken(staff_a, session_a):
    from biocampus.catalog.services import session_update

    for u in UserFactory.create_batch(3):
        enrol(u, session_a)
    with pytest.raises(Conflict) as exc:
        session_update(
            actor=staff_a,
            session=session_a,
            starts_at=session_a.starts_at,
            ends_at=session_a.ends_at,
            capacity=2,
            enrolment_deadline=session_a.enrolment_deadline,
        )
    assert exc.value.code == "capacity_below_taken"
