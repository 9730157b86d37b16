"""Credentials at campus scale: one operator's programme (four taught skills, an EQF level,
a three-year validity) completed by 10,000 learners over 250 past sessions, then

- issuing each completion its Open Badges 3.0 credential through the real service
  (`credential_issue`: a status-list index, the document, the VC-JWT signature);
- verifying every one as a verifier would (`verify_jwt`: signature, structure, dates and
  status);
- revoking a sample through `credential_revoke` as the operator's staff and verifying all
  of them again: exactly the revoked ones must come back revoked.

Prints the rates (credentials/s, ms per credential p50/p95) and exits non-zero when any
verification says something other than the truth.

    createdb -h 127.0.0.1 -U postgres biocampus_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/biocampus_bench \\
        .venv/bin/python bench/credentials.py [--credentials 10000] [--revoke 100]

Each run makes its learners afresh and removes the previous run's (`--profile` prints
where the time of issuing and verifying goes, under cProfile).
"""

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from _setup import django_setup, percentile

PREFIX = "credentials-bench"
PER_SESSION = 40


def _clear() -> None:
    """The previous runs' operator with everything it issued (their rows are protected)."""
    from biocampus.accounts.models import Organisation, User
    from biocampus.catalog.models import Programme, Session
    from biocampus.common.models import AuditEvent
    from biocampus.credentials.models import Credential, SigningKey, StatusList
    from biocampus.enrolment.models import Enrolment
    from biocampus.skills.models import Framework

    operators = Organisation.objects.filter(slug__startswith=PREFIX)
    issued = Credential.objects.filter(issuer__in=operators)
    keys = SigningKey.objects.filter(issuer__in=operators)
    for model, rows in (("credential", issued), ("signingkey", keys)):
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        for start in range(0, len(ids), 5000):  # within a statement's parameter limit
            AuditEvent.objects.filter(
                object_type=f"credentials.{model}", object_id__in=ids[start : start + 5000]
            ).delete()
    issued.delete()
    StatusList.objects.filter(issuer__in=operators).delete()
    keys.delete()
    Enrolment.objects.filter(session__programme__operator__in=operators).delete()
    Session.objects.filter(programme__operator__in=operators).delete()
    Programme.objects.filter(operator__in=operators).delete()
    User.objects.filter(email__startswith=PREFIX, email__endswith="@bench.test").delete()
    operators.delete()
    Framework.objects.filter(slug=PREFIX).delete()


