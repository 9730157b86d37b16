"""The demo campus's outcomes over the last year and a half: the demo companies' hires into
their vacancies (campus learners who accepted contact and confirmed, people from outside,
one learner who declined), vacancies filled, partly filled or closed unfilled, the jobs
learners and alumni found after their programmes (more often after some programmes and
operators than others), and the follow-ups 3, 6 and 12 months after completed programmes,
which about half the learners never answer. Everything goes through the services, then is
dated when it happened (the services stamp the present). Idempotent."""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from biocampus.accounts.models import Organisation, User
from biocampus.accounts.roles import HIRING_ROLES
from biocampus.catalog.models import Programme
from biocampus.common.workdays import is_open
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.outcomes import followups
from biocampus.outcomes.models import FollowUp, Hire, HireStatus, JobOutcome, OutcomeStatus
from biocampus.outcomes.services import (
    hire_answer,
    hire_record,
    live_hires,
    outcome_record,
    vacancy_close,
)
from biocampus.skills.models import (
    ClosedReason,
    ContactRequest,
    Contract,
    Occupation,
    ProgrammeOccupation,
    Vacancy,
    VacancyStatus,
)
from biocampus.skills.services.contacts import contact_request_answer, contact_request_create

# vacancy title -> (weeks since it was posted, campus hires, external hires, how it ends):
# "open" stays open, "filled" closes once every opening has a confirmed hire, "unfilled"
# closes after three months without anyone.
HIRING = {
    "Bioprocess technician (USP)": (38, 2, 1, "open"),
    "QC analyst — HPLC": (20, 0, 1, "open"),  # and the demo learner's hire to confirm
    "Validation engineer": (46, 0, 0, "unfilled"),
    "Gene therapy manufacturing operator": (50, 4, 2, "filled"),
    "QC microbiologist": (24, 1, 0, "open"),
    "CAR-T cleanroom operator": (30, 2, 0, "open"),
    "Diagnostics production technician": (42, 2, 1, "filled"),
    "Aseptic filling operator": (34, 3, 1, "open"),
    "Vaccine production technician": (14, 1, 1, "open"),
    "Automation engineer": (44, 0, 0, "unfilled"),
    "Supply chain planner (biologics)": (6, 0, 0, "open"),
    "Process data scientist": (28, 0, 1, "filled"),
}
# A learner offered the job declined it before its last opening went to someone else.
DECLINED_FIRST = "Aseptic filling operator"
DEMO_LEARNER_VACANCY = "QC analyst — HPLC"

# Employers learners name in follow-ups that are not on the campus (fictional), and
# whether they are in the region.
OTHER_EMPLOYERS = [
    ("Meuse Bioservices", True),
    ("Hainaut Contract Manufacturing", True),
    ("Liège Analytical Services", True),
    ("BioNamur Labs", True),
    ("Interim Sciences (agency)", True),
    ("Brabant Cell Factory", True),
    ("Ghent Biologics", False),
    ("Rhine Vaccines GmbH", False),
]
CONTRACTS = [Contract.PERMANENT] * 9 + [Contract.FIXED_TERM] * 5 + [Contract.TEMPORARY] * 3
CONTRACTS += [Contract.APPRENTICESHIP] * 2 + [Contract.INTERNSHIP]
# Who never answers any follow-up (those without a job more often: surveys of graduates
# hear less from them), and how often those who do let one pass.
NEVER_ANSWERS = {True: 0.4, False: 0.5}
SKIPS_ONE = 0.15
# Of those who never answer, some put their new job on their profile themselves.
REPORTS_OWN_JOB = 0.25
# How often a completer finds work in what the programme prepares for within a year, by
# operator; each programme is a little above or below its operator.
PLACES = {
    "cleanroom-skills-institute": 0.76,
    "wallonia-bioprocess-academy": 0.7,
    "haute-ecole-sciences-vie": 0.64,
    "biodata-school": 0.58,
    "digital-twin-lab": 0.5,
    "life-science-leaders": 0.44,
    "gosselies-venture-lab": 0.36,
}
PROGRAMME_SPREAD = 0.12
# Others find work outside the field; after a programme leading to no particular job,
# about half find work.
ELSEWHERE, WITHOUT_A_JOB_IN_VIEW = 0.1, 0.5
# The worker's daily sweep looks a quarter back past the last milestone: replayed every
# two months over the history, it asks every question that came due.
SWEEP_EVERY = dt.timedelta(days=60)


