import re

import pytest
from django.urls import reverse
from django.utils import timezone

from biocampus.facilities.models import Booking
from biocampus.facilities.tests.conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def test_find_book_and_see_a_clash(client, staff_a, staff_b, operator_a, operator_b, lab, cabinet):
    tuesday = next_weekday(1)
    query = {
        "features": ["bsl-2"],
        "min_capacity": 10,
        "day": str(tuesday),
        "start": "09:00",
        "end": "12:00",
    }
    page = client.get(reverse("facilities:search"), query).content.decode()
    assert "Wet lab 1" in page
    assert "Biosafety cabinet A" not in page  # capacity 0 < 10
    client.force_login(staff_a)
    form = {
        "organisation": operator_a.pk,
        "day": str(tuesday),
        "start": "09:00",
        "end": "12:00",
        "purpose": "session",
        "title": "GMP lab",
        "weeks": 1,
    }
    response = client.post(reverse("facilities:book", args=[lab.pk]), form)
    assert response.status_code == 302
    assert Booking.objects.get().title == "GMP lab"
    week = client.get(
        reverse("facilities:resource", args=[lab.pk]), {"week": str(tuesday)}
    ).content.decode()
    assert "Booked" in week
    client.force_login(staff_b)
    clash = client.post(
        reverse("facilities:book", args=[lab.pk]),
        form | {"organisation": operator_b.pk, "start": "11:00", "end": "13:00", "title": "Ours"},
    )
    assert clash.status_code == 409
    body = clash.content.decode()
    assert "These times are already taken:" in body
    assert operator_a.name in body
    assert "GMP lab" not in body  # not operator B's business
    free = client.get(reverse("facilities:search"), query).content.decode()
    assert "Nothing matches and is free then." in free