def _populate(count: int):
    """The world the credentials certify, in bulk: nothing here is timed."""
    from django.utils import timezone

    from biocampus.accounts.models import Membership, Organisation, User
    from biocampus.catalog.models import Language, Pillar, Programme, Session
    from biocampus.enrolment.models import Enrolment
    from biocampus.skills.models import Framework, ProgrammeSkill, Skill, SkillRole

    operator = Organisation.objects.create(
        name="Bench Bioprocess Academy", slug=f"{PREFIX}-op", kind="training_operator"
    )
    staff = User.objects.create(email=f"{PREFIX}-staff@bench.test", password="!")
    Membership.objects.create(user=staff, organisation=operator, role="staff")
    framework = Framework.objects.create(slug=PREFIX, name="Bench competences", version="1")
    # Labelled and described in two languages, about the size of an ESCO skill's row.
    skills = Skill.objects.bulk_create(
        Skill(
            framework=framework,
            uri=f"urn:{PREFIX}:skill:{i}",
            code=f"BB-{i}",
            kind="skill",
            labels={"en": en, "fr": fr},
            alt_labels={
                "en": [f"{en} ({n})" for n in range(6)],
                "fr": [f"{fr} ({n})" for n in range(6)],
            },
            descriptions={
                "en": f"{en.capitalize()}: " + "what it takes. " * 20,
                "fr": f"{fr}. " * 20,
            },
        )
        for i, (en, fr) in enumerate(
            (
                ("aseptic technique", "technique aseptique"),
                ("GMP documentation", "documentation BPF"),
                ("bioreactor operation", "conduite de bioréacteur"),
                ("QC sampling", "échantillonnage CQ"),
            )
        )
    )
    programme = Programme.objects.create(
        operator=operator,
        title="Upstream bioprocessing operator",
        summary="Run a single-use bioreactor under GMP",
        pillar=Pillar.objects.order_by("position").first(),
        format="on_site",
        eqf_level=4,
        duration_hours=Decimal(70),
        credential_valid_months=36,
        status="published",
    )
    programme.languages.set([Language.objects.get(code="en")])
    ProgrammeSkill.objects.bulk_create(
        ProgrammeSkill(programme=programme, skill=s, role=SkillRole.TEACHES) for s in skills
    )
    now = timezone.now()
    sessions = Session.objects.bulk_create(
        Session(
            programme=programme,
            starts_at=(end := now - dt.timedelta(days=5 + i)) - dt.timedelta(days=9),
            ends_at=end,
            enrolment_deadline=end - dt.timedelta(days=10),
            capacity=PER_SESSION,
            confirmed_seats=PER_SESSION,
            status="completed",
        )
        for i in range(-(-count // PER_SESSION))
    )
    learners = User.objects.bulk_create(
        (
            User(email=f"{PREFIX}-{i}@bench.test", password="!", full_name=f"Learner {i}")
            for i in range(count)
        ),
        batch_size=5000,
    )
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(
                session=sessions[i // PER_SESSION],
                learner=learner,
                seats=1,
                status="completed",
                confirmed_at=sessions[i // PER_SESSION].starts_at,
                outcome_at=sessions[i // PER_SESSION].ends_at,
            )
            for i, learner in enumerate(learners)
        ),
        batch_size=5000,
    )
    return staff, enrolments


class QueryCounter:
    """Counts the statements run, at the cost of one call each (DEBUG is off)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@dataclass
class Run:
    results: list
    times: list[float]  # ms per call
    wall: float  # s
    cpu: float  # s of this process
    database_cpu: float  # s of its database server process (0 on SQLite)
    statements: int


def _backend_cpu(pid: int | None) -> float:
    """CPU seconds the PostgreSQL backend serving this connection has used: the figures
    stay readable when other work shares the machine."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(fn, items: list, backend: int | None, profile: cProfile.Profile | None) -> Run:
    """fn over every item: the results, each call's time and what the whole cost."""
    from django.db import connection

    counter = QueryCounter()
    results, times = [], []
    with connection.execute_wrapper(counter):
        if profile:
            profile.enable()
        start, cpu, database = time.perf_counter(), time.process_time(), _backend_cpu(backend)
        for item in items:
            t0 = time.perf_counter()
            results.append(fn(item))
            times.append(1000 * (time.perf_counter() - t0))
        wall = time.perf_counter() - start
        cpu, database = time.process_time() - cpu, _backend_cpu(backend) - database
        if profile:
            profile.disable()
    return Run(results, times, wall, cpu, database, counter.count)


def _report(name: str, run: Run) -> None:
    count = len(run.times)
    # SQLite runs in this process: its CPU is already in the first figure.
    database = f" + database {1000 * run.database_cpu / count:5.2f} ms" if run.database_cpu else ""
    print(
        f"{name:10} {count:,} in {run.wall:6.1f} s: {count / run.wall:6.0f} credentials/s"
        f"   p50 {percentile(run.times, 50):5.2f} ms   p95 {percentile(run.times, 95):5.2f} ms"
        f"   CPU {1000 * run.cpu / count:5.2f} ms{database}"
        f"   {run.statements / count:.1f} statements each"
    )


def _print_profile(title: str, profile: cProfile.Profile) -> None:
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
    print(f"\n--- {title}: cProfile, by cumulative time ---")
    print(out.getvalue())


def _wrong_answers(results, credentials, revoked_ids: set) -> list[str]:
    """Each verification against the truth: every check passed, or exactly the status
    check failed on a credential that was revoked; and the credential it found is the one
    that was verified."""
    from biocampus.credentials.queries import REVOKED, VALID, credential_state

    wrong = []
    for result, credential in zip(results, credentials, strict=True):
        failed = [c.code for c in result.checks if not c.passed]
        codes = sorted(c.code for c in result.checks)
        expected = ["status"] if credential.pk in revoked_ids else []
        state = REVOKED if credential.pk in revoked_ids else VALID
        if (
            failed != expected
            or codes != ["dates", "signature", "status", "structure"]
            or result.credential is None
            or result.credential.pk != credential.pk
            or credential_state(result.credential) != state
        ):
            wrong.append(f"{credential.pk}: failed {failed}, expected {expected}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--credentials", type=int, default=10_000)
    parser.add_argument("--revoke", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top entries")
    args = parser.parse_args()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from biocampus.credentials.models import Credential
    from biocampus.credentials.services import credential_issue, credential_revoke
    from biocampus.credentials.verify import verify_jwt

    if connection.vendor != "postgresql":
        print("warning: DATABASE_URL is not PostgreSQL")
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    _clear()
    staff, enrolments = _populate(args.credentials)
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load, and every run starts from the same state
        # (the previous run's rows are gone, not left dead where autovacuum is off).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    version = ".".join(str(part) for part in connection.get_database_version())
    print(
        f"database: {connection.vendor} {version}   cores (nproc): {len(os.sched_getaffinity(0))}"
    )
    print(
        f"setup: 1 operator, 1 programme teaching 4 skills, "
        f"{len({e.session_id for e in enrolments}):,} past sessions, "
        f"{len(enrolments):,} learners with a completed enrolment, "
        f"made in {time.perf_counter() - t0:.1f} s"
    )
    print()

    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]

    profile = cProfile.Profile() if args.profile else None
    run = _timed(lambda e: credential_issue(enrolment=e), enrolments, backend, profile)
    _report("issuing", run)
    if profile:
        _print_profile("issuing", profile)
    issued = run.results

    profile = cProfile.Profile() if args.profile else None
    tokens = [c.jwt for c in issued]
    run = _timed(verify_jwt, tokens, backend, profile)
    _report("verifying", run)
    if profile:
        _print_profile("verifying", profile)
    wrong = _wrong_answers(run.results, issued, set())
    print(f"valid: {sum(r.valid for r in run.results):,} of {len(run.results):,}")

    sample = random.Random(15).sample(issued, args.revoke)
    reason = "Bench: copied assessment"
    run = _timed(
        lambda c: credential_revoke(actor=staff, credential=c, reason=reason), sample, backend, None
    )
    _report("revoking", run)
    revoked_ids = {c.pk for c in sample}
    run = _timed(verify_jwt, tokens, backend, None)
    _report("verifying", run)
    wrong += _wrong_answers(run.results, issued, revoked_ids)
    said_revoked = {r.credential.pk for r in run.results if r.revoked and r.credential}
    print(
        f"revoked {len(revoked_ids)}: {len(said_revoked)} verify as revoked, "
        f"{sum(r.valid for r in run.results):,} as valid"
        f"{' (exactly the revoked ones)' if said_revoked == revoked_ids else ' (WRONG ONES)'}"
    )
    stored = Credential.objects.filter(issuer=issued[0].issuer).count()
    distinct = len({(c.status_list_id, c.status_index) for c in issued})
    if stored != len(enrolments) or distinct != len(enrolments):
        wrong.append(f"{stored} credentials stored, {distinct} distinct status entries")
    for line in wrong[:20]:
        print(f"WRONG {line}")
    print("all results correct" if not wrong else f"{len(wrong)} WRONG results")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
