"""Every write to vacancies and hiring forecasts."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation, OrganisationKind, User
from biocampus.common.audit import audit
from biocampus.common.dates import check_in_window
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.outcomes.queries import FillState, fill_state
from biocampus.outcomes.services import fill_refresh, live_hires
from biocampus.skills.access import can_manage_vacancies_of
from biocampus.skills.models import (
    ClosedReason,
    Contract,
    HiringForecast,
    Occupation,
    OccupationKind,
    Relation,
    Skill,
    SkillKind,
    Vacancy,
    VacancySkill,
    VacancyStatus,
)

MAX_SKILLS = 60


def _employer(actor, employer_id: int) -> Organisation:
    employer = Organisation.objects.filter(pk=employer_id, kind=OrganisationKind.COMPANY).first()
    if employer is None:
        raise NotFound(_("Unknown employer."))
    if not can_manage_vacancies_of(actor, employer.pk):
        raise Forbidden(_("Only the employer's staff may do this."))
    return employer


def _occupation(occupation_id: int) -> Occupation:
    occupation = Occupation.objects.filter(pk=occupation_id, kind=OccupationKind.OCCUPATION).first()
    if occupation is None:
        raise DomainError(_("Unknown occupation."), code="unknown_occupation")
    return occupation


def _check(fields: dict) -> None:
    if not (fields.get("title") or "").strip():
        raise DomainError(_("Give the vacancy a title."), code="invalid_title")
    if fields.get("contract") not in Contract.values:
        raise DomainError(_("Unknown contract type."), code="invalid_contract")
    openings = fields.get("openings", 1)
    if not isinstance(openings, int) or not 1 <= openings <= 500:
        raise DomainError(_("Openings must be between 1 and 500."), code="invalid_openings")
    if fields.get("status", VacancyStatus.DRAFT) not in VacancyStatus.values:
        raise DomainError(_("Unknown status."), code="invalid_status")
    closes_on = fields.get("closes_on")
    if not isinstance(closes_on, dt.date) or closes_on < timezone.localdate():
        raise DomainError(_("The closing date must be today or later."), code="invalid_closing")
    check_in_window(closes_on, what=_("The closing date"))


def _set_skills(vacancy: Vacancy, skills: list[tuple[int, str]] | None) -> None:
    if skills is None:  # default: what the occupation asks for
        skills = list(vacancy.occupation.skill_relations.values_list("skill_id", "relation"))
    wanted = dict(skills)
    if len(wanted) > MAX_SKILLS:
        raise DomainError(_("A vacancy lists at most 60 skills."), code="too_many_skills")
    if any(r not in Relation.values for r in wanted.values()):
        raise DomainError(_("A skill is essential or optional."), code="invalid_relation")
    known = set(
        Skill.objects.filter(pk__in=wanted)
        .exclude(kind=SkillKind.GROUP)
        .values_list("pk", flat=True)
    )
    if known != set(wanted):
        raise DomainError(_("Unknown skill(s) in the list."), code="unknown_skill")
    VacancySkill.objects.filter(vacancy=vacancy).delete()
    VacancySkill.objects.bulk_create(
        VacancySkill(vacancy=vacancy, skill_id=s, relation=r) for s, r in sorted(wanted.items())
    )


@transaction.atomic
def vacancy_create(
    *,
    actor: User,
    employer_id: int,
    occupation_id: int,
    skills: list[tuple[int, str]] | None = None,
    **fields: Any,
) -> Vacancy:
    employer = _employer(actor, employer_id)
    occupation = _occupation(occupation_id)
    fields.setdefault("openings", 1)
    _check(fields)
    vacancy = Vacancy.objects.create(
        employer=employer,
        occupation=occupation,
        created_by=actor,
        title=fields["title"].strip(),
        description=fields.get("description", "").strip(),
        location=fields.get("location", "").strip(),
        contract=fields["contract"],
        openings=fields["openings"],
        closes_on=fields["closes_on"],
        status=fields.get("status", VacancyStatus.DRAFT),
    )
    _set_skills(vacancy, skills)
    audit(actor, "vacancy.create", vacancy)
    return vacancy


EDITABLE = ("title", "description", "location", "contract", "openings", "closes_on", "status")


@transaction.atomic
def vacancy_update(
    *,
    actor: User,
    vacancy: Vacancy,
    skills: list[tuple[int, str]] | None = None,
    occupation_id: int | None = None,
    **fields: Any,
) -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if not can_manage_vacancies_of(actor, vacancy.employer_id):
        raise Forbidden(_("Only the employer's staff may do this."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    merged = {name: getattr(vacancy, name) for name in EDITABLE} | fields
    if "closes_on" not in fields:  # an old closing date may stand when not being changed
        merged["closes_on"] = max(vacancy.closes_on, timezone.localdate())
    _check(merged)
    # Hires hold openings: a vacancy keeps at least as many as it has live hires.
    live = live_hires(vacancy)
    if merged["openings"] < live:
        raise Conflict(
            _("%(n)d openings are already filled or waiting for confirmation.") % {"n": live},
            code="openings_taken",
        )
    for name, value in fields.items():
        setattr(vacancy, name, value.strip() if isinstance(value, str) else value)
    if occupation_id is not None:
        vacancy.occupation = _occupation(occupation_id)
    if vacancy.status != VacancyStatus.CLOSED:
        vacancy.closed_reason = ""
    elif not vacancy.closed_reason:
        # Closed from the edit form rather than "Close the vacancy": filled or withdrawn,
        # as the confirmed hires say.
        filled = fill_state(vacancy) == FillState.FILLED
        vacancy.closed_reason = ClosedReason.FILLED if filled else ClosedReason.WITHDRAWN
    vacancy.save()
    fill_refresh(vacancy)
    if skills is not None or occupation_id is not None:
        _set_skills(vacancy, skills)
    audit(actor, "vacancy.update", vacancy, fields=sorted(fields))
    return vacancy


@transaction.atomic
def vacancy_skill_set(
    *, actor: User, vacancy: Vacancy, skill_id: int, relation: str | None
) -> Vacancy:
    """Require one skill as essential or optional (`relation`), or drop it (None). The
    vacancy row is locked first, so two edits of its skills never lose one another."""
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    current = dict(locked.skill_links.values_list("skill_id", "relation"))
    current.pop(skill_id, None)
    if relation:
        current[skill_id] = relation
    return vacancy_update(actor=actor, vacancy=locked, skills=sorted(current.items()))


@transaction.atomic
def forecast_set(
    *, actor: User, employer_id: int, occupation_id: int, year: int, headcount: int
) -> HiringForecast:
    employer = _employer(actor, employer_id)
    occupation = _occupation(occupation_id)
    if not isinstance(year, int) or not timezone.localdate().year <= year <= 2100:
        raise DomainError(_("Forecast this year or a later one."), code="invalid_year")
    if not isinstance(headcount, int) or not 0 <= headcount <= 10000:
        raise DomainError(_("Headcount must be between 0 and 10,000."), code="invalid_headcount")
    forecast, _created = HiringForecast.objects.update_or_create(
        employer=employer, occupation=occupation, year=year, defaults={"headcount": headcount}
    )
    audit(actor, "forecast.set", forecast, headcount=headcount)
    return forecast


@transaction.atomic
def vacancy_delete(*, actor: User, vacancy: Vacancy) -> None:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if not can_manage_vacancies_of(actor, vacancy.employer_id):
        raise Forbidden(_("Only the employer's staff may do this."))
    if vacancy.status != VacancyStatus.DRAFT:
        raise Conflict(
            _("Only a draft can be deleted; close the vacancy instead."), code="not_draft"
        )
    audit(actor, "vacancy.delete", vacancy, title=vacancy.title)
    vacancy.delete()