@dataclass(frozen=True)
class Job:
    start: dt.date
    employer_name: str
    occupation: Occupation | None
    contract: str
    in_region: bool


def seed_outcomes(*, campus_admin: User, demo_learner: User, rng: random.Random) -> bool:
    """Creates the demo outcomes once, after the past runs, vacancies and learners' consent
    are in place; returns whether it did."""
    if Hire.objects.exists() or JobOutcome.objects.exists():
        return False
    now = timezone.now()
    jobs: dict[int, Job] = {}
    for vacancy in Vacancy.objects.filter(title__in=HIRING).select_related("employer"):
        _hiring(vacancy, campus_admin, demo_learner, jobs, rng, now)
    if not Hire.objects.filter(status=HireStatus.DECLINED).exists():
        _declined_offer(campus_admin, demo_learner, jobs, rng, now)
    _schedule(timezone.localdate(now))
    _send(now)
    _answers(jobs, demo_learner, rng, now)
    _demo_learner(demo_learner, campus_admin, rng, now)
    return True


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


def _monday_from(day: dt.date) -> dt.date:
    """Jobs start on a Monday the campus is open (not in the Christmas shutdown)."""
    while day.weekday() != 0 or not is_open(day):
        day += dt.timedelta(days=1)
    return day


def _recruiter(employer: Organisation, campus_admin: User) -> User:
    """The company's own staff; for a company without an account, the campus's placement
    office records the hires it reports."""
    member = (
        User.objects.filter(memberships__organisation=employer, memberships__role__in=HIRING_ROLES)
        .order_by("pk")
        .first()
    )
    return member or campus_admin


def _hiring(vacancy: Vacancy, campus_admin: User, demo_learner: User, jobs, rng, now) -> None:
    weeks, campus, external, ends = HIRING[vacancy.title]
    posted = now - dt.timedelta(weeks=weeks, hours=rng.randint(0, 72))
    Vacancy.objects.filter(pk=vacancy.pk).update(created_at=posted)
    recruiter = _recruiter(vacancy.employer, campus_admin)
    kinds = ["campus"] * campus + ["external"] * external
    rng.shuffle(kinds)
    if vacancy.title == DECLINED_FIRST:
        # Late in the vacancy's life, when more of the campus's learners have completed.
        kinds.insert(len(kinds) - 1, "declined")
    confirmed_at = []
    when = posted
    for kind in kinds:
        # A hire every few weeks from the third week on, none in the last few days.
        gap = dt.timedelta(days=rng.randint(15, 42), minutes=rng.randint(0, 600))
        when = min(when + gap, now - dt.timedelta(days=4))
        learner = None
        if kind != "external":
            learner = _candidate(vacancy, when, demo_learner, jobs, rng)
            if learner is None and kind == "declined":
                continue  # nobody to decline yet: _declined_offer finds someone later
        if learner is not None:
            _contact(vacancy, recruiter, learner, when, rng)
        start = _monday_from(timezone.localdate(when) + dt.timedelta(days=rng.randint(14, 40)))
        hire = hire_record(
            actor=recruiter,
            vacancy=vacancy,
            learner=learner,
            start_date=start,
            contract=vacancy.contract,
        )
        Hire.objects.filter(pk=hire.pk).update(recorded_at=when)
        if learner is None:
            confirmed_at.append(when)
            continue
        answered = min(when + dt.timedelta(hours=rng.randint(6, 120)), now)
        accept = kind != "declined"
        hire_answer(actor=learner, hire=hire, accept=accept)
        Hire.objects.filter(pk=hire.pk).update(answered_at=answered)
        if accept:
            confirmed_at.append(answered)
            JobOutcome.objects.filter(hire=hire).update(recorded_at=answered, updated_at=answered)
            jobs[learner.pk] = Job(
                start, vacancy.employer.name, vacancy.occupation, vacancy.contract, True
            )
    _close(vacancy, recruiter, ends, posted, confirmed_at, rng)


