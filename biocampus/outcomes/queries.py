"""Reads of outcomes: a vacancy's fill state, and the training a job is attributed to."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.outcomes.models import HireStatus, JobOutcome
from biocampus.skills.models import ClosedReason, ContactStatus, Vacancy, VacancyStatus

# Training in the year before a job counts towards it.
ATTRIBUTION_WINDOW = dt.timedelta(days=365)


class FillState(TextChoices):
    OPEN = "open", _("Open")
    PARTLY_FILLED = "partly_filled", _("Partly filled")
    FILLED = "filled", _("Filled")
    CLOSED_UNFILLED = "closed_unfilled", _("Closed unfilled")


def fill_state(vacancy: Vacancy, confirmed: int | None = None) -> str:
    """From the confirmed hires against the openings, and whether the vacancy closed."""
    if confirmed is None:
        confirmed = vacancy.hires.filter(status=HireStatus.CONFIRMED).count()
    if confirmed >= vacancy.openings:
        return FillState.FILLED
    if vacancy.status == VacancyStatus.CLOSED and vacancy.closed_reason != ClosedReason.FILLED:
        return FillState.CLOSED_UNFILLED
    return FillState.PARTLY_FILLED if confirmed else FillState.OPEN


def accepted_candidates(vacancy: Vacancy):
    """Learners who accepted the employer's contact (for this vacancy or in general): the
    campus learners an employer may pick as hired."""
    return (
        User.objects.filter(
            Q(contact_requests__vacancy=vacancy) | Q(contact_requests__vacancy__isnull=True),
            contact_requests__employer_id=vacancy.employer_id,
            contact_requests__status=ContactStatus.ACCEPTED,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "id")
    )


def vacancy_hires(vacancy: Vacancy) -> dict:
    """What the employer's vacancy page shows about filling it."""
    hires = list(vacancy.hires.select_related("learner").order_by("recorded_at", "id"))
    # A learner named by e-mail stays unnamed to the employer until they confirm, unless
    # they had accepted the employer's contact already.
    consented = set(accepted_candidates(vacancy).values_list("pk", flat=True))
    for hire in hires:
        hire.named = hire.learner_id is not None and (
            hire.status == HireStatus.CONFIRMED or hire.learner_id in consented
        )
    confirmed = sum(1 for h in hires if h.status == HireStatus.CONFIRMED)
    live = sum(1 for h in hires if h.status != HireStatus.DECLINED)
    return {
        "hires": hires,
        "fill_state": fill_state(vacancy, confirmed),
        "confirmed": confirmed,
        "free": max(vacancy.openings - live, 0),
        "time_to_fill": time_to_fill(vacancy),
    }


def time_to_fill(vacancy: Vacancy) -> dt.timedelta | None:
    return vacancy.filled_at - vacancy.created_at if vacancy.filled_at else None


@dataclass
class Attribution:
    last: Enrolment | None  # the last programme completed before the job started
    within_year: list[Enrolment] = field(default_factory=list)  # all in the year before


def attribution(outcome: JobOutcome) -> Attribution:
    """The training a job follows: programmes the learner completed (sessions ended) on or
    before the start date, the last one and every one in the 12 months before."""
    return attributions(outcome.learner_id, [outcome]).get(outcome.pk, Attribution(last=None))


def attributions(learner_id: int, outcomes) -> dict[int, Attribution]:
    """`attribution` for several outcomes of one learner, from one query."""
    completed = list(
        Enrolment.objects.filter(learner_id=learner_id, status=EnrolmentStatus.COMPLETED)
        .select_related("session__programme")
        .order_by("-session__ends_at", "-id")
    )
    ended = {e.pk: timezone.localtime(e.session.ends_at).date() for e in completed}
    found = {}
    for outcome in outcomes:
        if outcome.start_date is None:
            continue
        before = [e for e in completed if ended[e.pk] <= outcome.start_date]
        since = outcome.start_date - ATTRIBUTION_WINDOW
        found[outcome.pk] = Attribution(
            last=before[0] if before else None,
            within_year=[e for e in before if ended[e.pk] >= since],
        )
    return found
