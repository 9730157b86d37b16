"""The demo campus's immersion days: five formats over its rooms, ten schools with visits
past and coming, a trained team of ten, one busy day of four classes with a proposed
rotation, and the demo teacher's class with its day planned. Idempotent."""

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

from biocampus.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from biocampus.common.workdays import is_open
from biocampus.facilities.models import Booking, Resource
from biocampus.immersion.badges import class_badge_issue
from biocampus.immersion.models import (
    ImmersionFormat,
    StaffSkill,
    Station,
    Visit,
    VisitDay,
    VisitFeedback,
    VisitStatus,
)
from biocampus.immersion.planning import day_plan_accept, day_plan_compute

# slug, name, length, from school year, description,
# [(station, room slug, minutes, skill[, groups at once])]
FORMATS = [
    (
        "biotech-discovery-day", "Biotech discovery day", "day", 7,
        "A whole day: a vaccine plant in virtual reality, a wet-lab demonstration, the "
        "digital-twin workshop, cleanroom gowning and a talk with a young professional.",
        [
            ("A day in a vaccine plant (VR)", "vr-room", 45, "vr", 2),
            ("Wet-lab demonstration: extracting DNA", "wet-lab-1", 45, "lab", 2),
            ("Digital-twin workshop", "classroom-a", 45, "twin", 2),
            ("Cleanroom gowning demonstration", "cleanroom-d", 30, "cleanroom", 1),
            ("Talk with a young professional", "meeting-1", 30, "talk", 2),
        ],
    ),
    (
        "vr-and-careers", "VR and careers (half day)", "half_day", 5,
        "A morning or an afternoon: the VR plant, a film on biotech jobs and their questions "
        "to people who do them.",
        [
            ("A day in a vaccine plant (VR)", "vr-room", 45, "vr"),
            ("Film: the people who make medicines", "auditorium", 30, ""),
            ("Ask a professional", "meeting-2", 30, "talk"),
        ],
    ),
    (
        "lab-explorers", "Lab explorers (half day)", "half_day", 9,
        "Hands in the lab: a pipetting challenge and cells under the microscope.",
        [
            ("Pipetting challenge", "wet-lab-2", 60, "lab"),
            ("Cells under the microscope", "classroom-b", 45, "lab"),
        ],
    ),
    (
        "bioproduction-day", "Bioproduction day", "day", 11,
        "For the last school years: how a biologic is made, from the bioreactor to the "
        "cleanroom, with the digital twin of a plant.",
        [
            ("Cleanroom gowning and behaviour", "cleanroom-b", 45, "cleanroom"),
            ("From cell to vial: a bioreactor run", "wet-lab-3", 60, "lab"),
            ("Digital twin of a plant", "classroom-c", 60, "twin"),
            ("Careers in bioproduction", "meeting-1", 30, "talk"),
        ],
    ),
    (
        "digital-twin-academy", "Digital twin academy (half day)", "half_day", 10,
        "Steer a virtual bioreactor and see what a twin tells the operators.",
        [
            ("Steering a virtual bioreactor", "classroom-c", 60, "twin"),
            ("A day in a vaccine plant (VR)", "vr-room", 45, "vr"),
        ],
    ),
]  # fmt: skip
# slug, name, municipality (the first is the demo teacher's school)
SCHOOLS = [
    ("athenee-royal-charleroi", "Athénée royal de Charleroi", "Charleroi"),
    ("institut-saint-joseph", "Institut Saint-Joseph Gosselies", "Charleroi"),
    ("athenee-royal-gosselies", "Athénée royal de Gosselies", "Charleroi"),
    ("institut-sainte-marie-fleurus", "Institut Sainte-Marie Fleurus", "Fleurus"),
    ("college-saint-julien-ath", "Collège Saint-Julien Ath", "Ath"),
    ("athenee-provincial-mons", "Athénée provincial de Mons", "Mons"),
    ("lycee-martin-v", "Lycée Martin V", "Ottignies-Louvain-la-Neuve"),
    ("institut-notre-dame-namur", "Institut Notre-Dame Namur", "Namur"),
    ("athenee-royal-nivelles", "Athénée royal de Nivelles", "Nivelles"),
    ("ecole-europeenne-mons", "École européenne de Mons", "Mons"),
]
# The campus team who run the stations, and what each is trained for.
TEAM = [
    ("Amélie Vandenberghe", {"vr", "twin"}),
    ("Karim Benali", {"lab"}),
    ("Sofie Mertens", {"lab", "cleanroom"}),
    ("Lucas Delvaux", {"cleanroom"}),
    ("Inès Collignon", {"talk"}),
    ("Thomas Leroy", {"vr"}),
    ("Nadia Haddad", {"twin", "talk"}),
    ("Pieter Van Acker", {"lab"}),
    ("Claire Lejeune", {"vr", "talk"}),
    ("Yusuf Demir", {"cleanroom", "lab"}),
]
FIRST_ARRIVAL, LAST_DEPARTURE = dt.time(8, 30), dt.time(16, 30)
WEEKDAYS = (1, 3)  # the campus welcomes classes on Tuesdays and Thursdays


