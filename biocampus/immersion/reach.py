"""The reach of the immersion pillar: pupils welcomed against the campus's yearly target,
and who came (by school, school year, municipality and month). A visit counts once its
day is planned and has come; pupils are counts, so every figure is a sum of counts."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from biocampus.immersion.models import Visit, VisitFeedback, VisitStatus


@dataclass
class Reach:
    year: int
    pupils: int
    visits: int
    target: int
    by_school: list[tuple[str, int, int]]  # name, visits, pupils
    by_school_year: list[tuple[int, int, int]]
    by_municipality: list[tuple[str, int, int]]
    by_month: list[tuple[dt.date, int, int]]
    rating: float | None
    answers: int

    @property
    def progress_pct(self) -> int:
        return round(100 * self.pupils / self.target) if self.target else 0


def welcomed(campus_id: int | None = None) -> QuerySet[Visit]:
    visits = Visit.objects.filter(status=VisitStatus.PLANNED, date__lte=timezone.localdate())
    return visits.filter(format__campus_id=campus_id) if campus_id else visits


def pupils_this_year() -> tuple[int, int]:
    """(pupils welcomed since 1 January, the yearly target), for the jobs-gap page."""
    year = timezone.localdate().year
    total = welcomed().filter(date__year=year).aggregate(n=Sum("pupils"))["n"] or 0
    return total, settings.CAMPUS_PUPILS_TARGET


def reach(campus_id: int | None = None, year: int | None = None) -> Reach:
    year = year or timezone.localdate().year
    visits = welcomed(campus_id).filter(date__year=year)
    counts = {"n": Count("id"), "p": Sum("pupils")}
    since = dt.date(year - 1, timezone.localdate().month, 1)
    months = (
        welcomed(campus_id)
        .filter(date__gte=since)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**counts)
        .order_by("month")
    )
    feedback = VisitFeedback.objects.filter(visit__in=visits).aggregate(
        avg=Avg("rating"), n=Count("id", filter=Q(rating__isnull=False))
    )
    total = visits.aggregate(**counts)
    return Reach(
        year=year,
        pupils=total["p"] or 0,
        visits=total["n"],
        target=settings.CAMPUS_PUPILS_TARGET,
        by_school=[
            (r["school__name"], r["n"], r["p"])
            for r in visits.values("school__name").annotate(**counts).order_by("-p", "school__name")
        ],
        by_school_year=[
            (r["school_year"], r["n"], r["p"])
            for r in visits.values("school_year").annotate(**counts).order_by("school_year")
        ],
        by_municipality=[
            (r["municipality"], r["n"], r["p"])
            for r in visits.values("municipality").annotate(**counts).order_by("-p", "municipality")
        ],
        by_month=[(r["month"], r["n"], r["p"]) for r in months],
        rating=round(feedback["avg"], 1) if feedback["avg"] is not None else None,
        answers=feedback["n"],
    )
