"""Seed a believable demo campus. Idempotent: a second run changes nothing."""

import datetime as dt
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from biocampus.accelerator.demo import seed_accelerator
from biocampus.accounts.models import Membership, Organisation, Role, User, Verification
from biocampus.catalog.models import Meeting, Pillar, Programme, Session
from biocampus.catalog.services import MeetingSlot, programme_create, session_create
from biocampus.common.errors import DomainError
from biocampus.common.progress import Steps
from biocampus.enrolment.services import enrolment_create, enrolment_record_outcome
from biocampus.facilities.demo import seed_facilities
from biocampus.immersion.demo import seed_immersion
from biocampus.outcomes.demo import seed_outcomes
from biocampus.portal import demo_credentials, demo_skills
from biocampus.portal import demo_data as data
from biocampus.portal import demo_schedule as schedule
from biocampus.portal.demo_alumni import seed_alumni
from biocampus.skills.models import CAMPUS_FRAMEWORK, Framework
from biocampus.skills.services.campus_framework import campus_framework_load
from biocampus.skills.services.vectors import framework_vectors_update

PASSWORD = "biocampus-demo"  # noqa: S105 - the documented demo password
ACCOUNTS = [
    ("admin@biocampus.test", "Camille Admin", "", "campus"),
    ("operator@biocampus.test", "Olivia Operator", "", "operator"),
    ("learner@biocampus.test", "Léa Learner", "job_seeker", None),
    ("teacher@biocampus.test", "Thomas Teacher", "teacher", "school"),
    ("employer@biocampus.test", "Emma Employer", "", "company"),
    ("founder@biocampus.test", "Felix Founder", "entrepreneur", "startup"),
]
# The course the demo learner completed, towards the job she aims at (QC analyst).
DEMO_LEARNER_COMPLETED = "QC analytics: HPLC and capillary electrophoresis"
QUIET_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "email"],
    }
}
# Past runs of a programme that prepares for a job are booked well (10-20 completers), so
# its placement can be measured; each of today's learners took one to three of them.
PAST_CAPACITY = [12, 16, 16, 20, 24]
OLD_PAST_CAPACITY = [24, 28, 30]
PAST_RUNS_OF_TODAYS_LEARNERS = (1, 3)


