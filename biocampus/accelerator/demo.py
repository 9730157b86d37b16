"""The demo accelerator: an open call and a closed call with its selected cohort, 15
applications, 5 reviewers (one lenient, one harsh), 6 mentors, four quarters of KPIs.
Idempotent."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from biocampus.accelerator.models import Application, Call, KpiReport, MentorProfile
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


def _person(email: str, name: str, password: str) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, full_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed_accelerator(
    accelerator: Organisation, staff: User, founder: User, password: str, rng: random.Random
) -> bool:
    """Creates the demo accelerator activity once; returns whether it did."""
    if Call.objects.filter(operator=accelerator).exists():
        return False
    Membership.objects.get_or_create(
        user=staff, organisation=accelerator, defaults={"role": Role.STAFF}
    )
    now = timezone.now()
    closed = call_create(
        actor=staff,
        operator=accelerator,
        title="Biotech Seed 2026",
        description="Six months of coaching, lab access and investor days for seed start-ups.",
        opens_at=now - dt.timedelta(days=400),
        closes_at=now - dt.timedelta(days=1),
        cohort_size=6,
        published=True,
        criteria=CRITERIA,
        questions=QUESTIONS,
    )
    call_create(
        actor=staff,
        operator=accelerator,
        title="Biomanufacturing Scale-up 2027",
        description="For start-ups moving a process from the lab to GMP pilot scale.",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=50),
        cohort_size=5,
        blind=True,
        published=True,
        criteria=CRITERIA,
        questions=QUESTIONS,
    )
    # The call was open when they applied; move the deadline into the past afterwards.
    Call.objects.filter(pk=closed.pk).update(closes_at=now + dt.timedelta(days=1))
    closed.refresh_from_db()
    applications = []
    for i, name in enumerate(STARTUPS):
        owner = (
            founder
            if i == 0
            else _person(f"founder{i + 1:02d}@biocampus.test", f"{name} founder", password)
        )
        application = application_start(actor=owner, call=closed, company_name=name)
        application = application_update(
            actor=owner,
            application=application,
            enterprise_number=NUMBERS[i],
            pitch=f"{name}: a better way to make biologics.",
            trl=rng.randint(2, 7),
            team_size=rng.randint(2, 25),
            sector=rng.choice(SECTORS),
            funds_raised=Decimal(rng.choice([0, 150000, 500000, 1200000])),
            answers={closed.questions.get().pk: rng.choice(["Yes", "No"])},
        )
        applications.append(application_submit(actor=owner, application=application))
    reviewers = [
        _person(f"reviewer{i}@biocampus.test", f"Reviewer {i}", password) for i in range(1, 6)
    ]
    # Reviewer 1 is lenient, reviewer 2 harsh; the others mark around the middle.
    bias = {reviewers[0].pk: 2, reviewers[1].pk: -2}
    criteria = list(closed.criteria.all())
    for a in applications:
        quality = rng.random()
        for reviewer in rng.sample(reviewers, 3):
            assignment = reviewer_assign(actor=staff, application=a, reviewer=reviewer)
            scores = {}
            for c in criteria:
                base = round(quality * c.scale_max) + bias.get(reviewer.pk, 0) + rng.randint(-1, 1)
                scores[c.pk] = (max(0, min(c.scale_max, base)), "")
            scores_submit(actor=reviewer, assignment=assignment, scores=scores)
    Call.objects.filter(pk=closed.pk).update(closes_at=now - dt.timedelta(days=60))
    closed.refresh_from_db()
    ranked = [r.application.pk for r in ranking(closed)]
    # The demo founder's start-up is in the cohort, so their account shows mentoring and KPIs.
    ranked.remove(applications[0].pk)
    ranked.insert(0, applications[0].pk)
    decisions = dict.fromkeys(ranked[:6], "accepted")
    decisions.update(dict.fromkeys(ranked[6:9], "reserve"))
    decisions.update(dict.fromkeys(ranked[9:], "rejected"))
    cohort_select(actor=staff, call=closed, decisions=decisions)

    mentors = []
    for i in range(1, 7):
        mentor = _person(f"mentor{i}@biocampus.test", f"Mentor {i}", password)
        Membership.objects.get_or_create(
            user=mentor, organisation=accelerator, defaults={"role": Role.MENTOR}
        )
        mentor_profile_set(
            actor=mentor,
            tags=rng.sample(TAGS, 3),
            sectors=rng.sample(SECTORS, 2),
            languages=rng.choice([["fr"], ["fr", "en"], ["en", "nl"]]),
            capacity=rng.randint(1, 2),
        )
        mentors.append(mentor)
    cohort = Application.objects.filter(call=closed, status="accepted").select_related("founder")
    for a in cohort:
        needs_set(
            actor=a.founder,
            application=a,
            tags=rng.sample(TAGS, 2),
            sectors=[a.sector or "cgt"],
            languages=["fr", "en"],
        )
    matches_propose(actor=staff, call=closed)
    matches_confirm(actor=staff, call=closed)
    this_quarter = quarter_start(timezone.localdate())
    quarters = []
    q = this_quarter
    for _ in range(4):
        q = quarter_start(q - dt.timedelta(days=1))
        quarters.append(q)
    for a in cohort:
        trl = a.trl
        for quarter in reversed(quarters):
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
    assert KpiReport.objects.filter(application__call=closed).count() == 4 * len(cohort)
    assert MentorProfile.objects.count() >= 6
    return True
