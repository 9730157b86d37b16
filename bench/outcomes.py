"""Outcomes at campus scale: 100,000 learners, 300,000 completions (with their 3-, 6- and
12-month follow-ups), 60,000 job outcomes and 5,000 vacancies on PostgreSQL, then

- the uncached computations behind the outcomes tables (placement tallies, filling per
  occupation) and the jobs-gap progress (jobs filled, the quarterly pace);
- `GET /api/v1/insights/outcomes` by programme, operator, pillar and occupation as a client
  sees it (cached, after a first request), p50/p95 over many requests.

    createdb -h 127.0.0.1 -U postgres biocampus_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/biocampus_bench \\
        .venv/bin/python bench/outcomes.py

Target: the outcomes insights answer in under 300 ms p95. The data is made once and kept
(`--rebuild` makes it again).
"""

import argparse
import datetime as dt
import random
import statistics
import time

from _setup import django_setup, percentile

PREFIX = "outcomes-bench"


def _populate(rng: random.Random, learners: int, completions: int, outcomes: int, vacancies: int):
    from dateutil.relativedelta import relativedelta
    from django.db import connection
    from django.utils import timezone

    from biocampus.accounts.models import Organisation, User
    from biocampus.catalog.models import Pillar, Programme, Session
    from biocampus.enrolment.models import Enrolment
    from biocampus.outcomes.models import FollowUp, Hire, JobOutcome
    from biocampus.skills.models import (
        Framework,
        Occupation,
        OccupationLink,
        ProgrammeOccupation,
        Vacancy,
    )

    t0 = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    framework = Framework.objects.create(slug=PREFIX, name="Bench jobs", version="1")
    occupations = Occupation.objects.bulk_create(
        Occupation(
            framework=framework,
            uri=f"urn:{PREFIX}:job:{i}",
            code=f"job-{i}",
            kind="occupation",
            labels={"en": f"Bench job {i}"},
        )
        for i in range(80)
    )
    # Families of four jobs under a broader one: placement counts related jobs too.
    OccupationLink.objects.bulk_create(
        OccupationLink(source=o, target=occupations[i - i % 4], kind="broader")
        for i, o in enumerate(occupations)
        if i % 4
    )
    operators = Organisation.objects.bulk_create(
        Organisation(slug=f"{PREFIX}-op-{i}", name=f"Bench operator {i}", kind="operator")
        for i in range(20)
    )
    employers = Organisation.objects.bulk_create(
        Organisation(
            slug=f"{PREFIX}-co-{i}",
            name=f"Bench company {i}",
            kind="company",
            verification="verified",
        )
        for i in range(200)
    )
    pillars = list(Pillar.objects.all())
    programmes = Programme.objects.bulk_create(
        Programme(
            operator=operators[i % len(operators)],
            title=f"Bench programme {i}",
            summary="Bench",
            pillar=pillars[i % len(pillars)],
            format="on_site",
            duration_hours=35,
            status="published",
        )
        for i in range(200)
    )
    prepares = {p.pk: rng.sample(occupations, rng.choice([1, 1, 2])) for p in programmes}
    ProgrammeOccupation.objects.bulk_create(
        ProgrammeOccupation(programme_id=pk, occupation=o)
        for pk, jobs in prepares.items()
        for o in jobs
    )
    # Runs ended over the last two years, 8 per programme.
    sessions = Session.objects.bulk_create(
        Session(
            programme=programmes[i % len(programmes)],
            starts_at=(end := now - dt.timedelta(days=rng.randint(1, 730))) - dt.timedelta(days=5),
            ends_at=end,
            enrolment_deadline=end - dt.timedelta(days=6),
            capacity=250,
            status="completed",
        )
        for i in range(1600)
    )
    users = []
    for start in range(0, learners, 10_000):
        users += User.objects.bulk_create(
            User(email=f"{PREFIX}-{i}@bench.test", password="!", full_name=f"Learner {i}")
            for i in range(start, min(start + 10_000, learners))
        )
    print(f"  {len(users):,} learners, {len(sessions):,} past sessions")

    done = []  # (enrolment, learner, session)
    pairs = set()
    while len(pairs) < completions:
        pairs.add((rng.randrange(len(users)), rng.randrange(len(sessions))))
    pairs = sorted(pairs)
    for start in range(0, len(pairs), 10_000):
        chunk = pairs[start : start + 10_000]
        made = Enrolment.objects.bulk_create(
            Enrolment(
                session=sessions[s],
                learner=users[u],
                seats=1,
                status="completed",
                outcome_at=sessions[s].ends_at,
            )
            for u, s in chunk
        )
        done += [(e, users[u], sessions[s]) for e, (u, s) in zip(made, chunk, strict=True)]
    print(f"  {len(done):,} completions")

    follow_ups = []
    for enrolment, learner, session in done:
        ended = timezone.localtime(session.ends_at).date()
        for months in (3, 6, 12):
            due = ended + relativedelta(months=months)
            if due > today:
                break
            # About 45 % never answer.
            answered = rng.random() < 0.55
            follow_ups.append(
                FollowUp(
                    learner=learner,
                    enrolment=enrolment,
                    months=months,
                    due_on=due,
                    sent_at=now,
                    answer=rng.choice(["employed", "looking"]) if answered else "",
                    answered_at=now if answered else None,
                )
            )
    for start in range(0, len(follow_ups), 20_000):
        FollowUp.objects.bulk_create(follow_ups[start : start + 20_000])
    print(f"  {len(follow_ups):,} follow-ups")

    rows = []
    for _enrolment, learner, session in rng.sample(done, outcomes):
        if rng.random() < 0.75:
            ended = timezone.localtime(session.ends_at).date()
            jobs = prepares[session.programme_id]
            rows.append(
                JobOutcome(
                    learner=learner,
                    status="employed",
                    start_date=ended + dt.timedelta(days=rng.randint(5, 420)),
                    occupation=rng.choice(jobs) if rng.random() < 0.7 else rng.choice(occupations),
                    employer=rng.choice(employers) if rng.random() < 0.5 else None,
                    employer_name="Bench employer",
                    contract="permanent",
                    in_region=True,
                    source="follow_up",
                )
            )
        else:
            rows.append(JobOutcome(learner=learner, status="looking", source="follow_up"))
    JobOutcome.objects.bulk_create(rows, batch_size=10_000)
    print(f"  {len(rows):,} job outcomes")

    made = Vacancy.objects.bulk_create(
        Vacancy(
            employer=rng.choice(employers),
            occupation=rng.choice(occupations),
            title="Bench vacancy",
            location="Gosselies",
            contract="permanent",
            openings=rng.randint(1, 4),
            closes_on=today + dt.timedelta(days=30),
            status=rng.choice(["open", "open", "closed"]),
        )
        for _i in range(vacancies)
    )
    ago = {v.pk: now - dt.timedelta(days=rng.randint(1, 360)) for v in made}
    for vacancy in made:
        vacancy.created_at = ago[vacancy.pk]
        if rng.random() < 0.6:
            vacancy.filled_at = vacancy.created_at + dt.timedelta(days=rng.randint(7, 120))
    Vacancy.objects.bulk_update(made, ["created_at", "filled_at"], batch_size=5000)
    hires = [
        Hire(
            vacancy=v,
            source=(source := rng.choice(["campus", "external", "external"])),
            learner=rng.choice(users) if source == "campus" else None,
            start_date=today,
            contract="permanent",
            status="confirmed",
        )
        for v in made
        for _i in range(rng.randint(0, v.openings))
    ]
    Hire.objects.bulk_create(hires, batch_size=10_000)
    print(f"  {len(made):,} vacancies, {len(hires):,} hires")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    print(f"made in {time.perf_counter() - t0:.0f} s")


