"""Accelerator reads shared by pages and the API, already scoped to the user."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.models import (
    Answer,
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    KpiReport,
    MentorMatch,
    MentorProfile,
    Score,
)
from biocampus.accounts.models import MANAGE_ROLES, Organisation, OrganisationKind, User
from biocampus.accounts.roles import company_admin_org_ids, is_campus_admin
from biocampus.common.exports import Column

APPLICATIONS_COLUMNS = (
    Column("id", _("Application"), "int"),
    Column("company", _("Start-up"), "text"),
    Column("enterprise_number", _("Enterprise number"), "text"),
    Column("trl", _("TRL"), "int"),
    Column("team_size", _("Team size"), "int"),
    Column("funds_raised", _("Funds raised (EUR)"), "money"),
    Column("status", _("Status"), "text"),
    Column("submitted_at", _("Submitted at"), "datetime"),
)


def published_calls() -> QuerySet[Call]:
    return Call.objects.filter(published=True).select_related("operator")


def applications_of(user: User) -> QuerySet[Application]:
    """The applications a user founded or whose start-up they belong to, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(Q(founder=user) | Q(company__memberships__user=user))
        .distinct()
        .select_related("call", "company")
        .order_by("-created_at", "-id")
    )


def startups_of(user: User) -> list[Organisation]:
    """The companies a founder may apply for: those they administer (a recruiter of an
    employer does not apply to an accelerator in its name)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organisation.objects.filter(pk__in=company_admin_org_ids(user)).order_by("name"))


def review_assignments(user: User) -> QuerySet[Assignment]:
    """The submitted applications waiting for the user's review (conflicts withdrawn)."""
    return Assignment.objects.filter(
        reviewer=user,
        conflict_declared_at=None,
        application__status=ApplicationStatus.SUBMITTED,
    ).select_related("application__call", "application__company")


def operated_accelerators(user: User) -> list[Organisation]:
    """The accelerators whose calls the user runs (every one for a campus admin)."""
    qs = Organisation.objects.filter(kind=OrganisationKind.ACCELERATOR)
    if not is_campus_admin(user):
        qs = qs.filter(memberships__user=user, memberships__role__in=MANAGE_ROLES)
    return list(qs.distinct().order_by("name", "id"))


def calls_of(operators: list[Organisation]) -> QuerySet[Call]:
    return Call.objects.filter(operator__in=operators).select_related("operator")


def call_applications(call: Call, *, status: str = "") -> QuerySet[Application]:
    """A call's submitted applications (drafts are the applicants' own), by status."""
    qs = call.applications.exclude(status=ApplicationStatus.DRAFT).select_related(
        "company", "founder"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("submitted_at", "id")


def applications_csv_rows(applications: QuerySet[Application]) -> list[tuple]:
    return [
        (
            a.pk,
            a.company.name,
            a.enterprise_number,
            a.trl,
            a.team_size,
            a.funds_raised,
            a.status,
            a.submitted_at,
        )
        for a in applications
    ]


def answers_by_question(application: Application) -> dict[int, str]:
    return {a.question_id: a.text for a in application.answers.all()}


def answers_with_questions(application: Application) -> QuerySet[Answer]:
    return application.answers.select_related("question").order_by("question__position", "id")


def scores_by_criterion(assignment: Assignment) -> dict[int, Score]:
    """The reviewer's scores so far, to fill the review form again."""
    return {s.criterion_id: s for s in assignment.scores.all()}


def call_matches(call: Call) -> QuerySet[MentorMatch]:
    return MentorMatch.objects.filter(application__call=call).select_related(
        "mentor", "application__company"
    )


def mentor_profiles() -> QuerySet[MentorProfile]:
    return MentorProfile.objects.select_related("mentor")


def mentor_users() -> QuerySet[User]:
    """The people with a mentor profile: who a start-up can be matched to."""
    return User.objects.filter(mentor_profile__isnull=False)


def mentor_profile_of(user: User) -> MentorProfile | None:
    return MentorProfile.objects.filter(mentor=user).first()


def mentor_matches_of(user: User) -> QuerySet[MentorMatch]:
    """The start-ups a mentor was confirmed to."""
    return MentorMatch.objects.filter(mentor=user, confirmed=True).select_related(
        "application__company"
    )


def confirmed_match(application: Application) -> MentorMatch | None:
    return (
        MentorMatch.objects.filter(application=application, confirmed=True)
        .select_related("mentor")
        .first()
    )


@dataclass(frozen=True)
class QuarterFigures:
    quarter: dt.date
    jobs_fte: Decimal
    funds_raised: Decimal


def cohort_quarters(call: Call) -> list[QuarterFigures]:
    """Jobs and funds the call's start-ups reported, summed per quarter, oldest first."""
    rows = (
        KpiReport.objects.filter(application__call=call)
        .values("quarter")
        .annotate(jobs=Sum("jobs_fte"), funds=Sum("funds_raised"))
        .order_by("quarter")
    )
    return [QuarterFigures(r["quarter"], r["jobs"], r["funds"]) for r in rows]


def jobs_created() -> Decimal:
    """Jobs (FTE) created by accelerated start-ups, as their quarterly reports add up."""
    total = KpiReport.objects.filter(application__status=ApplicationStatus.ACCEPTED).aggregate(
        total=Sum("jobs_fte")
    )["total"]
    return total or Decimal(0)
