"""Every write to hires and job outcomes. A vacancy's row is locked while its openings are
counted, so two recruiters cannot fill the last opening twice."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.dates import check_in_window
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound, TooMany
from biocampus.common.quotas import over_quota
from biocampus.outbox.queue import notify
from biocampus.outcomes.models import (
    Hire,
    HireSource,
    HireStatus,
    JobOutcome,
    OutcomeSource,
    OutcomeStatus,
)
from biocampus.outcomes.progress import forget_figures
from biocampus.outcomes.queries import accepted_candidates
from biocampus.skills.access import can_manage_vacancies_of
from biocampus.skills.models import (
    ClosedReason,
    Contract,
    OccupationKind,
    Vacancy,
    VacancyStatus,
)

# Hires that hold an opening: the confirmed ones and those waiting for the learner.
LIVE = (HireStatus.PENDING, HireStatus.CONFIRMED)


def _locked_vacancy(actor: User, vacancy: Vacancy) -> Vacancy:
    if not can_manage_vacancies_of(actor, vacancy.employer_id):
        raise Forbidden(_("Only the employer's staff record hires."))
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


# Naming people by e-mail tells whether an address belongs to a campus learner and sends
# them an e-mail: a company gets a working day's worth, not a list's.
INVITATIONS_PER_DAY = 20


def _count_invitation(vacancy: Vacancy) -> None:
    key = f"hire-invitations:{vacancy.employer_id}:{timezone.localdate().isoformat()}"
    if over_quota(key, limit=INVITATIONS_PER_DAY, seconds=2 * 86400):
        raise TooMany(
            _("Your company has named %(n)s people by e-mail today: name more tomorrow.")
            % {"n": INVITATIONS_PER_DAY},
            code="too_many_invitations",
        )


def _check_hire_fields(start_date, contract: str) -> None:
    if not isinstance(start_date, dt.date):
        raise DomainError(_("Give the start date."), code="invalid_start_date")
    check_in_window(start_date, what=_("The start date"))
    if contract not in Contract.values:
        raise DomainError(_("Unknown contract type."), code="invalid_contract")


def live_hires(vacancy: Vacancy) -> int:
    """Hires holding an opening: confirmed, or waiting for the learner."""
    return vacancy.hires.filter(status__in=LIVE).count()


def fill_refresh(vacancy: Vacancy) -> None:
    """Keep `filled_at` (time-to-fill) in step with the confirmed hires; called by every
    write that changes hires or openings, the vacancy's row locked."""
    confirmed = vacancy.hires.filter(status=HireStatus.CONFIRMED).count()
    filled = confirmed >= vacancy.openings
    if filled and vacancy.filled_at is None:
        vacancy.filled_at = timezone.now()
    elif not filled:
        vacancy.filled_at = None
    vacancy.save(update_fields=["filled_at"])


@transaction.atomic
def hire_record(
    *,
    actor: User,
    vacancy: Vacancy,
    start_date: dt.date,
    contract: str,
    learner: User | None = None,
    learner_email: str = "",
) -> Hire:
    """An opening filled: by a campus learner (one who accepted the employer's contact,
    or named by e-mail), who then confirms; or, with neither given, by someone external."""
    vacancy = _locked_vacancy(actor, vacancy)
    _check_hire_fields(start_date, contract)
    if vacancy.status != VacancyStatus.OPEN:
        raise Conflict(_("Only an open vacancy takes hires."), code="vacancy_not_open")
    if live_hires(vacancy) >= vacancy.openings:
        raise Conflict(_("Every opening of this vacancy is already filled."), code="filled")
    if learner_email and learner is None:
        _count_invitation(vacancy)
        learner = User.objects.filter(email__iexact=learner_email.strip(), is_active=True).first()
        if learner is None:
            raise DomainError(
                _("No campus learner has this e-mail address."), code="unknown_learner"
            )
        if vacancy.hires.filter(learner=learner, status=HireStatus.DECLINED).exists():
            # Declining is an answer: asking again would only send the e-mail again.
            raise Conflict(
                _("This person declined this job already and is not asked again."),
                code="declined",
            )
    elif learner is not None and not accepted_candidates(vacancy).filter(pk=learner.pk).exists():
        # Without the learner's consent the employer cannot pick them from the campus.
        raise DomainError(_("This learner is not among your candidates."), code="not_a_candidate")
    if learner is not None and vacancy.hires.filter(learner=learner, status__in=LIVE).exists():
        raise Conflict(_("This learner is already hired for this vacancy."), code="duplicate")
    hire = Hire.objects.create(
        vacancy=vacancy,
        source=HireSource.CAMPUS if learner else HireSource.EXTERNAL,
        learner=learner,
        start_date=start_date,
        contract=contract,
        status=HireStatus.PENDING if learner else HireStatus.CONFIRMED,
        recorded_by=actor,
    )
    audit(actor, "hire.record", hire, source=hire.source)
    if learner is not None:
        notify("outcomes.hire_to_confirm", [(learner.pk, {"hire": hire.pk})])
    fill_refresh(vacancy)
    return hire


