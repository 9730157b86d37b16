"""Reads of the immersion capability: published formats, a teacher's visits, the plan
a visit is in."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from biocampus.accounts.models import User
from biocampus.immersion.models import (
    DayPlan,
    ImmersionFormat,
    PlanStatus,
    Station,
    Visit,
    VisitDay,
    VisitStatus,
)

DAYS_AHEAD = 120  # how far ahead the visit days of a format are listed


def published_formats() -> QuerySet[ImmersionFormat]:
    return (
        ImmersionFormat.objects.filter(published=True)
        .select_related("campus")
        .prefetch_related(Prefetch("stations", queryset=Station.objects.select_related("resource")))
    )


def upcoming_days(campus_ids: set[int]) -> dict[int, list[VisitDay]]:
    """Each campus's visit days from tomorrow, for the formats' `days`."""
    today = timezone.localdate()
    days: dict[int, list[VisitDay]] = {}
    for day in VisitDay.objects.filter(
        campus_id__in=campus_ids,
        date__gt=today,
        date__lte=today + dt.timedelta(days=DAYS_AHEAD),
    ):
        days.setdefault(day.campus_id, []).append(day)
    return days


def teacher_visits(user: User) -> QuerySet[Visit]:
    """The visits a teacher asked for, the coming ones first."""
    return (
        Visit.objects.filter(teacher=user)
        .select_related("school", "format")
        .order_by("-date", "-created_at", "-id")
    )


def campus_visits(campus_id: int) -> QuerySet[Visit]:
    return Visit.objects.filter(format__campus_id=campus_id).select_related("school", "format")


def accepted_plan(visit: Visit) -> DayPlan | None:
    """The accepted plan of the visit's day, if the visit is in it."""
    if visit.date is None:
        return None
    return (
        DayPlan.objects.filter(
            campus_id=visit.format.campus_id,
            date=visit.date,
            status=PlanStatus.ACCEPTED,
            slots__visit=visit,
        )
        .select_related("campus")
        .first()
    )


def plan_slots(plan: DayPlan):
    return plan.slots.select_related("visit__school", "station__resource", "staff").order_by(
        "starts_at", "visit_id", "group"
    )


def coming_visit_days(campus_id: int, limit: int = 60) -> list[tuple[VisitDay, list[Visit]]]:
    """The campus's coming visit days, each with its visits (not the cancelled ones)."""
    days = list(
        VisitDay.objects.filter(campus_id=campus_id, date__gte=timezone.localdate()).order_by(
            "date"
        )[:limit]
    )
    if not days:
        return []
    by_date: dict[dt.date, list[Visit]] = {}
    for visit in (
        campus_visits(campus_id)
        .filter(date__range=(days[0].date, days[-1].date))
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("date", "arrival", "id")
    ):
        by_date.setdefault(visit.date, []).append(visit)
    return [(day, by_date.get(day.date, [])) for day in days]
