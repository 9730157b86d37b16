"""The demo accelerator: an open call and a closed call with its selected cohort, 15
applications, 5 reviewers (one lenient, one harsh), 6 mentors, four quarters of KPIs.
The closed call ran before the cohort's first reported quarter: applications while it was
open, reviews after it closed, then the decision. Idempotent."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from biocampus.accelerator.models import (
    Application,
    Assignment,
    Call,
    KpiReport,
    MentorMatch,
    MentorProfile,
)
from biocampus.accelerator.models.cohort import quarter_start
from biocampus.accelerator.ranking import ranking
from biocampus.accelerator.services.applications import (
    application_start,
    application_submit,
    application_update,
    call_create,
)
from biocampus.accelerator.services.cohort import (
    kpi_report_set,
    matches_confirm,
    matches_propose,
    mentor_profile_set,
    needs_set,
)
from biocampus.accelerator.services.reviews import (
    cohort_select,
    reviewer_assign,
    scores_submit,
)
from biocampus.accounts.models import Membership, Organisation, Role, User
from biocampus.common.workdays import is_open
from biocampus.skills.models import Skill

STARTUPS = [
    "Helixa Bio",
    "Sambre Cell",
    "NanoVax",
    "Biolumen",
    "ProtoFerm",
    "Cytoloop",
    "GeneBridge",
    "Vitaflow",
    "MycoPharm",
    "Quantia Dx",
    "Lymphix",
    "Aquabiotics",
    "Sporea",
    "Peptiva",
    "Nordic Fill",
]
# Enterprise numbers that pass the Belgian check (fictional companies).
NUMBERS = [
    "0312712855",
    "0677482840",
    "0910878993",
    "0872988716",
    "0840700582",
    "0252937891",
    "0413967492",
    "0298917376",
    "0615601095",
    "0838341504",
    "0577060423",
    "0596148043",
    "0746595835",
    "0518444313",
    "0861629125",
]
TAGS = ["fundraising", "ip", "regulatory", "gmp", "scale-up", "clinical", "partnering"]
SECTORS = ["cgt", "vaccines", "diagnostics", "biomanufacturing"]
CRITERIA = [
    {"name": "Team", "weight": 2, "scale_max": 5},
    {"name": "Science and technology", "weight": 2, "scale_max": 5},
    {"name": "Market", "weight": 1, "scale_max": 10},
]
QUESTIONS = [{"text": "Will you need wet-lab space on the campus?"}]
# Fictional people. The first reviewer marks leniently, the second harshly.
REVIEWERS = [
    ("Marc Delvaux", "marc.delvaux"),
    ("Ingrid Claessens", "ingrid.claessens"),
    ("Olivier Mertens", "olivier.mertens"),
    ("Katrien Dumont", "katrien.dumont"),
    ("Nicolas Ferrand", "nicolas.ferrand"),
]
# name, mailbox, expertise (free tags), sectors, languages, campus skills, start-ups at a time
MENTORS = [
    (
        "Hélène Vandenbroucke",
        "helene.vandenbroucke",
        ["regulatory", "clinical", "gmp"],
        ["cgt", "vaccines"],
        ["fr", "en"],
        ["regulatory-affairs", "gmp", "quality-risk-management"],
        2,
    ),
    (
        "Pieter De Smedt",
        "pieter.desmedt",
        ["fundraising", "partnering", "ip"],
        ["diagnostics", "cgt"],
        ["nl", "en"],
        ["fundraising", "negotiation", "pitching"],
        2,
    ),
    (
        "Sofia Marchetti",
        "sofia.marchetti",
        ["scale-up", "gmp", "partnering"],
        ["biomanufacturing", "vaccines"],
        ["en", "fr"],
        ["tech-transfer", "process-validation", "fill-finish"],
        1,
    ),
    (
        "Jean-Marc Lefèvre",
        "jean-marc.lefevre",
        ["ip", "partnering", "fundraising"],
        ["diagnostics", "biomanufacturing"],
        ["fr"],
        ["intellectual-property", "business-model", "negotiation"],
        2,
    ),
    (
        "Anneleen Verstraete",
        "anneleen.verstraete",
        ["clinical", "regulatory", "partnering"],
        ["cgt", "diagnostics"],
        ["nl", "fr", "en"],
        ["regulatory-affairs", "project-management"],
        1,
    ),
    (
        "Tomasz Kowalczyk",
        "tomasz.kowalczyk",
        ["scale-up", "gmp", "clinical"],
        ["vaccines", "cgt"],
        ["en"],
        ["tech-transfer", "cell-therapy", "lean"],
        1,
    ),
]


def _person(email: str, name: str, password_hash: str) -> User:
    """The account, created with the demo password's hash (hashing once for all of them
    keeps the seed fast)."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, password=password_hash, full_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


