"""Progress towards the campus's target, counted as jobs filled: campus-trained people in
work plus the jobs accelerated start-ups created, each job once."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef

from biocampus.accelerator.models import Application, ApplicationStatus
from biocampus.accelerator.queries import jobs_created
from biocampus.common.disclosure import cell
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.outcomes.models import JobOutcome, OutcomeStatus


@dataclass(frozen=True)
class JobsFilled:
    campus_hires: int  # jobs taken by people after completing campus training
    startup_fte: Decimal  # jobs the accelerated start-ups report (FTE)
    overlap: int  # campus-trained people hired by those start-ups: already in their FTE

    @property
    def total(self) -> Decimal:
        return Decimal(self.campus_hires - self.overlap) + self.startup_fte

    @property
    def public_campus_hires(self) -> int | None:
        return cell(self.campus_hires)

    @property
    def public_total(self) -> Decimal | None:
        """Withheld with the campus count (the total minus the start-up FTE, shown, would
        give it back), and when the campus-trained people the start-ups hired are 1 to 4
        (the campus count plus the FTE minus the total would)."""
        if self.public_campus_hires is None or cell(self.overlap) is None:
            return None
        return self.total


def trained_jobs():
    """Employment outcomes that followed completed campus training (a programme completed
    before the job started), one per learner and start date: the same job told twice, by
    a hire and a follow-up, counts once."""
    trained_before = Enrolment.objects.filter(
        learner_id=OuterRef("learner_id"),
        status=EnrolmentStatus.COMPLETED,
        session__ends_at__date__lte=OuterRef("start_date"),
    )
    return JobOutcome.objects.filter(status=OutcomeStatus.EMPLOYED).filter(Exists(trained_before))


FIGURE_KEYS = ("outcomes:jobs-filled", "outcomes:pace")


def cached_jobs_filled() -> JobsFilled:
    """For the public pages: two counts over every job outcome, kept until an outcome
    changes (forget_figures) or a few minutes pass."""
    return cache.get_or_set(FIGURE_KEYS[0], jobs_filled, settings.JOBS_GAP_CACHE_SECONDS)


def forget_figures() -> None:
    """After a job is recorded, confirmed or corrected: the headline moves at once."""
    transaction.on_commit(lambda: cache.delete_many(FIGURE_KEYS))


def jobs_filled() -> JobsFilled:
    jobs = trained_jobs()
    startups = Application.objects.filter(status=ApplicationStatus.ACCEPTED).values("company_id")
    return JobsFilled(
        campus_hires=jobs.values("learner_id", "start_date").distinct().count(),
        startup_fte=jobs_created(),
        overlap=jobs.filter(employer_id__in=startups)
        .values("learner_id", "start_date")
        .distinct()
        .count(),
    )