def _declined_offer(campus_admin: User, demo_learner: User, jobs, rng, now) -> None:
    """A learner offered a job last week who said no: the first open vacancy with a free
    opening and a candidate."""
    when = now - dt.timedelta(days=7)
    for vacancy in Vacancy.objects.filter(title__in=HIRING, status=VacancyStatus.OPEN).order_by(
        "pk"
    ):
        learner = _candidate(vacancy, when, demo_learner, jobs, rng)
        if learner is None or live_hires(vacancy) >= vacancy.openings:
            continue
        recruiter = _recruiter(vacancy.employer, campus_admin)
        _contact(vacancy, recruiter, learner, when, rng)
        hire = hire_record(
            actor=recruiter,
            vacancy=vacancy,
            learner=learner,
            start_date=_monday_from(timezone.localdate(now) + dt.timedelta(days=21)),
            contract=vacancy.contract,
        )
        hire_answer(actor=learner, hire=hire, accept=False)
        Hire.objects.filter(pk=hire.pk).update(
            recorded_at=when, answered_at=when + dt.timedelta(hours=30)
        )
        return


def _candidate(vacancy: Vacancy, when: dt.datetime, demo_learner: User, jobs, rng) -> User | None:
    """A findable learner who completed, a fortnight or more before, a programme leading to
    the vacancy's job, has no job yet and was not contacted by this employer already."""
    contacted = ContactRequest.objects.filter(employer_id=vacancy.employer_id).values("learner_id")
    ids = sorted(
        set(
            Enrolment.objects.filter(
                status=EnrolmentStatus.COMPLETED,
                session__programme__occupation_links__occupation=vacancy.occupation_id,
                session__ends_at__lte=when - dt.timedelta(days=14),
                learner__is_active=True,
                learner__skills_profile__findable=True,
            )
            .exclude(learner_id__in=[demo_learner.pk, *jobs])
            .exclude(learner_id__in=contacted)
            .values_list("learner_id", flat=True)
        )
    )
    return User.objects.get(pk=rng.choice(ids)) if ids else None


def _contact(vacancy: Vacancy, recruiter: User, learner: User, when: dt.datetime, rng) -> None:
    """The employer asked to contact the learner a few weeks before hiring; they accepted."""
    request = contact_request_create(actor=recruiter, vacancy=vacancy, learner_id=learner.pk)
    contact_request_answer(actor=learner, request=request, accept=True)
    asked = when - dt.timedelta(days=rng.randint(10, 25))
    ContactRequest.objects.filter(pk=request.pk).update(
        created_at=asked, answered_at=asked + dt.timedelta(hours=rng.randint(3, 96))
    )


def _close(vacancy: Vacancy, recruiter: User, ends: str, posted, confirmed_at, rng) -> None:
    vacancy.refresh_from_db()
    if vacancy.filled_at is not None:
        # Filled when its last opening was confirmed, not when the demo was seeded.
        filled = max(confirmed_at)
        Vacancy.objects.filter(pk=vacancy.pk).update(filled_at=filled)
        closes_on = timezone.localdate(filled) + dt.timedelta(days=rng.randint(1, 7))
    else:
        closes_on = timezone.localdate(posted) + dt.timedelta(weeks=12)
    if ends == "open":
        return
    reason = ClosedReason.FILLED if ends == "filled" else ClosedReason.UNFILLED
    vacancy_close(actor=recruiter, vacancy=vacancy, reason=reason)
    Vacancy.objects.filter(pk=vacancy.pk).update(closes_on=closes_on)