def seed_immersion(
    campus: Organisation, manager: User, teacher: User, password: str, rng: random.Random
) -> bool:
    """Creates the immersion demo once; False when it is already there."""
    if ImmersionFormat.objects.filter(slug=FORMATS[0][0]).exists():
        return False
    formats = _formats(campus)
    _team(campus, password)
    schools = _schools(teacher, password)
    today = timezone.localdate()
    days = [
        VisitDay.objects.create(campus=campus, date=d, opens=FIRST_ARRIVAL, closes=LAST_DEPARTURE)
        for d in (today + dt.timedelta(days=n) for n in range(-90, 62))
        if d.weekday() in WEEKDAYS and is_open(d)
    ]
    past = [d.date for d in days if d.date < today]
    coming = [d.date for d in days if d.date > today]
    _past_visits(schools, formats, past, manager, rng)
    discovery, half_day = formats["biotech-discovery-day"], formats["vr-and-careers"]
    # The quietest days for the demo's two planned days: a month of bookings is in the
    # rooms already, and the demo should show a rotation, not a refusal.
    busy = _quietest(coming[3:], discovery)
    planned = _quietest([d for d in coming[3:] if d != busy], half_day)
    # The busy day: four classes on the discovery day, rotation proposed for review.
    for i, (school, person, place) in enumerate(schools[1:5]):
        _visit(
            school, person, discovery, busy, VisitStatus.CONFIRMED, place,
            class_name=f"{3 + i % 2}{'ABCD'[i]}", pupils=(16, 22, 16, 20)[i],
            arrival=dt.time(9, 0) if i < 2 else dt.time(9, 30),
        )  # fmt: skip
    day_plan_compute(actor=manager, campus_id=campus.pk, date=busy)
    # The demo teacher's class: its day is planned and the plan ready to download.
    school, person, place = schools[0]
    _visit(
        school, person, half_day, planned, VisitStatus.CONFIRMED, place,
        class_name="4B", pupils=22, arrival=dt.time(9, 0), departure=dt.time(12, 0),
    )  # fmt: skip
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=planned)
    if plan.solver_status in ("optimal", "feasible"):
        day_plan_accept(actor=manager, plan_id=plan.pk)
    _coming_requests(schools, formats, coming, {busy, planned}, rng)
    return True


def _quietest(days: list[dt.date], fmt: ImmersionFormat) -> dt.date:
    rooms = [s.resource_id for s in fmt.stations.all()]
    busy = Counter(
        timezone.localtime(b.starts_at).date()
        for b in Booking.objects.filter(
            resource_id__in=rooms, status__in=["approved", "requested"],
            starts_at__date__gte=days[0], starts_at__date__lte=days[-1],
        )
    )  # fmt: skip
    return min(days, key=lambda d: (busy[d], d))


def _formats(campus: Organisation) -> dict[str, ImmersionFormat]:
    rooms = {r.slug: r for r in Resource.objects.all()}
    formats = {}
    for slug, name, length, year, description, stations in FORMATS:
        fmt = formats[slug] = ImmersionFormat.objects.create(
            campus=campus, slug=slug, name=name, length=length, min_school_year=year,
            description=description, published=True,
        )  # fmt: skip
        for position, (title, room, minutes, skill, *at_once) in enumerate(stations):
            Station.objects.create(
                format=fmt, name=title, position=position, minutes=minutes,
                resource=rooms[room], staff_skill=skill, groups_at_once=(at_once or [1])[0],
            )  # fmt: skip
    return formats