def test_my_bookings_approvals_usage_and_occupancy(
    client, staff_a, operator_a, lab, facility_manager
):
    lab.approval = "manager"
    lab.save()
    day = next_weekday(2)
    client.force_login(staff_a)
    client.post(
        reverse("facilities:book", args=[lab.pk]),
        {
            "organisation": operator_a.pk,
            "day": str(day),
            "start": "10:00",
            "end": "12:00",
            "purpose": "event",
            "weeks": 1,
        },
    )
    booking = Booking.objects.get()
    assert booking.status == "requested"
    assert client.post(reverse("facilities:booking_approve", args=[booking.pk])).status_code == 403
    client.force_login(facility_manager)
    assert (
        "Waiting for your decision"
        in client.get(reverse("facilities:my_bookings")).content.decode()
    )
    client.post(reverse("facilities:booking_approve", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "approved"
    month = at(day, 10).strftime("%Y-%m")
    usage = client.get(reverse("facilities:usage"), {"month": month}).content.decode()
    assert "Wet lab 1" in usage
    assert "80.00" in usage  # 2 h at 40 EUR
    occupancy = client.get(reverse("facilities:occupancy"))
    assert occupancy.status_code == 200
    # The heatmap's colours are explained.
    assert 'aria-label="Colour scale"' in occupancy.content.decode()
    assert "75 % and more" in occupancy.content.decode()
    client.force_login(staff_a)
    assert client.get(reverse("facilities:occupancy")).status_code == 403
    client.post(reverse("facilities:calendar_feed"))
    assert "/api/v1/calendar/" in client.get(reverse("facilities:my_bookings")).content.decode()
    client.post(reverse("facilities:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_operator_holds_a_room_for_a_session(client, staff_a, staff_b, programme_a, lab):
    from biocampus.conftest import make_session

    day = next_weekday(3, weeks=2)
    session = make_session(
        staff_a,
        programme_a,
        capacity=10,
        starts_at=at(day, 9),
        ends_at=at(day, 16),
        enrolment_deadline=at(day, 8),
    )
    url = reverse("facilities:session_room", args=[session.pk])
    client.force_login(staff_b)
    assert client.get(url).status_code == 403
    client.force_login(staff_a)
    page = client.get(url).content.decode()
    assert "Wet lab 1" in page
    response = client.post(url, {"resource": lab.pk})
    assert response.status_code == 302
    assert Booking.objects.filter(resource=lab, status="approved").count() == 1
    page = client.get(url).content.decode()
    assert "No room is free for every meeting" in page
    assert "Already held:" in page
    from biocampus.catalog.services import session_cancel

    session_cancel(actor=staff_a, session=session)
    assert Booking.objects.get(resource=lab).status == "cancelled"  # released


def meeting_rows(*rows) -> dict:
    """The timetable page's meeting rows as a browser posts them (a Django formset)."""
    data = {"meetings-TOTAL_FORMS": str(len(rows)), "meetings-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"meetings-{i}-{key}"] = value
    return data


def test_timetable_page_proposes_and_accepts(client, staff_a, operator_a, lab, learner):
    from biocampus.facilities.models import Feature

    Feature.objects.create(code="vr-seats", name="VR seats")  # known, but in no room
    monday = next_weekday(0, weeks=2)
    client.force_login(learner)
    assert client.get(reverse("facilities:timetable")).status_code == 403
    client.force_login(staff_a)
    page = client.get(reverse("facilities:timetable")).content.decode()
    # Features are picked from the campus's list, by name.
    assert 'value="bsl-2"' in page
    assert "Biosafety level 2" in page
    base = {
        "organisation": operator_a.pk,
        "window_from": str(monday),
        "window_to": str(monday),
        "unavailable": f"Ana; {monday} 08:00; {monday} 12:00",
    }
    form = base | meeting_rows(
        {
            "ref": "Lab 1",
            "minutes": 120,
            "people": 10,
            "features": "bsl-2",
            "trainer": "Ana",
            "cohort": "A",
        },
        {
            "ref": "Lab 2",
            "minutes": 120,
            "people": 10,
            "features": "bsl-2",
            "trainer": "Ana",
            "cohort": "A",
        },
        {"ref": "VR", "minutes": 60, "people": 5, "features": "vr-seats", "cohort": "B"},
        {},  # a blank row is left out
    )
    response = client.post(reverse("facilities:timetable"), form)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Lab 1" in page
    assert "No room has the features and seats it needs." in page
    assert "2 / 3" in page
    assert "1 meeting could not be placed" in page
    assert "best possible timetable" not in page
    accepted = client.post(response.url, follow=True)
    assert "Booked: 2 slots." in accepted.content.decode()
    starts = sorted(b.starts_at for b in Booking.objects.filter(resource=lab))
    assert len(starts) == 2
    assert all(timezone.localtime(s).hour >= 12 for s in starts)  # Ana is away until noon
    bad = client.post(
        reverse("facilities:timetable"),
        base | meeting_rows({"ref": "Lab", "minutes": "two hours", "people": 10}),
    )
    assert bad.status_code == 400
    assert "Enter a whole number." in bad.content.decode()
    unknown = client.post(
        reverse("facilities:timetable"),
        base | meeting_rows({"ref": "Lab", "minutes": 60, "features": "Biosafety level 2"}),
    )
    assert unknown.status_code == 400
    assert "Select a valid choice." in unknown.content.decode()
    empty = client.post(reverse("facilities:timetable"), base | meeting_rows({}))
    assert "Add at least one meeting to place." in empty.content.decode()


def test_a_proposal_in_the_works_shows_progress_and_polls(client, staff_a, staff_b, operator_a):
    from biocampus.conftest import OrganisationFactory
    from biocampus.facilities.models import TimetableProposal

    proposal = TimetableProposal.objects.create(
        organisation=operator_a,
        created_by=staff_a,
        window_start=timezone.now(),
        window_end=timezone.now(),
        meetings=[{"ref": "m", "duration_minutes": 60}],
        status="queued",
    )
    client.force_login(staff_a)
    page = client.get(reverse("facilities:proposal", args=[proposal.pk])).content.decode()
    assert "Waiting for the planner" in page
    assert 'hx-trigger="every 2s"' in page
    assert "Accept and book the rooms" not in page
    assert "It starts in a moment." in page
    assert '<progress max="10" aria-label' in page  # indeterminate until it runs
    TimetableProposal.objects.filter(pk=proposal.pk).update(status="running")
    page = client.get(reverse("facilities:proposal", args=[proposal.pk])).content.decode()
    assert re.search(r"working for \d+ s; it takes 10 s at most\.", page)
    assert re.search(r'<progress max="10" value="\d+"', page)
    # Another organisation's proposal queued later waits behind this one, and says so.
    later = TimetableProposal.objects.create(
        organisation=OrganisationFactory(kind="training_operator"),
        created_by=staff_b,
        window_start=timezone.now(),
        window_end=timezone.now(),
        meetings=[{"ref": "m", "duration_minutes": 60}],
        status="queued",
    )
    client.force_login(staff_b)
    page = client.get(reverse("facilities:proposal", args=[later.pk])).content.decode()
    assert "1 timetable is ahead of yours." in page


def test_the_booker_is_told_which_slots_are_booked_and_which_await_approval(
    client, staff_a, operator_a, lab
):
    form = {
        "organisation": operator_a.pk,
        "day": str(next_weekday(3)),
        "start": "09:00",
        "end": "12:00",
        "purpose": "session",
        "title": "GMP lab",
        "weeks": 3,
    }
    client.force_login(staff_a)
    response = client.post(reverse("facilities:book", args=[lab.pk]), form, follow=True)
    assert "Booked: 3 slots." in response.content.decode()
    lab.approval = "manager"
    lab.save()
    form |= {"day": str(next_weekday(4)), "weeks": 4}
    response = client.post(reverse("facilities:book", args=[lab.pk]), form, follow=True)
    body = response.content.decode()
    assert "Requested — 4 of 4 slots await the facility manager." in body
    assert "Booked:" not in body


def test_a_forged_row_count_costs_the_server_little(
    client, staff_a, operator_a, lab, django_assert_max_num_queries
):
    client.force_login(staff_a)
    form = {
        "organisation": operator_a.pk,
        "window_from": str(next_weekday(0, weeks=2)),
        "window_to": str(next_weekday(0, weeks=2)),
        "meetings-TOTAL_FORMS": "100000",
        "meetings-INITIAL_FORMS": "0",
    }
    with django_assert_max_num_queries(20):
        response = client.post(reverse("facilities:timetable"), form)
    assert response.status_code == 400
    assert "Please submit at most 400 forms." in response.content.decode()
