import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from biocampus.common.errors import DomainError, Forbidden
from biocampus.conftest import make_session
from biocampus.enrolment.models import Enrolment
from biocampus.facilities.models import Booking
from biocampus.facilities.services import (
    BookingConflict,
    booking_approve,
    booking_cancel,
    booking_create,
    maintenance_block,
)
from biocampus.facilities.tests.conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def book(actor, resource, org, start, end, **extra):
    return booking_create(
        actor=actor,
        resource_id=resource.pk,
        organisation_id=org.pk,
        starts_at=start,
        ends_at=end,
        purpose=extra.pop("purpose", "session"),
        **extra,
    )


def test_touching_ranges_do_not_clash_overlapping_ones_do(staff_a, operator_a, lab):
    day = next_weekday(1)
    book(staff_a, lab, operator_a, at(day, 10), at(day, 11))
    book(staff_a, lab, operator_a, at(day, 11), at(day, 12))  # touching: fine
    with pytest.raises(BookingConflict) as exc:
        book(staff_a, lab, operator_a, at(day, 10, 30), at(day, 11, 30))
    assert exc.value.status == 409
    clashing = exc.value.conflicts[0]["bookings"]
    assert len(clashing) == 2
    assert Booking.objects.count() == 2


def test_weekly_recurrence_keeps_local_time_across_daylight_saving(staff_a, operator_a, lab):
    # Brussels moves to summer time on 28 March 2027; 09:00 stays 09:00 local.
    start = at(dt.date(2027, 3, 16), 9)
    result = book(
        staff_a,
        lab,
        operator_a,
        start,
        start + dt.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=4",
        exdates=["2027-03-23"],
    )
    local = [timezone.localtime(b.starts_at) for b in result.bookings]
    assert [d.date().isoformat() for d in local] == ["2027-03-16", "2027-03-30", "2027-04-06"]
    assert {d.hour for d in local} == {9}
    utc_hours = [b.starts_at.astimezone(dt.UTC).hour for b in result.bookings]
    assert utc_hours == [8, 7, 7]
    assert result.bookings[0].series.rrule == "FREQ=WEEKLY;COUNT=4"


def test_recurrence_is_all_or_nothing_unless_free_only(
    staff_a, staff_b, operator_a, operator_b, lab
):
    monday = next_weekday(0, weeks=2)
    book(
        staff_b,
        lab,
        operator_b,
        at(monday + dt.timedelta(days=7), 9),
        at(monday + dt.timedelta(days=7), 12),
    )
    with pytest.raises(BookingConflict) as exc:
        book(staff_a, lab, operator_a, at(monday, 10), at(monday, 11), rrule="FREQ=WEEKLY;COUNT=3")
    assert len(exc.value.conflicts) == 1  # the second week
    assert timezone.localtime(exc.value.conflicts[0]["starts_at"]).date() == monday + dt.timedelta(
        days=7
    )
    assert Booking.objects.filter(organisation=operator_a).count() == 0

    result = book(
        staff_a,
        lab,
        operator_a,
        at(monday, 10),
        at(monday, 11),
        rrule="FREQ=WEEKLY;COUNT=3",
        free_only=True,
    )
    assert len(result.bookings) == 2
    assert len(result.skipped) == 1
    with pytest.raises(DomainError, match="give an end"):
        book(staff_a, lab, operator_a, at(monday, 10), at(monday, 11), rrule="FREQ=WEEKLY")


def test_opening_hours_and_times(staff_a, operator_a, lab):
    day = next_weekday(5)  # Saturday: closed
    with pytest.raises(DomainError) as exc:
        book(staff_a, lab, operator_a, at(day, 10), at(day, 11))
    assert exc.value.code == "closed"
    tuesday = next_weekday(1)
    with pytest.raises(DomainError, match="end after"):
        book(staff_a, lab, operator_a, at(tuesday, 11), at(tuesday, 10))
    with pytest.raises(DomainError) as exc:
        book(staff_a, lab, operator_a, at(tuesday, 7), at(tuesday, 9))
    assert exc.value.code == "closed"


def test_certification_gate(learner, staff_a, operator_a, cabinet, campus, staff_b, operator_b):
    from biocampus.accounts.models import Membership

    Membership.objects.create(user=learner, organisation=operator_b, role="trainer")
    day = next_weekday(2)
    with pytest.raises(Forbidden) as exc:
        book(learner, cabinet, operator_b, at(day, 10), at(day, 11))
    assert exc.value.code == "certification_required"
    # Completing the named programme opens the cabinet.
    session = make_session(
        staff_a,
        cabinet.certification,
        days=1,
        enrolment_deadline=timezone.now() + dt.timedelta(hours=1),
    )
    Enrolment.objects.create(session=session, learner=learner, status="completed", seats=1)
    assert book(learner, cabinet, operator_b, at(day, 10), at(day, 11)).bookings
    with pytest.raises(Forbidden):  # not a member of operator A
        book(learner, cabinet, operator_a, at(day, 12), at(day, 13))