@transaction.atomic
def hire_answer(*, actor: User, hire: Hire, accept: bool) -> Hire:
    """The learner confirms (the job goes on their record) or declines (the opening is
    free again)."""
    hire = Hire.objects.select_for_update().select_related("vacancy").get(pk=hire.pk)
    if hire.learner_id != actor.pk:
        raise NotFound(_("Not found."))
    if hire.status != HireStatus.PENDING:
        raise Conflict(_("This hire is already answered."), code="answered")
    vacancy = Vacancy.objects.select_for_update().get(pk=hire.vacancy_id)
    hire.status = HireStatus.CONFIRMED if accept else HireStatus.DECLINED
    hire.answered_at = timezone.now()
    hire.save(update_fields=["status", "answered_at"])
    if accept:
        JobOutcome.objects.create(
            learner=actor,
            status=OutcomeStatus.EMPLOYED,
            employer=vacancy.employer,
            employer_name=vacancy.employer.name,
            occupation=vacancy.occupation,
            contract=hire.contract,
            start_date=hire.start_date,
            in_region=True,
            source=OutcomeSource.HIRE,
            hire=hire,
        )
    audit(actor, "hire.confirm" if accept else "hire.decline", hire)
    fill_refresh(vacancy)
    if accept:
        forget_figures()
    return hire


@transaction.atomic
def vacancy_close(*, actor: User, vacancy: Vacancy, reason: str) -> Vacancy:
    """Close a vacancy: filled (every opening has a confirmed hire), unfilled or withdrawn."""
    vacancy = _locked_vacancy(actor, vacancy)
    if reason not in ClosedReason.values:
        raise DomainError(_("Say why the vacancy closes."), code="invalid_reason")
    if vacancy.status == VacancyStatus.CLOSED:
        raise Conflict(_("This vacancy is already closed."), code="closed")
    confirmed = vacancy.hires.filter(status=HireStatus.CONFIRMED).count()
    if reason == ClosedReason.FILLED and confirmed < vacancy.openings:
        raise Conflict(
            _("Record a hire for each opening before closing the vacancy as filled."),
            code="not_filled",
        )
    vacancy.status, vacancy.closed_reason = VacancyStatus.CLOSED, reason
    vacancy.save(update_fields=["status", "closed_reason"])
    audit(actor, "vacancy.close", vacancy, reason=reason)
    return vacancy


EDITABLE = ("status", "employer_name", "occupation", "contract", "start_date", "in_region")


def _clean_outcome(fields: dict) -> dict:
    status = fields.get("status")
    if status not in OutcomeStatus.values:
        raise DomainError(
            _("Say whether you are employed or still looking."), code="invalid_status"
        )
    if status == OutcomeStatus.LOOKING:
        # Still looking: nothing about a job is kept.
        return {
            "status": status,
            "employer_name": "",
            "occupation": None,
            "contract": "",
            "start_date": None,
            "in_region": None,
        }
    start = fields.get("start_date")
    if not isinstance(start, dt.date):
        raise DomainError(_("Give the date the job started."), code="invalid_start_date")
    check_in_window(start, what=_("The start date"))
    if start > timezone.localdate() + dt.timedelta(days=366):
        raise DomainError(_("Record a job starting within a year."), code="invalid_start_date")
    contract = fields.get("contract") or ""
    if contract and contract not in Contract.values:
        raise DomainError(_("Unknown contract type."), code="invalid_contract")
    occupation = fields.get("occupation")
    if occupation is not None and occupation.kind != OccupationKind.OCCUPATION:
        raise DomainError(_("Unknown occupation."), code="unknown_occupation")
    employer_name = (fields.get("employer_name") or "").strip()[:200]
    if not employer_name:
        raise DomainError(_("Give the employer's name."), code="invalid_employer")
    return {
        "status": status,
        "employer_name": employer_name,
        "occupation": occupation,
        "contract": contract,
        "start_date": start,
        "in_region": fields.get("in_region"),
    }


@transaction.atomic
def outcome_record(*, actor: User, source: str = OutcomeSource.SELF, **fields) -> JobOutcome:
    """The learner's situation as they tell it: employed (where, as what, from when) or
    still looking."""
    outcome = JobOutcome.objects.create(learner=actor, source=source, **_clean_outcome(fields))
    audit(actor, "outcome.record", outcome, status=outcome.status, source=source)
    forget_figures()
    return outcome


@transaction.atomic
def outcome_correct(*, actor: User, outcome: JobOutcome, **changes) -> JobOutcome:
    """Correct what the learner said. A job confirmed from an employer's hire is the
    employer's record too: it is declined there, not edited here."""
    outcome = JobOutcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.learner_id != actor.pk:
        raise NotFound(_("Not found."))
    if outcome.source == OutcomeSource.HIRE:
        raise Conflict(
            _("This job came from your employer's record of the hire; ask them to correct it."),
            code="from_hire",
        )
    current = {name: getattr(outcome, name) for name in EDITABLE}
    for name, value in _clean_outcome({**current, **changes}).items():
        setattr(outcome, name, value)
    outcome.save()
    audit(actor, "outcome.correct", outcome, fields=sorted(changes))
    forget_figures()
    return outcome
