"""The selected cohort: mentors matched to start-ups, milestones and quarterly KPIs."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.access import is_applicant, runs_call
from biocampus.accelerator.mentor_solver import Profile, fit, solve
from biocampus.accelerator.models import (
    Application,
    ApplicationStatus,
    Call,
    KpiReport,
    MentorMatch,
    MentorProfile,
    Milestone,
    MilestoneStatus,
    StartupNeeds,
)
from biocampus.accelerator.models.cohort import quarter_start
from biocampus.accounts.models import Membership, Role, User
from biocampus.common.audit import audit
from biocampus.common.dates import check_in_window
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.skills.models import Skill

LANGUAGES = {"en", "fr", "nl", "de"}


def _clean_list(values, limit=30) -> list[str]:
    return sorted({str(v).strip().lower() for v in values if str(v).strip()})[:limit]


def _languages(values) -> list[str]:
    chosen = set(_clean_list(values))
    if not chosen or not chosen <= LANGUAGES:
        raise DomainError(_("Choose languages among en, fr, nl, de."), code="invalid_languages")
    return sorted(chosen)


def _skills(ids) -> list[Skill]:
    skills = list(Skill.objects.filter(pk__in=ids))
    if len(skills) != len(set(ids)):
        raise DomainError(_("Unknown skill(s) in the list."), code="unknown_skill")
    return skills


@transaction.atomic
def mentor_profile_set(
    *,
    actor: User,
    skills: Iterable[int] = (),
    tags: Iterable[str] = (),
    sectors: Iterable[str] = (),
    languages: Iterable[str] = (),
    capacity: int = 2,
) -> MentorProfile:
    if not Membership.objects.filter(user=actor, role=Role.MENTOR).exists():
        raise Forbidden(_("Only mentors have a mentor profile."))
    if not isinstance(capacity, int) or not 0 <= capacity <= 20:
        raise DomainError(_("Mentor between 0 and 20 start-ups."), code="invalid_capacity")
    profile, _created = MentorProfile.objects.update_or_create(
        mentor=actor,
        defaults={
            "tags": _clean_list(tags),
            "sectors": _clean_list(sectors),
            "languages": _languages(languages),
            "capacity": capacity,
        },
    )
    profile.skills.set(_skills(skills))
    return profile


@transaction.atomic
def needs_set(
    *,
    actor: User,
    application: Application,
    skills: Iterable[int] = (),
    tags: Iterable[str] = (),
    sectors: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> StartupNeeds:
    if not is_applicant(actor, application):
        raise Forbidden(_("Only the start-up declares its needs."))
    needs, _created = StartupNeeds.objects.update_or_create(
        application=application,
        defaults={
            "tags": _clean_list(tags),
            "sectors": _clean_list(sectors),
            "languages": _languages(languages),
        },
    )
    needs.skills.set(_skills(skills))
    return needs


def _profile(obj, id_, capacity=1) -> Profile:
    return Profile(
        id=id_,
        skills=frozenset(obj.skills.values_list("pk", flat=True)),
        tags=frozenset(obj.tags),
        sectors=frozenset(obj.sectors),
        languages=frozenset(obj.languages),
        capacity=capacity,
    )


def _explanation(f) -> dict:
    return {
        "skills": [str(s) for s in Skill.objects.filter(pk__in=f.skills)],
        "tags": f.tags,
        "sectors": f.sectors,
        "languages": f.languages,
    }


@transaction.atomic
def matches_propose(*, actor: User, call: Call) -> list[MentorMatch]:
    """The assignment of the cohort to mentors with the most total fit (mentors'
    capacities net of confirmed matches elsewhere); replaces unconfirmed proposals."""
    if not runs_call(actor, call):
        raise Forbidden(_("Only the accelerator's staff match mentors."))
    cohort = list(
        call.applications.filter(status=ApplicationStatus.ACCEPTED)
        .exclude(mentor_matches__confirmed=True)
        .select_related("needs")
    )
    needs = [_profile(a.needs, a.pk) for a in cohort if hasattr(a, "needs")]
    taken = {}
    for mentor_id in MentorMatch.objects.filter(confirmed=True).values_list("mentor_id", flat=True):
        taken[mentor_id] = taken.get(mentor_id, 0) + 1
    mentors = [
        _profile(p, p.mentor_id, max(p.capacity - taken.get(p.mentor_id, 0), 0))
        for p in MentorProfile.objects.prefetch_related("skills")
    ]
    assignment, _total = solve(needs, mentors)
    MentorMatch.objects.filter(application__call=call, confirmed=False).delete()
    by_need = {n.id: n for n in needs}
    by_mentor = {m.id: m for m in mentors}
    created = [
        MentorMatch.objects.create(
            application_id=app_id,
            mentor_id=mentor_id,
            fit=fit(by_need[app_id], by_mentor[mentor_id]).score,
            explanation=_explanation(fit(by_need[app_id], by_mentor[mentor_id])),
        )
        for app_id, mentor_id in sorted(assignment.items())
    ]
    audit(actor, "mentoring.propose", call, matches=len(created))
    return created


@transaction.atomic
def match_adjust(*, actor: User, application: Application, mentor: User) -> MentorMatch:
    """The operator's override: another mentor for this start-up (unconfirmed)."""
    if not runs_call(actor, application.call):
        raise Forbidden(_("Only the accelerator's staff match mentors."))
    profile = MentorProfile.objects.filter(mentor=mentor).first()
    if profile is None:
        raise DomainError(_("This person has no mentor profile."), code="not_a_mentor")
    if not hasattr(application, "needs"):
        raise DomainError(_("The start-up has not declared its needs."), code="no_needs")
    f = fit(_profile(application.needs, application.pk), _profile(profile, mentor.pk))
    MentorMatch.objects.filter(application=application).delete()
    match = MentorMatch.objects.create(
        application=application,
        mentor=mentor,
        fit=f.score if f else 0,
        explanation=_explanation(f) if f else {"note": "chosen by the accelerator"},
    )
    audit(actor, "mentoring.adjust", match)
    return match