def test_manager_approval_and_cancel(
    staff_a, staff_b, operator_a, operator_b, lab, facility_manager
):
    lab.approval = "manager"
    lab.save()
    day = next_weekday(3)
    first = book(staff_a, lab, operator_a, at(day, 9), at(day, 10)).bookings[0]
    second = book(staff_b, lab, operator_b, at(day, 9, 30), at(day, 10, 30)).bookings[0]
    assert (first.status, second.status) == ("requested", "requested")
    with pytest.raises(Forbidden):
        booking_approve(actor=staff_a, booking=first)
    booking_approve(actor=facility_manager, booking=first)
    with pytest.raises(BookingConflict) as exc:
        booking_approve(actor=facility_manager, booking=second)
    assert exc.value.conflicts[0]["bookings"][0]["id"] == first.pk
    with pytest.raises(Forbidden):
        booking_cancel(actor=staff_b, booking=first)
    booking_cancel(actor=staff_a, booking=first)
    assert booking_approve(actor=facility_manager, booking=second).status == "approved"


def test_maintenance_reports_then_displaces_clashing_bookings(
    staff_a, operator_a, lab, facility_manager
):
    day = next_weekday(4)
    taken = book(staff_a, lab, operator_a, at(day, 9), at(day, 12)).bookings[0]
    with pytest.raises(BookingConflict) as exc:
        maintenance_block(
            actor=facility_manager, resource_id=lab.pk, starts_at=at(day, 8), ends_at=at(day, 18)
        )
    assert exc.value.conflicts[0]["bookings"][0]["id"] == taken.pk
    block, displaced = maintenance_block(
        actor=facility_manager,
        resource_id=lab.pk,
        starts_at=at(day, 8),
        ends_at=at(day, 18),
        reason="Autoclave service",
        cancel_clashing=True,
    )
    taken.refresh_from_db()
    assert taken.status == "cancelled"
    assert displaced[0]["bookings"][0]["id"] == taken.pk
    assert block.purpose == "maintenance"
    with pytest.raises(BookingConflict):
        book(staff_a, lab, operator_a, at(day, 13), at(day, 14))
    with pytest.raises(Forbidden):
        maintenance_block(
            actor=staff_a, resource_id=lab.pk, starts_at=at(day, 8), ends_at=at(day, 9)
        )


def test_the_database_refuses_overlaps_on_postgresql(staff_a, operator_a, lab):
    day = next_weekday(1)
    row = {
        "resource": lab,
        "organisation": operator_a,
        "booked_by": staff_a,
        "purpose": "event",
        "status": "approved",
    }
    Booking.objects.create(starts_at=at(day, 9), ends_at=at(day, 11), **row)
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            Booking.objects.create(starts_at=at(day, 10), ends_at=at(day, 12), **row)
        # Touching and non-approved rows are allowed by the constraint.
        Booking.objects.create(starts_at=at(day, 11), ends_at=at(day, 12), **row)
        Booking.objects.create(
            starts_at=at(day, 9), ends_at=at(day, 12), **row | {"status": "requested"}
        )
    else:
        # SQLite holds no exclusion constraint; the service's serialised check does.
        with pytest.raises(BookingConflict):
            book(staff_a, lab, operator_a, at(day, 10), at(day, 12))
    assert (
        Booking.objects.filter(
            status="approved", starts_at__lt=at(day, 11), ends_at__gt=at(day, 10)
        ).count()
        == 1
    )


def test_session_meetings_take_a_room_and_cancelling_releases_it(
    staff_a, staff_b, programme_a, lab
):
    from biocampus.catalog.services import MeetingSlot, session_cancel, session_room_hold

    day = next_weekday(1, weeks=3)
    session = make_session(
        staff_a,
        programme_a,
        starts_at=at(day, 9),
        ends_at=at(day + dt.timedelta(days=1), 17),
        enrolment_deadline=at(day, 8),
        meetings=[
            MeetingSlot(at(day, 9), at(day, 17)),
            MeetingSlot(at(day + dt.timedelta(days=1), 9), at(day + dt.timedelta(days=1), 17)),
        ],
    )
    with pytest.raises(Forbidden):
        session_room_hold(actor=staff_b, session=session, resource_id=lab.pk)
    result = session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    assert [b.meeting_id for b in result.bookings] == [
        m.pk for m in session.meetings.order_by("starts_at")
    ]
    with pytest.raises(BookingConflict):  # the room is taken for both days now
        book(staff_a, lab, programme_a.operator, at(day, 10), at(day, 11))
    session_cancel(actor=staff_a, session=session, reason="Trainer ill")
    assert set(
        Booking.objects.filter(meeting__session=session).values_list("status", flat=True)
    ) == {"cancelled"}
    assert book(staff_a, lab, programme_a.operator, at(day, 10), at(day, 11)).bookings