def _team(campus: Organisation, password: str) -> None:
    for name, skills in TEAM:
        email = f"{name.split()[0].lower()}.guide@biocampus.test"
        person, _new = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "password": password}
        )
        Membership.objects.get_or_create(
            user=person, organisation=campus, defaults={"role": Role.STAFF}
        )
        for skill in sorted(skills):
            StaffSkill.objects.get_or_create(person=person, skill=skill)


def _schools(teacher: User, password: str) -> list[tuple[Organisation, User, str]]:
    """Each school with the teacher who asks for its visits (the demo teacher for the
    first)."""
    found = []
    for slug, name, place in SCHOOLS:
        school, _new = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": OrganisationKind.SCHOOL}
        )
        person = teacher
        if found:
            person, _new = User.objects.get_or_create(
                email=f"teacher@{slug}.test",
                defaults={"full_name": f"{name} teacher", "password": password},
            )
        Membership.objects.get_or_create(
            user=person, organisation=school, defaults={"role": Role.STAFF}
        )
        found.append((school, person, place))
    return found


def _visit(school, person, fmt, date, status, place, **fields) -> Visit:
    fields.setdefault("departure", dt.time(15, 30) if fmt.length == "day" else dt.time(12, 30))
    fields.setdefault("school_year", max(fmt.min_school_year or 1, 9))
    return Visit.objects.create(
        school=school, teacher=person, format=fmt, adults=2, language="fr",
        acceptable_dates=[date.isoformat()] if date else [], date=date, status=status,
        municipality=place, **fields,
    )  # fmt: skip


LIKED = [
    "The VR plant: they talked about it all the way home.",
    "Wearing the cleanroom suits, and the young engineer's story.",
    "Doing real pipetting, not just watching.",
]
IMPROVE = ["", "A little more time at the microscope.", "The film could be shorter."]


def _past_visits(schools, formats, past: list[dt.date], manager: User, rng) -> None:
    """Classes that came in the last three months, most with the teacher's feedback and
    the class's badge."""
    for n, date in enumerate(past[::2]):
        school, person, place = schools[n % len(schools)]
        fmt = list(formats.values())[n % len(formats)]
        visit = _visit(
            school, person, fmt, date, VisitStatus.PLANNED, place,
            class_name=f"{rng.randint(3, 6)}{'ABC'[n % 3]}", pupils=rng.randint(16, 28),
            arrival=dt.time(9, 0), school_year=max(fmt.min_school_year or 1, rng.randint(7, 12)),
        )  # fmt: skip
        if n % 4 != 3:
            VisitFeedback.objects.create(
                visit=visit, rating=rng.choice([4, 5, 5, 3]),
                liked=LIKED[n % len(LIKED)], improve=IMPROVE[n % len(IMPROVE)],
            )  # fmt: skip
            class_badge_issue(actor=manager, visit_id=visit.pk)


def _coming_requests(schools, formats, coming, taken, rng: random.Random) -> None:
    """Requests over the coming two months: some waiting for a date, some confirmed."""
    free = [d for d in coming if d not in taken]
    for n, (school, person, place) in enumerate(schools[5:] + schools[:2]):
        fmt = list(formats.values())[(n + 1) % len(formats)]
        wanted = sorted(rng.sample(free, 2))
        status = VisitStatus.CONFIRMED if n % 2 else VisitStatus.REQUESTED
        visit = _visit(
            school, person, fmt, wanted[0] if status == VisitStatus.CONFIRMED else None,
            status, place, class_name=f"{rng.randint(2, 6)}{'DEF'[n % 3]}",
            pupils=rng.randint(15, 28), arrival=dt.time(9, 30),
        )  # fmt: skip
        visit.acceptable_dates = [d.isoformat() for d in wanted]
        visit.save(update_fields=["acceptable_dates"])
