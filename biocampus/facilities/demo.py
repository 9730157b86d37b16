"""The demo campus's shared facilities: rooms, labs and instruments with realistic features
and rates, a month of bookings by several organisations, certification-gated instruments
and one maintenance block. Idempotent."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from biocampus.accounts.models import Membership, Organisation, Role, User
from biocampus.catalog.models import Programme
from biocampus.common.errors import DomainError
from biocampus.common.workdays import is_open, open_days_from
from biocampus.facilities.models import Booking, Feature, OpeningHours, Resource
from biocampus.facilities.services import booking_create, maintenance_block

FEATURES = {
    "bsl-1": ("Biosafety level 1", "Niveau de biosécurité 1"),
    "bsl-2": ("Biosafety level 2", "Niveau de biosécurité 2"),
    "gmp-a": ("GMP grade A", "Classe BPF A"),
    "gmp-b": ("GMP grade B", "Classe BPF B"),
    "gmp-c": ("GMP grade C", "Classe BPF C"),
    "gmp-d": ("GMP grade D", "Classe BPF D"),
    "vr-seats": ("VR headsets", "Casques de réalité virtuelle"),
    "projector": ("Projector", "Projecteur"),
    "video": ("Video conferencing", "Visioconférence"),
    "fume-hood": ("Fume hood", "Sorbonne"),
}
# slug, name, kind, capacity, features, EUR/hour, space slug, certification title, approval
RESOURCES = [
    (
        "classroom-a",
        "Classroom A",
        "classroom",
        24,
        ["projector", "video"],
        "25",
        None,
        None,
        "automatic",
    ),
    ("classroom-b", "Classroom B", "classroom", 30, ["projector"], "25", None, None, "automatic"),
    (
        "classroom-c",
        "Classroom C",
        "classroom",
        16,
        ["projector", "video"],
        "20",
        None,
        None,
        "automatic",
    ),
    (
        "meeting-1",
        "Meeting room Sambre",
        "meeting_room",
        10,
        ["video"],
        "15",
        None,
        None,
        "automatic",
    ),
    (
        "meeting-2",
        "Meeting room Meuse",
        "meeting_room",
        8,
        ["projector"],
        "15",
        None,
        None,
        "automatic",
    ),
    (
        "auditorium",
        "Auditorium",
        "auditorium",
        180,
        ["projector", "video"],
        "120",
        None,
        None,
        "manager",
    ),
    (
        "wet-lab-1",
        "Wet lab 1 (BSL-1)",
        "wet_lab",
        16,
        ["bsl-1", "fume-hood"],
        "45",
        None,
        None,
        "automatic",
    ),
    (
        "wet-lab-2",
        "Wet lab 2 (BSL-2)",
        "wet_lab",
        12,
        ["bsl-2", "fume-hood"],
        "60",
        None,
        None,
        "automatic",
    ),
    ("wet-lab-3", "Wet lab 3 (BSL-2)", "wet_lab", 12, ["bsl-2"], "60", None, None, "automatic"),
    (
        "cleanroom-b",
        "Cleanroom training suite (grade B)",
        "cleanroom",
        8,
        ["gmp-b", "gmp-c"],
        "150",
        None,
        None,
        "manager",
    ),
    (
        "cleanroom-d",
        "Cleanroom training suite (grade D)",
        "cleanroom",
        12,
        ["gmp-d"],
        "90",
        None,
        None,
        "automatic",
    ),
    ("vr-room", "VR room", "vr_room", 20, ["vr-seats", "projector"], "40", None, None, "automatic"),
    (
        "bsc-1",
        "Biosafety cabinet 1",
        "biosafety_cabinet",
        1,
        ["bsl-2"],
        "12",
        "wet-lab-2",
        "Aseptic processing fundamentals",
        "automatic",
    ),
    (
        "bsc-2",
        "Biosafety cabinet 2",
        "biosafety_cabinet",
        1,
        ["bsl-2"],
        "12",
        "wet-lab-3",
        "Aseptic processing fundamentals",
        "automatic",
    ),
    (
        "hplc-1",
        "HPLC system 1",
        "hplc",
        1,
        [],
        "35",
        "wet-lab-1",
        "QC analytics: HPLC and capillary electrophoresis",
        "automatic",
    ),
    (
        "hplc-2",
        "HPLC system 2",
        "hplc",
        1,
        [],
        "35",
        "wet-lab-1",
        "QC analytics: HPLC and capillary electrophoresis",
        "automatic",
    ),
    (
        "flow-cytometer",
        "Flow cytometer",
        "flow_cytometer",
        1,
        ["bsl-2"],
        "55",
        "wet-lab-2",
        None,
        "manager",
    ),
    (
        "bioreactor-50",
        "Single-use bioreactor 50 L",
        "bioreactor",
        1,
        ["gmp-c"],
        "80",
        "cleanroom-b",
        "Single-use bioreactor operation",
        "manager",
    ),
    (
        "bioreactor-5",
        "Benchtop bioreactor 5 L",
        "bioreactor",
        1,
        ["bsl-1"],
        "30",
        "wet-lab-1",
        None,
        "automatic",
    ),
    (
        "cobot-cell",
        "Cobot cell",
        "cobot_cell",
        4,
        [],
        "45",
        "classroom-c",
        "Cobotics and automated lines",
        "automatic",
    ),
    ("plate-reader", "Plate reader", "instrument", 1, [], "10", "wet-lab-3", None, "automatic"),
]
PURPOSES = ["session", "session", "session", "startup", "event"]


def _hours(resource: Resource) -> None:
    if resource.opening_hours.exists():
        return
    rows = [
        OpeningHours(resource=resource, weekday=d, opens=dt.time(8), closes=dt.time(20))
        for d in range(5)
    ]
    if resource.kind in ("wet_lab", "biosafety_cabinet", "hplc", "plate_reader"):
        rows.append(
            OpeningHours(resource=resource, weekday=5, opens=dt.time(9), closes=dt.time(13))
        )
    OpeningHours.objects.bulk_create(rows)


def seed_facilities(campus: Organisation, manager: User, rng: random.Random) -> int:
    """Creates what is missing; returns how many bookings it added."""
    for code, (name, name_fr) in FEATURES.items():
        Feature.objects.get_or_create(code=code, defaults={"name": name, "name_fr": name_fr})
    features = {f.code: f for f in Feature.objects.all()}
    created = {}
    for slug, name, kind, capacity, feats, rate, space, cert, approval in RESOURCES:
        resource, new = Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "capacity": capacity,
                "hourly_rate": Decimal(rate),
                "organisation": campus,
                "approval": approval,
                "space": created.get(space) or Resource.objects.filter(slug=space).first(),
                "certification": Programme.objects.filter(title=cert).first() if cert else None,
            },
        )
        if new:
            resource.features.set([features[c] for c in feats])
        _hours(resource)
        created[slug] = resource
    if Booking.objects.filter(resource__slug__in=created).exists():
        return 0
    return _month_of_bookings(list(created.values()), manager, rng)


def _month_of_bookings(resources, manager, rng) -> int:
    staff = list(
        Membership.objects.filter(
            organisation__kind__in=("training_operator", "accelerator", "company"),
            role__in=(Role.STAFF, Role.ADMIN, Role.RECRUITER),
        ).select_related("user", "organisation")
    )
    rooms = [r for r in resources if r.certification_id is None]
    added = 0
    today = timezone.localdate()
    # A month of the campus's open days: no bookings at weekends, on public holidays or in
    # the Christmas shutdown.
    days = open_days_from(today + dt.timedelta(days=1), 20)
    for day in days:
        for resource in rng.sample(rooms, k=min(len(rooms), rng.randint(4, 8))):
            who = rng.choice(staff)
            start_hour = rng.choice([8, 9, 10, 13, 14])
            length = rng.choice([2, 3, 4])
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(start_hour)))
            try:
                result = booking_create(
                    actor=manager if resource.approval == "manager" else who.user,
                    resource_id=resource.pk,
                    organisation_id=who.organisation_id,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=length),
                    purpose=rng.choice(PURPOSES),
                    title=f"{who.organisation.name}: {resource.name}",
                )
            except DomainError:
                continue
            added += len(result.bookings)
    # One maintenance block: the grade B suite's yearly requalification after that month,
    # over three consecutive open days (the contractor does not work on holidays either).
    suite = next(r for r in resources if r.slug == "cleanroom-b")
    day = days[-1] + dt.timedelta(days=1)
    while not all(is_open(day + dt.timedelta(days=i)) for i in range(3)):
        day += dt.timedelta(days=1)
    first = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    maintenance_block(
        actor=manager,
        resource_id=suite.pk,
        starts_at=first,
        ends_at=first + dt.timedelta(days=2, hours=10),
        reason="Yearly requalification",
        cancel_clashing=True,
    )
    return added