def _day_session(actor, programme, day, meetings):
    """A session from 09:00 to 17:00 on `day` with these meetings."""
    return make_session(
        actor,
        programme,
        starts_at=at(day, 9),
        ends_at=at(day, 17),
        enrolment_deadline=at(day, 8),
        meetings=meetings,
    )


def _edit(actor, session, meetings, **changes):
    from biocampus.catalog.services import session_update

    return session_update(
        actor=actor,
        session=session,
        starts_at=changes.get("starts_at", session.starts_at),
        ends_at=changes.get("ends_at", session.ends_at),
        capacity=changes.get("capacity", session.capacity),
        enrolment_deadline=session.enrolment_deadline,
        location=session.location,
        meetings=meetings,
    )


def test_editing_a_session_keeps_its_room_and_cancelling_then_frees_it(staff_a, programme_a, lab):
    from biocampus.catalog.services import MeetingSlot, session_cancel, session_room_hold

    day = next_weekday(1, weeks=3)
    slots = [MeetingSlot(at(day, 9), at(day, 12)), MeetingSlot(at(day, 13), at(day, 16))]
    session = _day_session(staff_a, programme_a, day, slots)
    held = session_room_hold(actor=staff_a, session=session, resource_id=lab.pk).bookings
    meeting_ids = sorted(m.pk for m in session.meetings.all())

    # The operator saves the form unchanged but for the capacity, then moves the
    # afternoon meeting an hour later: the meetings are the same rows, the room moves too.
    _edit(staff_a, session, slots, capacity=10)
    moved = [slots[0], MeetingSlot(at(day, 14), at(day, 17))]
    _edit(staff_a, session, moved)
    assert sorted(m.pk for m in session.meetings.all()) == meeting_ids
    rows = Booking.objects.filter(pk__in=[b.pk for b in held]).order_by("starts_at")
    assert [(b.starts_at, b.ends_at, b.status) for b in rows] == [
        (at(day, 9), at(day, 12), "approved"),
        (at(day, 14), at(day, 17), "approved"),
    ]
    with pytest.raises(BookingConflict):  # the room is still held at the new time
        book(staff_a, lab, programme_a.operator, at(day, 16), at(day, 17))

    session_cancel(actor=staff_a, session=session, reason="Trainer ill")
    assert set(
        Booking.objects.filter(pk__in=[b.pk for b in held]).values_list("status", flat=True)
    ) == {"cancelled"}
    assert book(staff_a, lab, programme_a.operator, at(day, 9), at(day, 17)).bookings


def test_moving_a_meeting_onto_a_taken_room_refuses_the_whole_edit(
    staff_a, programme_a, operator_a, lab
):
    from biocampus.catalog.services import MeetingSlot, session_room_hold

    day = next_weekday(2, weeks=3)
    slots = [MeetingSlot(at(day, 9), at(day, 12))]
    session = _day_session(staff_a, programme_a, day, slots)
    session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    book(staff_a, lab, operator_a, at(day, 13), at(day, 15))
    with pytest.raises(BookingConflict):
        _edit(staff_a, session, [MeetingSlot(at(day, 12), at(day, 14))], capacity=9)
    session.refresh_from_db()
    assert session.capacity != 9  # nothing of the edit was kept
    meeting = session.meetings.get()
    assert (meeting.starts_at, meeting.ends_at) == (at(day, 9), at(day, 12))
    assert meeting.bookings.get().starts_at == at(day, 9)


def test_dropping_a_meeting_frees_its_room_and_a_new_one_can_take_it(staff_a, programme_a, lab):
    from biocampus.catalog.services import MeetingSlot, session_room_hold

    day = next_weekday(3, weeks=3)
    slots = [MeetingSlot(at(day, 9), at(day, 12)), MeetingSlot(at(day, 13), at(day, 16))]
    session = _day_session(staff_a, programme_a, day, slots)
    session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    _edit(staff_a, session, slots[:1])
    assert book(staff_a, lab, programme_a.operator, at(day, 13), at(day, 16)).bookings
    _edit(staff_a, session, [slots[0], MeetingSlot(at(day, 16), at(day, 17))])
    added = session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    assert [(b.starts_at, b.ends_at) for b in added.bookings] == [(at(day, 16), at(day, 17))]