def _open_day_before(day: dt.date) -> dt.date:
    """`day`, or the last open day before it: deadlines and decisions fall on working days."""
    while not is_open(day):
        day -= dt.timedelta(days=1)
    return day


def _reported_quarters() -> list[dt.date]:
    """The four quarters before this one, oldest first: the cohort reports KPIs for each."""
    quarters = [quarter_start(timezone.localdate())]
    for _ in range(4):
        quarters.insert(0, quarter_start(quarters[0] - dt.timedelta(days=1)))
    return quarters[:4]


def seed_accelerator(
    accelerator: Organisation,
    staff: User,
    founder: User,
    password_hash: str,
    rng: random.Random,
) -> bool:
    """Creates the demo accelerator activity once; returns whether it did. Its people sign
    in with the demo password, whose hash is `password_hash`."""
    if Call.objects.filter(operator=accelerator).exists():
        return False
    Membership.objects.get_or_create(
        user=staff, organisation=accelerator, defaults={"role": Role.STAFF}
    )
    now = timezone.now()
    quarters = _reported_quarters()
    # The selected cohort started with its first reported quarter, three weeks after the
    # decision; the call was open ten weeks and closed four weeks before the decision.
    decision_day = _open_day_before(quarters[0] - dt.timedelta(days=21))
    decided = _local(decision_day, 10)
    closes = _local(_open_day_before(decision_day - dt.timedelta(days=28)), 12)
    opens = _local(_open_day_before(decision_day - dt.timedelta(days=98)), 9)
    closed = call_create(
        actor=staff,
        operator=accelerator,
        title=f"Biotech Seed {quarters[0].year}",  # named for the year its cohort starts
        description="Six months of coaching, lab access and investor days for seed start-ups.",
        opens_at=opens,
        # Open while the demo's founders submit (the service refuses late applications);
        # the real deadline is set once they have.
        closes_at=now + dt.timedelta(days=1),
        cohort_size=6,
        published=True,
        criteria=CRITERIA,
        questions=QUESTIONS,
    )
    next_closes = now + dt.timedelta(days=50)
    call_create(
        actor=staff,
        operator=accelerator,
        title=f"Biomanufacturing Scale-up {(next_closes + dt.timedelta(days=60)).year}",
        description="For start-ups moving a process from the lab to GMP pilot scale.",
        opens_at=now - dt.timedelta(days=10),
        closes_at=next_closes,
        cohort_size=5,
        blind=True,
        published=True,
        criteria=CRITERIA,
        questions=QUESTIONS,
    )
    applications = _applications(closed, founder, password_hash, rng)
    Call.objects.filter(pk=closed.pk).update(closes_at=closes)
    closed.refresh_from_db()
    _reviews(staff, closed, applications, password_hash, rng)
    ranked = [r.application.pk for r in ranking(closed)]
    # The demo founder's start-up is in the cohort, so their account shows mentoring and KPIs.
    ranked.remove(applications[0].pk)
    ranked.insert(0, applications[0].pk)
    decisions = dict.fromkeys(ranked[:6], "accepted")
    decisions.update(dict.fromkeys(ranked[6:9], "reserve"))
    decisions.update(dict.fromkeys(ranked[9:], "rejected"))
    cohort_select(actor=staff, call=closed, decisions=decisions)
    cohort = Application.objects.filter(call=closed, status="accepted").select_related("founder")
    _mentoring(accelerator, staff, closed, cohort, password_hash, rng)
    _date_the_selection(closed, decided, rng)
    _kpis(cohort, quarters, rng)
    assert KpiReport.objects.filter(application__call=closed).count() == 4 * len(cohort)
    assert MentorProfile.objects.count() >= 6
    return True


