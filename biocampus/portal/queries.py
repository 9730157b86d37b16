"""Reads for the campus overview."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils import timezone

from biocampus.catalog.models import Pillar, Programme, ProgrammeStatus, Session, SessionStatus
from biocampus.enrolment.models import ACTIVE_STATUSES, OUTCOME_STATUSES, Enrolment


def campus_today() -> dict:
    """The four figures on the campus admin's home, in two queries."""
    now = timezone.now()
    counts = Enrolment.objects.aggregate(
        active_enrolments=Count("id", filter=Q(status__in=ACTIVE_STATUSES)),
        waitlisted=Count("id", filter=Q(status="waitlisted")),
        completions=Count("id", filter=Q(status="completed")),
    )
    upcoming = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gte=now)
    return {"upcoming_sessions": upcoming.count(), **counts}


def campus_overview() -> dict:
    """Headline figures, enrolments and fill rate per pillar, and the next sessions."""
    now = timezone.now()
    taking_seats = (*ACTIVE_STATUSES, *OUTCOME_STATUSES)
    upcoming = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gte=now)
    per_pillar = []
    for pillar in Pillar.objects.order_by("position"):
        sessions = upcoming.filter(programme__pillar=pillar).aggregate(
            capacity=Sum("capacity"), taken=Sum("confirmed_seats")
        )
        enrolments = Enrolment.objects.filter(
            session__programme__pillar=pillar, status__in=taking_seats
        ).aggregate(n=Sum("seats"))
        capacity = sessions["capacity"] or 0
        taken = sessions["taken"] or 0
        per_pillar.append(
            {
                "pillar": pillar,
                "enrolments": enrolments["n"] or 0,
                "capacity": capacity,
                "taken": taken,
                "fill_rate": round(100 * taken / capacity) if capacity else 0,
            }
        )
    return {
        "programmes": Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).count(),
        **campus_today(),
        "learners": Enrolment.objects.values("learner").distinct().count(),
        "per_pillar": per_pillar,
        "next_sessions": upcoming.filter(starts_at__lt=now + dt.timedelta(days=30))
        .select_related("programme__operator", "programme__pillar")
        .order_by("starts_at")[:12],
    }
