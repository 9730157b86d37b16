"""Catalogue reads shared by the pages and the API."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from biocampus.accounts.models import PROVIDER_KINDS, Organisation, User
from biocampus.accounts.roles import is_campus_admin, managed_org_ids, provider_org_ids
from biocampus.catalog.models import (
    Meeting,
    Pillar,
    Programme,
    ProgrammeStatus,
    Session,
    SessionStatus,
)

# Must match the configuration of the trigger that fills search_vector (migration 0003).
SEARCH_CONFIG = "simple"


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    pillar: str = ""
    audience: str = ""
    language: str = ""
    format: str = ""
    starts_after: dt.date | None = None
    starts_before: dt.date | None = None


def _text_search(qs: QuerySet[Programme], q: str) -> QuerySet[Programme]:
    q = q.strip()
    if not q:
        return qs
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        return qs.filter(search_vector=query)
    # SQLite: every word must appear somewhere in the document.
    for word in q.lower().split()[:8]:
        qs = qs.filter(search_document__contains=word)
    return qs


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def upcoming_sessions() -> QuerySet[Session]:
    return Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now())


def programme_list(filters: CatalogueFilters, *, next_session: bool = True) -> QuerySet[Programme]:
    """Published programmes matching the filters, with what a list shows prefetched: with
    `next_session`, `upcoming` holds the next scheduled session (a one-item list, or
    empty). Only the next one: a card shows no more, and the list is the busiest page."""
    qs = Programme.objects.filter(status=ProgrammeStatus.PUBLISHED)
    if filters.pillar:
        qs = qs.filter(pillar__slug=filters.pillar)
    if filters.format:
        qs = qs.filter(format=filters.format)
    if filters.audience:
        qs = qs.filter(audiences__code=filters.audience)
    if filters.language:
        qs = qs.filter(languages__code=filters.language)
    if filters.starts_after or filters.starts_before:
        window = Q(programme=OuterRef("pk"), status=SessionStatus.SCHEDULED)
        if filters.starts_after:
            window &= Q(starts_at__gte=_midnight(filters.starts_after))
        if filters.starts_before:
            window &= Q(starts_at__lt=_midnight(filters.starts_before + dt.timedelta(days=1)))
        qs = qs.filter(Exists(Session.objects.filter(window)))
    qs = _text_search(qs, filters.q)
    related: list = ["languages", "audiences"]
    if next_session:
        first = upcoming_sessions().order_by("starts_at", "id")[:1]
        related.append(Prefetch("sessions", queryset=first, to_attr="upcoming"))
    return (
        qs.select_related("pillar", "operator").prefetch_related(*related).order_by("title", "id")
    )


def programme_sessions(programme: Programme, *, include_past: bool = False) -> QuerySet[Session]:
    qs = programme.sessions.prefetch_related("meetings")
    if not include_past:
        qs = qs.filter(ends_at__gte=timezone.now())
    return qs.order_by("starts_at", "id")


def operators_managed_by(user: User) -> QuerySet[Organisation]:
    """The operators whose programmes the user may create and change (every training
    operator and accelerator for a campus admin)."""
    if is_campus_admin(user):
        qs = Organisation.objects.filter(kind__in=PROVIDER_KINDS)
    else:
        qs = Organisation.objects.filter(pk__in=managed_org_ids(user))
    return qs.order_by("name", "id")


def operator_programmes(user: User, *, status: str = "") -> QuerySet[Programme]:
    """The back office's programmes: those of the operators the user works for."""
    qs = Programme.objects.all()
    if not is_campus_admin(user):
        qs = qs.filter(operator_id__in=provider_org_ids(user))
    if status in ProgrammeStatus.values:
        qs = qs.filter(status=status)
    return (
        qs.select_related("operator", "pillar")
        .annotate(
            upcoming_sessions=Count(
                "sessions",
                filter=Q(
                    sessions__status=SessionStatus.SCHEDULED,
                    sessions__starts_at__gte=timezone.now(),
                ),
            )
        )
        .order_by("status", "title", "id")
    )


def session_meetings(session: Session) -> QuerySet[Meeting]:
    return session.meetings.order_by("starts_at", "id")


def pillars_with_counts() -> QuerySet[Pillar]:
    """The four pillars in order, each with its number of published programmes."""
    return Pillar.objects.annotate(
        published_programmes=Count(
            "programmes", filter=Q(programmes__status=ProgrammeStatus.PUBLISHED)
        )
    ).order_by("position")