class Command(BaseCommand):
    help = "Create the demo campus, its operators, programmes, sessions and learners."

    def handle(self, *args, **options) -> None:
        rng = random.Random(2026)  # fixed seed: the same campus every time
        # Hashing takes a tenth of a second: once for the few hundred demo accounts.
        self.password = make_password(PASSWORD)
        names = data.full_names(rng)
        # Demo enrolments must not queue hundreds of e-mails to fictional people.
        with override_settings(TASKS=QUIET_TASKS), transaction.atomic():
            orgs = self._organisations()
            users = self._accounts(orgs)
            learners = [users["learner@biocampus.test"], *self._learners(names, rng)]
            campus_framework_load()
            created = self._programmes(orgs, users)
            # Before any outcome is recorded, so completions verify the skills taught.
            demo_skills.link_programmes()
            low, high = PAST_RUNS_OF_TODAYS_LEARNERS
            self.past_budget = {x.pk: rng.randint(low, high) for x in learners[1:]}
            self.alumni_seats: list[tuple[Session, int]] = []
            for programme in created:
                self._sessions(programme, learners, rng)
            alumni = seed_alumni(self.alumni_seats, names[len(learners) - 1 :], self.password, rng)
            demo_credentials.seed_credentials(alumni, users["operator@biocampus.test"])
            if created:
                self._class_visit(users["teacher@biocampus.test"])
            demo_skills.employers_demand(users["admin@biocampus.test"])
            demo_skills.learners_profiles(learners[1:], rng)
            demo_skills.demo_learner(users["learner@biocampus.test"])
            seed_facilities(orgs["eu-biotech-campus"], users["admin@biocampus.test"], rng)
            seed_immersion(
                orgs["eu-biotech-campus"],
                users["admin@biocampus.test"],
                users["teacher@biocampus.test"],
                self.password,
                # Its own stream: the demo after it stays the same with or without it.
                random.Random(18),
            )
            seed_accelerator(
                orgs["gosselies-venture-lab"],
                users["gosselies-venture-lab"],
                users["founder@biocampus.test"],
                self.password,
                rng,
            )
            # Last: hires and follow-ups need the past runs, vacancies and learners' consent.
            seed_outcomes(
                campus_admin=users["admin@biocampus.test"],
                demo_learner=users["learner@biocampus.test"],
                rng=rng,
            )
        # The demo ships ready: skill extraction answers with the hybrid ranker at once.
        framework_vectors_update(
            Framework.objects.get(slug=CAMPUS_FRAMEWORK), progress=Steps(self.stdout._out)
        )
        self._print_accounts(len(created))

    def _organisations(self) -> dict[str, Organisation]:
        rows = [data.CAMPUS, *data.OPERATORS]
        rows += [(slug, name, "company") for slug, name in data.COMPANIES]
        rows += [(slug, name, "school") for slug, name in data.SCHOOLS]
        orgs = {}
        for i, (slug, name, kind) in enumerate(rows):
            defaults = {"name": name, "kind": kind}
            if kind == "company":
                # The demo's employers are ones the campus has verified.
                defaults |= {
                    "enterprise_number": data.enterprise_number(i),
                    "verification": Verification.VERIFIED,
                    "verification_note": "Demo employer.",
                }
            orgs[slug], _ = Organisation.objects.get_or_create(slug=slug, defaults=defaults)
        return orgs

    def _user(self, email: str, name: str, audience: str = "", **extra) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email, password=self.password, full_name=name, audience=audience, **extra
            )
            # Demo addresses count as verified, so sign-in works with mandatory verification.
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def _accounts(self, orgs) -> dict[str, User]:
        homes = {
            "campus": (orgs["eu-biotech-campus"], Role.ADMIN),
            "school": (orgs["athenee-royal-charleroi"], Role.STAFF),
            "company": (orgs["novaferm-biologics"], Role.RECRUITER),
            "startup": (orgs["cellula-therapeutics"], Role.ADMIN),
        }
        users = {}
        for email, name, audience, home in ACCOUNTS:
            extra = {"is_staff": True, "is_superuser": True} if home == "campus" else {}
            user = users[email] = self._user(email, name, audience, **extra)
            if home == "operator":
                # The demo operator runs two providers, to show the multi-operator back office.
                for slug in ("wallonia-bioprocess-academy", "cleanroom-skills-institute"):
                    Membership.objects.get_or_create(
                        user=user, organisation=orgs[slug], defaults={"role": Role.STAFF}
                    )
            elif home:
                org, role = homes[home]
                Membership.objects.get_or_create(
                    user=user, organisation=org, defaults={"role": role}
                )
        # Each other provider gets its own staff member, who owns its programmes.
        for slug, name, _kind in data.OPERATORS:
            staff = self._user(f"staff@{slug}.test", f"{name} staff")
            Membership.objects.get_or_create(
                user=staff, organisation=orgs[slug], defaults={"role": Role.STAFF}
            )
            users[slug] = staff
        return users

    def _learners(self, names: list[str], rng: random.Random) -> list[User]:
        learners = []
        audiences = ["job_seeker", "student", "employee", "researcher", "employee"]
        for i in range(80):
            email = f"learner{i + 1:02d}@biocampus.test"
            learners.append(
                self._user(
                    email,
                    names[i],
                    audiences[i % len(audiences)],
                    preferred_language="fr" if i % 3 else "en",
                )
            )
        return learners

    def _programmes(self, orgs, users) -> list[Programme]:
        pillars = {p.slug: p for p in Pillar.objects.all()}
        created = []
        for row in data.PROGRAMMES:
            slug, pillar, title, summary, fmt, langs, eqf, hours, price, audiences = row
            operator = orgs[slug]
            if Programme.objects.filter(operator=operator, title=title).exists():
                continue
            created.append(
                programme_create(
                    actor=users[slug],
                    operator=operator,
                    title=title,
                    summary=summary,
                    description=summary,
                    pillar=pillars[pillar],
                    format=fmt,
                    languages=langs,
                    audiences=audiences,
                    eqf_level=eqf,
                    duration_hours=Decimal(hours),
                    price=Decimal(price),
                    funding_note="Free for job seekers registered with the regional employment "
                    "service"
                    if price
                    else "",
                    learning_outcomes=summary,
                    credential_valid_months=demo_credentials.valid_months(title),
                    status="published",
                )
            )
        return created

    def _class_visit(self, teacher: User) -> None:
        """The demo teacher has booked seats for a class in a STEM immersion visit."""
        session = (
            Session.objects.filter(programme__pillar__slug="stem-immersion", status="scheduled")
            .order_by("starts_at")
            .first()
        )
        if session is not None:
            seats = min(12, session.capacity)
            enrolment_create(actor=teacher, session_id=session.pk, seats=seats, group_name="5e B")

    def _sessions(self, programme: Programme, learners, rng) -> None:
        actor = User.objects.filter(
            memberships__organisation=programme.operator, memberships__role=Role.STAFF
        ).first()
        today = timezone.localdate()
        for run in schedule.upcoming_runs(programme.title, programme.duration_hours, today, rng):
            session = self._session(programme, actor, run, rng)
            # Some sessions nearly full, some with a waiting list, some quiet.
            demand = rng.choice([0.3, 0.6, 0.9, 1.0, 1.4])
            wanted = min(int(session.capacity * demand), len(learners))
            for learner in rng.sample(learners, wanted):
                enrolment_create(actor=learner, session_id=session.pk)
        # The demo learner completed only the course behind the job she aims at (QC
        # analyst), in its oldest run, so her follow-ups and a hire have something to follow.
        demo_learner, taken = learners[0], set()
        for i, past in enumerate(self._past_runs(programme, rng)):
            mine = i == 0 and programme.title == DEMO_LEARNER_COMPLETED
            # Nobody takes the same course twice, nor more past runs than they were given.
            fresh = [x for x in learners[1:] if x not in taken and self.past_budget[x.pk] > 0]
            completer = demo_learner if mine else None
            session, chosen, free = self._history(programme, actor, past, fresh, rng, completer)
            taken |= chosen
            for learner in chosen - {demo_learner}:
                self.past_budget[learner.pk] -= 1
            # The places today's learners left go to alumni, who are seeded after.
            self.alumni_seats.append((session, free))

    def _past_runs(self, programme: Programme, rng) -> list[schedule.Run]:
        """Programmes that prepare for a job ran two to four times over the last 20 months,
        so placement 6 and 12 months after them can be measured; about half of the others
        ran once."""
        today, title, hours = timezone.localdate(), programme.title, programme.duration_hours
        if programme.occupation_links.exists():
            count = rng.choice([2, 2, 3, 3])
            return schedule.past_runs(title, hours, today, rng, count=count)
        return [schedule.past_run(title, hours, today, rng)] if rng.random() < 0.5 else []

    def _session(
        self, programme, actor, run: list[MeetingSlot], rng, capacities=(8, 12, 12, 16, 20, 24)
    ) -> Session:
        starts = run[0].starts_at
        return session_create(
            actor=actor,
            programme=programme,
            starts_at=starts,
            ends_at=run[-1].ends_at,
            capacity=rng.choice(capacities),
            enrolment_deadline=starts - dt.timedelta(days=1),
            location=rng.choice(data.LOCATIONS),
            meetings=run,
        )

    def _history(
        self, programme, actor, past: schedule.Run, learners, rng, completer: User | None = None
    ) -> tuple[Session, set[User], int]:
        """A past run with outcomes, so learners have training histories; `completer`, if
        given, is among its learners and completed it. Returns the run, the learners of
        today it took, and how many places are left for alumni."""
        hours, today = programme.duration_hours, timezone.localdate()
        # Learners cannot enrol in the past: the run is scheduled ahead, filled, then moved
        # to its past dates. A plan of the same hours has as many meetings, one for each.
        ahead = schedule.plan(hours, today + dt.timedelta(days=2), afternoon=False)
        if programme.occupation_links.exists():
            # Runs over a year old are the only ones measured at 12 months: the campus
            # filled them as its first cohorts (and a year-old campus would show little).
            old = (today - past[-1].ends_at.date()).days > 380
            capacities = OLD_PAST_CAPACITY if old else PAST_CAPACITY
            session = self._session(programme, actor, ahead, rng, capacities)
            size = min(session.capacity, rng.randint(20, 28) if old else rng.randint(11, 16))
        else:
            session = self._session(programme, actor, ahead, rng)
            size = min(session.capacity, rng.randint(6, 12))
        others = [learner for learner in learners if learner != completer]
        chosen = [completer] if completer else []
        chosen += rng.sample(others, min(rng.randint(1, 3), len(others)))
        for learner in chosen:
            enrolment_create(actor=learner, session_id=session.pk)
        Session.objects.filter(pk=session.pk).update(
            starts_at=past[0].starts_at,
            ends_at=past[-1].ends_at,
            enrolment_deadline=past[0].starts_at - dt.timedelta(days=1),
            status="completed",
        )
        meetings = list(session.meetings.order_by("starts_at", "pk"))
        for meeting, slot in zip(meetings, past, strict=True):
            meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
        Meeting.objects.bulk_update(meetings, ["starts_at", "ends_at"])
        for enrolment in session.enrolments.filter(status="confirmed"):
            outcome = rng.choice(["completed"] * 6 + ["failed", "no_show"])
            if completer and enrolment.learner_id == completer.pk:
                outcome = "completed"
            try:
                enrolment_record_outcome(actor=actor, enrolment=enrolment, outcome=outcome)
            except DomainError:
                continue
        # Places are dated as taken before the run, outcomes when it ended.
        taken_at = past[0].starts_at - dt.timedelta(days=rng.randint(7, 30))
        session.enrolments.update(queued_at=taken_at, confirmed_at=taken_at)
        session.enrolments.exclude(outcome_at=None).update(outcome_at=past[-1].ends_at)
        session.refresh_from_db()
        return session, set(chosen), size - len(chosen)

    def _print_accounts(self, created: int) -> None:
        out = self.stdout
        if created:
            out.write(self.style.SUCCESS(f"Seeded {created} programmes with sessions."))
        else:
            out.write("Demo data already present; nothing changed.")
        out.write("\nDemo accounts (password: biocampus-demo):")
        for email, name, _aud, _home in ACCOUNTS:
            out.write(f"  {email:28} {name}")
        out.write("")