def _applications(call: Call, founder: User, password_hash: str, rng) -> list[Application]:
    applications = []
    for i, name in enumerate(STARTUPS):
        owner = (
            founder
            if i == 0
            else _person(f"founder{i + 1:02d}@biocampus.test", f"{name} founder", password_hash)
        )
        application = application_start(actor=owner, call=call, company_name=name)
        application = application_update(
            actor=owner,
            application=application,
            enterprise_number=NUMBERS[i],
            pitch=f"{name}: a better way to make biologics.",
            trl=rng.randint(2, 7),
            team_size=rng.randint(2, 25),
            sector=rng.choice(SECTORS),
            funds_raised=Decimal(rng.choice([0, 150000, 500000, 1200000])),
            answers={call.questions.get().pk: rng.choice(["Yes", "No"])},
        )
        applications.append(application_submit(actor=owner, application=application))
    return applications


def _reviews(staff: User, call: Call, applications, password_hash: str, rng) -> None:
    reviewers = [
        _person(f"{mailbox}@biocampus.test", name, password_hash) for name, mailbox in REVIEWERS
    ]
    # Reviewer 1 is lenient, reviewer 2 harsh; the others mark around the middle.
    bias = {reviewers[0].pk: 2, reviewers[1].pk: -2}
    criteria = list(call.criteria.all())
    for a in applications:
        quality = rng.random()
        for reviewer in rng.sample(reviewers, 3):
            assignment = reviewer_assign(actor=staff, application=a, reviewer=reviewer)
            scores = {}
            for c in criteria:
                base = round(quality * c.scale_max) + bias.get(reviewer.pk, 0) + rng.randint(-1, 1)
                scores[c.pk] = (max(0, min(c.scale_max, base)), "")
            scores_submit(actor=reviewer, assignment=assignment, scores=scores)


def _mentoring(
    accelerator: Organisation, staff: User, call: Call, cohort, password_hash: str, rng
) -> None:
    skills = dict(Skill.objects.filter(framework__slug="biocampus").values_list("code", "id"))
    for name, mailbox, tags, sectors, languages, codes, capacity in MENTORS:
        mentor = _person(f"{mailbox}@biocampus.test", name, password_hash)
        Membership.objects.get_or_create(
            user=mentor, organisation=accelerator, defaults={"role": Role.MENTOR}
        )
        mentor_profile_set(
            actor=mentor,
            skills=[skills[code] for code in codes],
            tags=tags,
            sectors=sectors,
            languages=languages,
            capacity=capacity,
        )
    for a in cohort:
        needs_set(
            actor=a.founder,
            application=a,
            tags=rng.sample(TAGS, 2),
            sectors=[a.sector or "cgt"],
            languages=["fr", "en"],
        )
    matches_propose(actor=staff, call=call)
    matches_confirm(actor=staff, call=call)


def _date_the_selection(call: Call, decided: dt.datetime, rng: random.Random) -> None:
    """The services stamp each step with the present; the demo dates it when it happened:
    each application started and submitted while the call was open, reviewed in the weeks
    after it closed, decided on, then matched with a mentor."""
    Call.objects.filter(pk=call.pk).update(created_at=call.opens_at - dt.timedelta(days=12))
    for application in call.applications.all():
        started = call.opens_at + (call.closes_at - call.opens_at) * rng.uniform(0.05, 0.8)
        submitted = started + (call.closes_at - started) * rng.uniform(0.1, 0.95)
        Application.objects.filter(pk=application.pk).update(
            created_at=started,
            submitted_at=submitted,
            decided_at=decided if application.decided_at else None,
            updated_at=decided,
        )
    for assignment in Assignment.objects.filter(application__call=call):
        assigned = call.closes_at + dt.timedelta(days=rng.uniform(1, 4))
        scored = assigned + (decided - assigned) * rng.uniform(0.2, 0.9)
        Assignment.objects.filter(pk=assignment.pk).update(
            assigned_at=assigned, submitted_at=scored
        )
    MentorMatch.objects.filter(application__call=call).update(
        created_at=decided + dt.timedelta(days=10)
    )


def _kpis(cohort, quarters: list[dt.date], rng: random.Random) -> None:
    for a in cohort:
        trl = a.trl
        for quarter in quarters:
            trl = min(trl + rng.choice([0, 0, 1]), 9)
            kpi_report_set(
                actor=a.founder,
                application=a,
                quarter=quarter,
                jobs_fte=Decimal(rng.choice(["0", "0.5", "1", "1.5", "2", "3"])),
                funds_raised=Decimal(rng.choice([0, 0, 50000, 250000, 800000])),
                revenue=Decimal(rng.choice([0, 0, 20000, 60000])),
                trl=trl,
                patents_filed=rng.choice([0, 0, 0, 1]),
            )