def _clear() -> None:
    from biocampus.accounts.models import Organisation, User
    from biocampus.catalog.models import Programme
    from biocampus.enrolment.models import Enrolment
    from biocampus.outcomes.models import FollowUp, Hire, JobOutcome
    from biocampus.skills.models import Framework, Vacancy

    bench_users = User.objects.filter(email__startswith=PREFIX)
    FollowUp.objects.filter(learner__in=bench_users).delete()
    JobOutcome.objects.filter(learner__in=bench_users).delete()
    Hire.objects.filter(vacancy__employer__slug__startswith=PREFIX).delete()
    Vacancy.objects.filter(employer__slug__startswith=PREFIX).delete()
    Enrolment.objects.filter(learner__in=bench_users).delete()
    Programme.objects.filter(operator__slug__startswith=PREFIX).delete()
    bench_users.delete()
    Organisation.objects.filter(slug__startswith=PREFIX).delete()
    Framework.objects.filter(slug=PREFIX).delete()


def _timed(fn, runs: int) -> list[float]:
    times = []
    for _i in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t0))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--completions", type=int, default=300_000)
    parser.add_argument("--outcomes", type=int, default=60_000)
    parser.add_argument("--vacancies", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200, help="per grouping")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    django_setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from biocampus.accounts.models import User
    from biocampus.enrolment.models import Enrolment
    from biocampus.outcomes.insights import _occupation_figures
    from biocampus.outcomes.models import FollowUp, Hire, JobOutcome
    from biocampus.outcomes.pace import pace
    from biocampus.outcomes.placement import programme_tallies
    from biocampus.outcomes.progress import jobs_filled
    from biocampus.skills.models import Vacancy

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    if args.rebuild:
        _clear()
    if not User.objects.filter(email__startswith=PREFIX).exists():
        _populate(random.Random(14), args.learners, args.completions, args.outcomes, args.vacancies)
    print(
        f"data: {User.objects.count():,} users, "
        f"{Enrolment.objects.filter(status='completed').count():,} completions, "
        f"{FollowUp.objects.count():,} follow-ups, {JobOutcome.objects.count():,} outcomes, "
        f"{Vacancy.objects.count():,} vacancies, {Hire.objects.count():,} hires"
    )

    print("\nuncached computations (ms, 3 runs: min / median / max)")
    for name, fn in (
        ("placement tallies (every programme)", programme_tallies),
        ("filling per occupation", lambda: _occupation_figures(timezone.localdate())),
        ("jobs filled (jobs-gap headline)", jobs_filled),
        ("quarterly pace (jobs-gap chart)", pace),
    ):
        times = _timed(fn, 3)
        print(f"  {name:38} {min(times):7.0f} {statistics.median(times):7.0f} {max(times):7.0f}")

    print(f"\nGET /api/v1/insights/outcomes, {args.requests} requests each (ms)")
    client = Client(SERVER_NAME="127.0.0.1")  # an allowed host with DEBUG off
    cache.clear()
    worst = 0.0
    for by in ("programme", "operator", "pillar", "occupation"):
        url = f"/api/v1/insights/outcomes?by={by}"
        first = _timed(lambda url=url: client.get(url, secure=True), 1)[0]
        times = _timed(lambda url=url: client.get(url, secure=True), args.requests)
        assert client.get(url, secure=True).status_code == 200
        p95 = percentile(times, 95)
        worst = max(worst, p95)
        print(
            f"  by={by:11} first (uncached where nothing else warmed it) {first:6.0f}   "
            f"p50 {percentile(times, 50):5.1f}   p95 {p95:5.1f}"
        )
    verdict = "PASS" if worst < 300 else "FAIL"
    print(f"\nworst p95 {worst:.1f} ms (target < 300 ms): {verdict}")


if __name__ == "__main__":
    main()
