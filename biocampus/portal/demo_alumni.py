"""The demo's alumni: a few hundred people who took one or two programmes in the past runs
and are not training now, so the outcomes tables have the numbers a campus a year and a
half old would have.

Their accounts and places are written in bulk, as an import of the campus's earlier
records would be, not through `enrolment_create`: that service queues a confirmation
e-mail per place (hundreds of outbox rows addressed to fictional people) and refuses
sessions already run. Nor do their completions credit verified skills: the jobs gap
counts every learner with the skills as ready, and most alumni are in work, not supply
for the campus's open demand."""

import datetime as dt
import random
from collections import defaultdict

from allauth.account.models import EmailAddress
from django.db.models import F

from biocampus.accounts.models import User
from biocampus.catalog.models import Session
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.skills.models import ProgrammeOccupation

# Of a run's places left to alumni, a share between half this and this goes to people back
# for a second programme towards the same job, a fortnight to five months after their first.
RETURNING = 0.9
BACK_AFTER = (dt.timedelta(days=14), dt.timedelta(days=150))
# A second programme is not always finished; the first made them alumni.
SECOND_COMPLETED = 0.8
AUDIENCES = ["job_seeker"] * 5 + ["employee"] * 3 + ["student", "researcher"]
# An alumnus, as the runs they took, oldest first.
Alumnus = list[Session]


def seed_alumni(
    seats: list[tuple[Session, int]], names: list[str], password_hash: str, rng: random.Random
) -> list[User]:
    """Fills each past run's `seats` (session, places) with alumni; returns them. The
    runs' own learners are already in them; `names` holds a name for each new account."""
    aims = defaultdict(set)
    for programme_id, occupation_id in ProgrammeOccupation.objects.values_list(
        "programme_id", "occupation_id"
    ):
        aims[programme_id].add(occupation_id)
    people = _assign(sorted(seats, key=lambda s: s[0].starts_at), aims, rng)
    if len(people) > len(names):
        raise ValueError(f"{len(people)} alumni, but names for only {len(names)}.")
    users = _accounts(people, names, password_hash, rng)
    _places(people, users, rng)
    return users


def _assign(seats: list[tuple[Session, int]], aims, rng: random.Random) -> list[Alumnus]:
    soonest, latest = BACK_AFTER
    people: list[Alumnus] = []
    for session, free in seats:
        back = [
            p
            for p in people
            if len(p) == 1
            and aims[p[0].programme_id] & aims[session.programme_id]
            and p[0].programme_id != session.programme_id
            and soonest < session.starts_at - p[0].ends_at < latest
        ]
        share = rng.uniform(RETURNING / 2, RETURNING)
        returning = rng.sample(back, min(len(back), round(free * share)))
        for person in returning:
            person.append(session)
        people += [[session] for _ in range(free - len(returning))]
    return people


def _accounts(people: list[Alumnus], names, password_hash: str, rng) -> list[User]:
    """One account each, joined a few weeks before their first run; the demo password's
    hash is computed once by the caller (hashing takes a tenth of a second a person)."""
    users = [
        User(
            email=f"alumni{i + 1:03d}@biocampus.test",
            full_name=names[i],
            audience=rng.choice(AUDIENCES),
            preferred_language="fr" if rng.random() < 0.6 else "en",
            password=password_hash,
            date_joined=person[0].starts_at - dt.timedelta(days=rng.randint(14, 60)),
        )
        for i, person in enumerate(people)
    ]
    users = User.objects.bulk_create(users)
    # Demo addresses count as verified, so sign-in works with mandatory verification.
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    return users


def _places(people: list[Alumnus], users: list[User], rng) -> None:
    rows = []
    for person, user in zip(people, users, strict=True):
        for i, session in enumerate(person):
            status = EnrolmentStatus.COMPLETED
            if i and rng.random() > SECOND_COMPLETED:
                status = rng.choice([EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW])
            enrolled = session.starts_at - dt.timedelta(
                days=rng.randint(5, 40), hours=rng.randint(1, 9)
            )
            rows.append((session, user, status, enrolled))
    places = Enrolment.objects.bulk_create(
        [
            Enrolment(session=s, learner=u, status=status, confirmed_at=at, outcome_at=s.ends_at)
            for s, u, status, at in rows
        ],
        batch_size=500,
    )
    # queued_at is stamped on creation: dated afterwards, as the places were taken.
    for place, (_s, _u, _status, at) in zip(places, rows, strict=True):
        place.queued_at = at
    Enrolment.objects.bulk_update(places, ["queued_at"], batch_size=500)
    taken: dict[int, int] = {}
    for session, *_rest in rows:
        taken[session.pk] = taken.get(session.pk, 0) + 1
    # The seat ledger counts completed, failed and no-show places alike (the seat was held).
    for session_id, count in taken.items():
        Session.objects.filter(pk=session_id).update(confirmed_seats=F("confirmed_seats") + count)