def test_shifting_back_to_back_meetings_moves_their_rooms_together(
    staff_a, trainer_a, programme_a, lab
):
    from biocampus.catalog.services import MeetingSlot, session_room_hold

    day = next_weekday(4, weeks=3)
    slots = [MeetingSlot(at(day, 9), at(day, 10)), MeetingSlot(at(day, 10), at(day, 11))]
    session = _day_session(staff_a, programme_a, day, slots)
    session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    # Each meeting moves onto the other's old hour: no clash once both have moved.
    _edit(
        staff_a,
        session,
        [MeetingSlot(at(day, 10), at(day, 11)), MeetingSlot(at(day, 11), at(day, 12))],
    )
    held = Booking.objects.filter(meeting__session=session).order_by("starts_at")
    assert [(b.starts_at, b.ends_at, b.status) for b in held] == [
        (at(day, 10), at(day, 11), "approved"),
        (at(day, 11), at(day, 12), "approved"),
    ]


def test_moving_a_manager_approved_room_asks_the_manager_again(
    staff_a, programme_a, lab, facility_manager
):
    from biocampus.catalog.services import MeetingSlot, session_room_hold

    lab.approval = "manager"
    lab.save()
    day = next_weekday(4, weeks=4)
    session = _day_session(staff_a, programme_a, day, [MeetingSlot(at(day, 9), at(day, 12))])
    request = session_room_hold(actor=staff_a, session=session, resource_id=lab.pk).bookings[0]
    booking_approve(actor=facility_manager, booking=request)
    _edit(staff_a, session, [MeetingSlot(at(day, 13), at(day, 16))])
    request.refresh_from_db()
    assert (request.starts_at, request.status) == (at(day, 13), "requested")


def test_only_the_booking_organisation_moves_or_releases_its_rooms(
    staff_a, staff_b, programme_a, lab
):
    from biocampus.catalog.services import MeetingSlot, session_room_hold
    from biocampus.facilities.services import meeting_rooms_move, meeting_rooms_release

    day = next_weekday(3, weeks=4)
    session = _day_session(staff_a, programme_a, day, [MeetingSlot(at(day, 9), at(day, 12))])
    session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    meetings = list(session.meetings.all())
    with pytest.raises(Forbidden):
        meeting_rooms_release(actor=staff_b, meeting_ids=[m.pk for m in meetings])
    with pytest.raises(Forbidden):
        meeting_rooms_move(actor=staff_b, meetings=meetings)
    assert Booking.objects.get(meeting=meetings[0]).status == "approved"


def test_dropping_the_first_meeting_frees_its_room_and_keeps_the_others(staff_a, programme_a, lab):
    from biocampus.catalog.services import MeetingSlot, session_room_hold

    day = next_weekday(0, weeks=5)
    slots = [MeetingSlot(at(day, 9), at(day, 10)), MeetingSlot(at(day, 11), at(day, 12))]
    session = _day_session(staff_a, programme_a, day, slots)
    session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    kept = session.meetings.get(starts_at=at(day, 11))
    _edit(staff_a, session, slots[1:])
    assert list(session.meetings.all()) == [kept]
    assert Booking.objects.get(meeting=kept, status="approved").starts_at == at(day, 11)
    assert book(staff_a, lab, programme_a.operator, at(day, 9), at(day, 10)).bookings


def test_adding_an_earlier_meeting_leaves_the_held_ones_where_they_are(
    staff_a, staff_b, operator_b, programme_a, lab
):
    from biocampus.catalog.services import MeetingSlot, session_room_hold

    day = next_weekday(1, weeks=5)
    slots = [MeetingSlot(at(day, 10), at(day, 11)), MeetingSlot(at(day, 14), at(day, 15))]
    session = _day_session(staff_a, programme_a, day, slots)
    session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    book(staff_b, lab, operator_b, at(day, 9), at(day, 10))  # someone else's, before
    _edit(staff_a, session, [MeetingSlot(at(day, 9), at(day, 10)), *slots])
    held = Booking.objects.filter(meeting__session=session, status="approved")
    assert sorted((b.starts_at, b.ends_at) for b in held) == [
        (at(day, 10), at(day, 11)),
        (at(day, 14), at(day, 15)),
    ]
    assert session.meetings.count() == 3


def test_a_room_hold_for_overlapping_meetings_is_refused(staff_a, programme_a, lab):
    from biocampus.catalog.services import MeetingSlot, session_room_hold

    day = next_weekday(2, weeks=5)
    slots = [MeetingSlot(at(day, 9), at(day, 12)), MeetingSlot(at(day, 11), at(day, 13))]
    session = _day_session(staff_a, programme_a, day, slots)
    with pytest.raises(DomainError) as refused:
        session_room_hold(actor=staff_a, session=session, resource_id=lab.pk)
    assert refused.value.code == "overlapping_ranges"
    assert not Booking.objects.filter(resource=lab).exists()
