"""The immersion pages: a teacher's request and visit, the campus's day board with its
compute, adjust and accept, the feedback after the day and the pillar's reach."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from biocampus.accounts.models import Organisation
from biocampus.conftest import PASSWORD, member
from biocampus.immersion.board import board
from biocampus.immersion.models import DayPlan, PlanStatus, Visit, VisitFeedback, VisitStatus
from biocampus.immersion.planning import day_plan_compute
from biocampus.immersion.tests.conftest import WHEN
from biocampus.immersion.tests.test_services import ask


def past_visit(teacher, school, fmt, *, pupils=24, year=9, municipality="Gosselies", days=10):
    return Visit.objects.create(
        school=school, teacher=teacher, format=fmt, class_name="5C", school_year=year,
        pupils=pupils, adults=2, language="fr", arrival=dt.time(9), departure=dt.time(15, 30),
        municipality=municipality, date=timezone.localdate() - dt.timedelta(days=days),
        status=VisitStatus.PLANNED,
    )  # fmt: skip


def test_the_formats_page_is_public(client, discovery, day):
    page = client.get(reverse("immersion:formats"))
    assert page.status_code == 200
    assert "Discovery day" in page.text
    assert "Wet lab" in page.text


def test_a_teacher_requests_a_visit_from_the_form(client, teacher, school, discovery, day):
    client.force_login(teacher)
    form = client.get(reverse("immersion:request") + f"?format={discovery.pk}")
    assert form.status_code == 200
    posted = client.post(
        reverse("immersion:request"),
        {
            "school": school.pk, "format": discovery.pk, "class_name": "6A", "school_year": 10,
            "pupils": 21, "adults": 2, "language": "en", "arrival": "09:00",
            "departure": "15:30", "date_1": WHEN.isoformat(), "municipality": "Charleroi",
        },
    )  # fmt: skip
    visit = Visit.objects.get(class_name="6A")
    assert posted.status_code == 302
    assert posted["Location"] == reverse("immersion:visit", args=[visit.pk])
    assert (visit.pupils, visit.municipality, visit.status) == (21, "Charleroi", "requested")
    too_short = client.post(
        reverse("immersion:request"),
        {
            "school": school.pk, "format": discovery.pk, "class_name": "6B", "school_year": 10,
            "pupils": 21, "adults": 2, "language": "en", "arrival": "09:00",
            "departure": "10:00", "date_1": WHEN.isoformat(),
        },
    )  # fmt: skip
    assert too_short.status_code == 400
    assert "needs at least" in too_short.text
    assert not Visit.objects.filter(class_name="6B").exists()


def test_visits_and_the_campus_pages_are_closed_to_others(
    client, teacher, school, discovery, day, days, manager, django_assert_max_num_queries
):
    visit = ask(teacher, school, discovery, [day], dates=[WHEN])
    other = Organisation.objects.create(name="Other school", slug="other-s", kind="school")
    client.force_login(member(other, email="other@school.test"))
    assert client.get(reverse("immersion:visit", args=[visit.pk])).status_code == 404
    assert client.get(reverse("immersion:campus")).status_code == 404
    assert client.get(reverse("immersion:day", args=[WHEN.isoformat()])).status_code == 404
    assert client.get(reverse("immersion:reach")).status_code == 404
    client.force_login(manager)
    assert client.get(reverse("immersion:visit", args=[visit.pk])).status_code == 200
    client.get(reverse("immersion:campus"))  # the session and the templates warmed up
    # A fixed number of queries however many visit days are open.
    with django_assert_max_num_queries(12):
        campus = client.get(reverse("immersion:campus"))
    assert "3B" in campus.text
    assert len(campus.context["days"]) == 4


def test_the_campus_computes_adjusts_and_accepts_a_day_on_its_page(
    client, campus, manager, two_visits
):
    client.force_login(manager)
    url = reverse("immersion:day", args=[WHEN.isoformat()])
    client.post(url, {"action": "compute"})
    plan = DayPlan.objects.get(date=WHEN, status=PlanStatus.PROPOSED)
    page = client.get(url)
    assert page.status_code == 200
    assert page.text.count('class="slot ') == plan.slots.count() == 18
    assert "data-editable" in page.text
    first = plan.slots.order_by("starts_at").first()
    clash = plan.slots.filter(visit=first.visit, group=first.group).exclude(pk=first.pk).first()
    moved = client.post(
        url,
        {
            "action": "move",
            "slot": first.pk,
            "start": timezone.localtime(clash.starts_at).strftime("%H:%M"),
        },
        follow=True,
    )
    assert "two places at once" in moved.text
    first.refresh_from_db()
    client.post(url, {"action": "accept", "plan": plan.pk})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED
    accepted = client.get(url)
    assert "data-editable" not in accepted.text
    assert "Accepted rotation" in accepted.text
    stations = client.get(reverse("immersion:stations_pdf", args=[plan.pk]))
    assert stations["Content-Type"] == "application/pdf"


def test_feedback_once_after_the_day_then_the_reach(
    client, teacher, school, discovery, manager, settings
):
    settings.CAMPUS_PUPILS_TARGET = 100
    visit = past_visit(teacher, school, discovery, pupils=24)
    past_visit(teacher, school, discovery, pupils=18, year=11, municipality="")
    coming = past_visit(teacher, school, discovery, pupils=30, days=-5)  # not yet come
    client.force_login(teacher)
    url = reverse("immersion:visit", args=[visit.pk])
    assert "How was the day?" in client.get(url).text
    assert "How was the day?" not in client.get(reverse("immersion:visit", args=[coming.pk])).text
    client.post(url, {"action": "feedback", "rating": "4", "liked": "The VR", "improve": ""})
    assert VisitFeedback.objects.get(visit=visit).rating == 4
    again = client.post(url, {"action": "feedback", "rating": "1"}, follow=True)
    assert "already answered" in again.text
    assert VisitFeedback.objects.get(visit=visit).rating == 4

    client.force_login(manager)
    reach = client.get(reverse("immersion:reach"), {"year": visit.date.year})
    assert reach.status_code == 200
    figures = reach.context["reach"]
    # The class still to come is not counted.
    assert (figures.pupils, figures.visits, figures.progress_pct) == (42, 2, 42)
    assert figures.by_school_year == [(9, 1, 24), (11, 1, 18)]
    assert {m: p for m, _n, p in figures.by_municipality} == {"Gosselies": 24, "": 18}
    assert figures.rating == 4.0
    assert "Gosselies" in reach.text
    gap = client.get(reverse("skills:jobs_gap"))
    assert "pupils welcomed on school visits this year" in gap.text


def test_groups_at_a_station_at_once_sit_in_separate_lanes(campus, manager, discovery, two_visits):
    discovery.stations.filter(position=0).update(groups_at_once=2)
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    rows = board(plan).rows
    assert sum(len(r.items) for r in rows) == 18
    for row in rows:
        assert 1 <= row.lanes <= (2 if row.station == "VR" else 1)
        for a in row.items:
            for b in row.items:
                overlap = a.slot.starts_at < b.slot.ends_at and b.slot.starts_at < a.slot.ends_at
                if a is not b and overlap:
                    assert a.lane != b.lane


def test_closing_the_teachers_account_erases_their_words_not_the_rating(
    api_as, teacher, school, discovery
):
    visit = past_visit(teacher, school, discovery)
    VisitFeedback.objects.create(visit=visit, rating=5, liked="Ms Dupont's VR", improve="More")
    closed = api_as(teacher).delete("/api/v1/me", {"password": PASSWORD})
    assert closed.status_code == 204
    feedback = VisitFeedback.objects.get(visit=visit)
    assert (feedback.rating, feedback.liked, feedback.improve) == (5, "", "")