@transaction.atomic
def matches_confirm(*, actor: User, call: Call) -> int:
    if not runs_call(actor, call):
        raise Forbidden(_("Only the accelerator's staff match mentors."))
    count = MentorMatch.objects.filter(application__call=call, confirmed=False).update(
        confirmed=True
    )
    audit(actor, "mentoring.confirm", call, matches=count)
    return count


def _cohort_member(actor, application: Application) -> None:
    if not (is_applicant(actor, application) or runs_call(actor, application.call)):
        raise Forbidden(_("Only the start-up and its accelerator follow its progress."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise Conflict(_("Only cohort start-ups report progress."), code="not_in_cohort")


@transaction.atomic
def kpi_report_set(
    *, actor: User, application: Application, quarter: dt.date, **figures: Decimal | int
) -> KpiReport:
    """File (or correct) a quarter's figures: jobs created (FTE), funds raised, revenue,
    TRL and patents filed."""
    _cohort_member(actor, application)
    check_in_window(quarter, what=_("A quarter"))
    quarter = quarter_start(quarter)
    if quarter > quarter_start(timezone.localdate()):
        raise DomainError(_("Report a quarter that has begun."), code="future_quarter")
    clean = {}
    try:
        for name in ("jobs_fte", "funds_raised", "revenue"):
            value = Decimal(str(figures.get(name, 0)))
            if value < 0:
                raise DomainError(_("Figures cannot be negative."), code="negative")
            clean[name] = value
    except InvalidOperation as exc:
        raise DomainError(_("Give the figures as numbers."), code="invalid_number") from exc
    trl = figures.get("trl")
    if not isinstance(trl, int) or not 1 <= trl <= 9:
        raise DomainError(_("The TRL is between 1 and 9."), code="invalid_trl")
    patents = figures.get("patents_filed", 0)
    if not isinstance(patents, int) or patents < 0:
        raise DomainError(_("Give the number of patents filed."), code="invalid_patents")
    report, _created = KpiReport.objects.update_or_create(
        application=application,
        quarter=quarter,
        defaults={**clean, "trl": trl, "patents_filed": patents},
    )
    audit(actor, "kpi.report", report)
    return report


@transaction.atomic
def milestone_set(
    *,
    actor: User,
    application: Application,
    title: str,
    due_on: dt.date,
    status: str = MilestoneStatus.PLANNED,
    milestone: Milestone | None = None,
) -> Milestone:
    _cohort_member(actor, application)
    if status not in MilestoneStatus.values:
        raise DomainError(_("Unknown status."), code="invalid_status")
    if not title.strip():
        raise DomainError(_("Name the milestone."), code="invalid_title")
    milestone = milestone or Milestone(application=application)
    milestone.title, milestone.due_on, milestone.status = title.strip()[:200], due_on, status
    milestone.done_on = timezone.localdate() if status == MilestoneStatus.DONE else None
    milestone.save()
    return milestone