def _schedule(today: dt.date) -> None:
    first = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).order_by("outcome_at")
    oldest = first.values_list("outcome_at", flat=True).first()
    day = timezone.localdate(oldest) if oldest else today
    while day < today:
        followups.schedule(day)
        day += SWEEP_EVERY
    followups.schedule(today)


def _send(now: dt.datetime) -> None:
    """The follow-ups that came due were e-mailed on their day (the worker's sweep stamps
    the present, and would e-mail the demo's fictional learners)."""
    due = list(FollowUp.objects.filter(sent_at=None, due_on__lt=timezone.localdate(now)))
    for follow_up in due:
        follow_up.sent_at = _at(follow_up.due_on, 9)
    FollowUp.objects.bulk_update(due, ["sent_at"], batch_size=500)


def _answers(jobs: dict[int, Job], demo_learner: User, rng, now: dt.datetime) -> None:
    leads_to = defaultdict(list)
    for link in ProgrammeOccupation.objects.select_related("occupation").order_by("pk"):
        leads_to[link.programme_id].append(link.occupation)
    places = _places(rng)
    elsewhere = list(Occupation.objects.filter(framework__slug="biocampus").order_by("code"))
    companies = _companies()
    asked = defaultdict(list)
    for follow_up in (
        FollowUp.objects.exclude(sent_at=None)
        .exclude(learner=demo_learner)
        .select_related("enrolment__session")
        .order_by("learner_id", "due_on", "id")
    ):
        asked[follow_up.learner_id].append(follow_up)
    silent = []
    for learner_id, questions in asked.items():
        if learner_id not in jobs:
            job = _found(questions, leads_to, places, elsewhere, companies, rng)
            if job is not None:
                jobs[learner_id] = job
        if rng.random() < NEVER_ANSWERS[learner_id in jobs]:
            silent.append(learner_id)
            continue
        job = jobs.get(learner_id)
        answered_on = set()
        for follow_up in questions:
            # Answering one question answers the others of the same date with it.
            if follow_up.due_on in answered_on or rng.random() < SKIPS_ONE:
                continue
            answered_on.add(follow_up.due_on)
            # Employed once the job has started; a job agreed but not begun is still looking.
            _answer(follow_up, job if job and job.start <= follow_up.due_on else None, rng, now)
    _own_reports(silent, jobs, rng, now)


def _places(rng) -> dict[int, float]:
    """Programme id -> how likely its completers find work in what it prepares for."""
    return {
        pk: PLACES.get(slug, 0.5) + rng.uniform(-PROGRAMME_SPREAD, PROGRAMME_SPREAD)
        for pk, slug in Programme.objects.order_by("pk").values_list("pk", "operator__slug")
    }


def _found(questions: list[FollowUp], leads_to, places, elsewhere, companies, rng) -> Job | None:
    """The job a learner found on their own, if any: after the latest programme they were
    asked about that prepares for a job, as what it prepares for (within a year, most
    often within six months), or in another field; or none."""
    completed = sorted({f.enrolment for f in questions}, key=lambda e: e.session.ends_at)
    towards = [e for e in completed if leads_to[e.session.programme_id]]
    after = (towards or completed)[-1]
    in_field = places[after.session.programme_id] if towards else 0.0
    roll = rng.random()
    if roll < in_field:
        # A job that the learner's other programmes prepare for too, where there is one.
        aims = leads_to[after.session.programme_id]
        shared = [
            o
            for o in aims
            if any(o in leads_to[e.session.programme_id] for e in towards if e != after)
        ]
        occupation = rng.choice(shared or aims)
        days = int(rng.triangular(14, 365, 45))
    elif roll < (in_field + ELSEWHERE if towards else WITHOUT_A_JOB_IN_VIEW):
        occupation = rng.choice(elsewhere) if rng.random() < 0.6 else None
        days = rng.randint(30, 330)
    else:
        return None
    if rng.random() < 0.55:
        name, in_region = rng.choice(companies), True
    else:
        name, in_region = rng.choice(OTHER_EMPLOYERS)
    return Job(
        start=_monday_from(timezone.localdate(after.session.ends_at) + dt.timedelta(days=days)),
        employer_name=name,
        occupation=occupation,
        contract=rng.choice(CONTRACTS),
        in_region=in_region,
    )


def _own_reports(silent: list[int], jobs: dict[int, Job], rng, now: dt.datetime) -> None:
    """Some who never answer a follow-up still record their new job on their profile, a
    few weeks after it started."""
    today = timezone.localdate(now)
    started = [pk for pk in silent if pk in jobs and jobs[pk].start < today]
    reporting = [pk for pk in started if rng.random() < REPORTS_OWN_JOB]
    for learner in User.objects.filter(pk__in=reporting).order_by("pk"):
        job = jobs[learner.pk]
        if JobOutcome.objects.filter(learner=learner, start_date=job.start).exists():
            continue  # confirmed from the employer's hire already
        outcome = outcome_record(
            actor=learner,
            status=OutcomeStatus.EMPLOYED,
            employer_name=job.employer_name,
            occupation=job.occupation,
            contract=job.contract,
            start_date=job.start,
            in_region=job.in_region,
        )
        told = min(_at(job.start, 19) + dt.timedelta(days=rng.randint(3, 45)), now)
        JobOutcome.objects.filter(pk=outcome.pk).update(recorded_at=told, updated_at=told)


def _companies() -> list[str]:
    return list(
        Organisation.objects.filter(kind="company", vacancies__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )


def _answer(follow_up: FollowUp, job: Job | None, rng, now: dt.datetime) -> None:
    status = OutcomeStatus.EMPLOYED if job else OutcomeStatus.LOOKING
    followups.answer(follow_up=follow_up, status=status)
    if job is not None:
        followups.details(
            follow_up=follow_up,
            employer_name=job.employer_name,
            occupation=job.occupation,
            contract=job.contract,
            start_date=job.start,
            in_region=job.in_region,
        )
    answered = min(follow_up.sent_at + dt.timedelta(hours=rng.randint(2, 21 * 24)), now)
    _date_answer(follow_up, answered)


def _date_answer(follow_up: FollowUp, answered: dt.datetime) -> None:
    FollowUp.objects.filter(
        learner_id=follow_up.learner_id, due_on=follow_up.due_on, answered_at__isnull=False
    ).update(answered_at=answered)
    JobOutcome.objects.filter(follow_up__pk=follow_up.pk).update(
        recorded_at=answered, updated_at=answered
    )


def _demo_learner(learner: User, campus_admin: User, rng, now: dt.datetime) -> None:
    """The demo learner answered her first follow-up "still looking" and let the later
    ones pass; NovaFerm then contacted her and recorded her hire, for her to confirm."""
    first = (
        FollowUp.objects.filter(learner=learner).exclude(sent_at=None).order_by("due_on").first()
    )
    if first is not None:
        followups.answer(follow_up=first, status=OutcomeStatus.LOOKING)
        _date_answer(first, min(first.sent_at + dt.timedelta(days=2, hours=3), now))
    vacancy = Vacancy.objects.filter(title=DEMO_LEARNER_VACANCY).select_related("employer").first()
    if vacancy is None:
        return
    recruiter = _recruiter(vacancy.employer, campus_admin)
    _contact(vacancy, recruiter, learner, now - dt.timedelta(days=4), rng)
    hire = hire_record(
        actor=recruiter,
        vacancy=vacancy,
        learner=learner,
        start_date=_monday_from(timezone.localdate(now) + dt.timedelta(weeks=4)),
        contract=vacancy.contract,
    )
    Hire.objects.filter(pk=hire.pk).update(recorded_at=now - dt.timedelta(days=2))
