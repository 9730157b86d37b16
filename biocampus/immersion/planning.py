"""The rotation of a visit day: computed from the day's confirmed visits, the rooms'
bookings and hours and the staff's skills; accepted, it books every room it uses
through the facilities' booking service, all or none."""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation, OrganisationKind, User
from biocampus.common.audit import audit
from biocampus.common.cpsat import merge_spans
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.facilities.access import is_facility_manager
from biocampus.facilities.models import Booking, BookingStatus, Purpose, Resource
from biocampus.facilities.services.bookings import bookings_create_many
from biocampus.facilities.services.timetable import DAY_FROM, DAY_TO
from biocampus.immersion import rotation
from biocampus.immersion.access import check_campus
from biocampus.immersion.clock import minutes_of, moment
from biocampus.immersion.models import (
    DayPlan,
    FormatLength,
    PlanSlot,
    PlanStatus,
    StaffSkill,
    Station,
    Visit,
    VisitDay,
    VisitStatus,
    Walk,
)
from biocampus.immersion.rotation import (
    ClassIn,
    Closure,
    DayIn,
    StaffIn,
    StationIn,
    plan_day,
    split_pupils,
)
from biocampus.immersion.services import LUNCH_MINUTES
from biocampus.outbox.queue import notify

# How each reason the solver gives reads to the campus; its subject and details follow.
REASON_TEXT = {
    rotation.NO_TRAINED_STAFF: _("nobody on the staff holds the skill this station needs"),
    rotation.NOT_ENOUGH_STAFF: _("not enough trained staff for all the groups in time"),
    rotation.STATION_BLOCKED: _("the room's bookings or hours leave too little time"),
    rotation.DAY_TOO_SHORT: _("the class's stations and lunch do not fit between its arrival "
                              "and departure"),
    rotation.STATIONS_FULL: _("the stations cannot receive every group in their hours"),
    rotation.UNEXPLAINED: _("no rotation exists, and no single cause was isolated in time"),
    rotation.NO_SOLUTION_IN_TIME: _("no rotation was found in the time allowed; try again"),
}  # fmt: skip
LUNCH_WINDOW = (dt.time(11, 45), dt.time(13, 0))  # when a whole day's lunch may start
SOLVE_LIMIT_S = 10


def day_plan_compute(*, actor: User, campus_id: int, date: dt.date) -> DayPlan:
    """A proposed rotation for the day's confirmed visits (or the reasons there is none);
    earlier proposals for the day are superseded."""
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the campus plans immersion days."))
    check_campus(actor, campus_id)
    campus = Organisation.objects.filter(pk=campus_id, kind=OrganisationKind.CAMPUS).first()
    day = VisitDay.objects.filter(campus=campus, date=date).first() if campus else None
    if day is None:
        raise NotFound(_("Not found."))
    visits = list(
        Visit.objects.filter(
            format__campus=campus, date=date, status__in=[VisitStatus.CONFIRMED]
        ).prefetch_related("format__stations__resource__opening_hours")
    )
    if DayPlan.objects.filter(campus=campus, date=date, status=PlanStatus.ACCEPTED).exists():
        raise Conflict(_("This day's plan is already accepted."), code="already_accepted")
    if not visits:
        raise DomainError(_("No confirmed visit on that day."), code="no_visits")
    model, stations = day_model(campus, day, visits)
    solved = plan_day(model, time_limit_s=SOLVE_LIMIT_S)
    names = {f"r{room_id}": s.name for room_id, s in stations.items()}
    names |= {f"v{v.pk}": v.class_name for v in visits}
    with transaction.atomic():
        # The day's row serialises computing and accepting: a day accepted while this
        # one was solving gets no new proposal.
        VisitDay.objects.select_for_update().get(pk=day.pk)
        if DayPlan.objects.filter(campus=campus, date=date, status=PlanStatus.ACCEPTED).exists():
            raise Conflict(_("This day's plan is already accepted."), code="already_accepted")
        DayPlan.objects.filter(campus=campus, date=date, status=PlanStatus.PROPOSED).update(
            status=PlanStatus.SUPERSEDED
        )
        plan = DayPlan.objects.create(
            campus=campus,
            date=date,
            solver_status=solved.status,
            idle_minutes=solved.idle_minutes,
            staff_on_duty=solved.staff_on_duty,
            reasons=[
                {"code": r.code, "subject": names.get(r.subject, r.subject), "details": r.details}
                for r in solved.reasons
            ],
            lunches={ref[1:]: [start, end] for ref, (start, end) in sorted(solved.lunches.items())},
            created_by=actor,
        )
        by_visit = {f"v{v.pk}": v for v in visits}
        station_of = {(v.pk, s.resource_id): s for v in visits for s in v.format.stations.all()}
        PlanSlot.objects.bulk_create(
            PlanSlot(
                plan=plan,
                visit=by_visit[slot.klass],
                group=slot.group,
                station=station_of[(by_visit[slot.klass].pk, int(slot.station[1:]))],
                starts_at=moment(date, slot.start),
                ends_at=moment(date, slot.end),
                staff_id=int(slot.staff) if slot.staff else None,
            )
            for slot in solved.visits
        )
        audit(actor, "immersion.plan.compute", plan, status=solved.status)
    return plan


def day_model(
    campus: Organisation, day: VisitDay, visits: list[Visit]
) -> tuple[DayIn, dict[int, Station]]:
    """The solver's view of a day: its stations by room (closed when the room is booked
    or shut), the classes and the staff; and the stations, by room id."""
    stations = _stations(visits)
    rooms = {s.resource_id: s.resource for s in stations.values()}
    closures = _closures(rooms, day.date)
    model = DayIn(
        stations=tuple(
            StationIn(
                ref=f"r{room_id}",
                duration=s.minutes,
                capacity=s.groups_at_once,
                skill=s.staff_skill,
                place=f"r{room_id}",
                closed=tuple(closures[room_id]),
            )
            for room_id, s in stations.items()
        ),
        classes=tuple(_class(v, day) for v in visits),
        staff=_staff(campus, day),
        walking={
            (f"r{a}", f"r{b}"): minutes
            for a, b, minutes in Walk.objects.filter(campus=campus).values_list(
                "from_room_id", "to_room_id", "minutes"
            )
        },
    )
    return model, stations


def _stations(visits: list[Visit]) -> dict[int, Station]:
    """The day's stations by room: two formats may share a room only as the same activity
    (same length and groups at once), or the rotation could not keep the room's count."""
    by_room: dict[int, Station] = {}
    for visit in visits:
        for station in visit.format.stations.all():
            seen = by_room.setdefault(station.resource_id, station)
            if (seen.minutes, seen.groups_at_once) != (station.minutes, station.groups_at_once):
                raise DomainError(
                    _("%(room)s hosts two different activities this day.")
                    % {"room": station.resource.name},
                    code="room_shared",
                )
    return by_room


def _closures(rooms: dict[int, Resource], date: dt.date) -> dict[int, list[Closure]]:
    """When each room cannot host a group: outside its hours, and its bookings that day,
    each with who booked it, which is what the campus needs to see when it is in the way."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(date, dt.time.min), tz)
    closed: dict[int, list[Closure]] = defaultdict(list)
    for room_id, room in rooms.items():
        hours = [h for h in room.opening_hours.all() if h.weekday == date.weekday()]
        spans = sorted((minutes_of(h.opens), minutes_of(h.closes)) for h in hours) or [
            (minutes_of(DAY_FROM), minutes_of(DAY_TO))  # the timetable's default hours
        ]
        cursor = 0
        for opens, closes in spans:
            if opens > cursor:
                closed[room_id].append(Closure(cursor, opens, str(_("closed"))))
            cursor = max(cursor, closes)
        if cursor < 24 * 60:
            closed[room_id].append(Closure(cursor, 24 * 60, str(_("closed"))))
    bookings = Booking.objects.filter(
        resource_id__in=rooms,
        status__in=[BookingStatus.APPROVED, BookingStatus.REQUESTED],
        starts_at__lt=start + dt.timedelta(days=1),
        ends_at__gt=start,
    ).select_related("organisation")
    for b in bookings:
        a = max(0, int((b.starts_at - start).total_seconds() // 60))
        z = min(24 * 60, int((b.ends_at - start).total_seconds() // 60))
        why = _("booked by %(who)s") % {"who": b.organisation.name}
        closed[b.resource_id].append(Closure(a, z, str(why)))
    return closed


def _class(visit: Visit, day: VisitDay) -> ClassIn:
    lunch = None
    if visit.format.length == FormatLength.DAY:
        lunch = (minutes_of(LUNCH_WINDOW[0]), minutes_of(LUNCH_WINDOW[1]), LUNCH_MINUTES)
    return ClassIn(
        ref=f"v{visit.pk}",
        groups=len(split_pupils(visit.pupils)),
        stations=tuple(f"r{s.resource_id}" for s in visit.format.stations.all()),
        arrival=max(minutes_of(visit.arrival), minutes_of(day.opens)),
        departure=min(minutes_of(visit.departure), minutes_of(day.closes)),
        lunch=lunch,
    )


def _staff(campus: Organisation, day: VisitDay) -> tuple[StaffIn, ...]:
    skills: dict[int, set[str]] = defaultdict(set)
    for person_id, skill in StaffSkill.objects.filter(
        person__memberships__organisation=campus, person__is_active=True
    ).values_list("person_id", "skill"):
        skills[person_id].add(skill)
    return tuple(
        StaffIn(str(pk), frozenset(s), minutes_of(day.opens), minutes_of(day.closes))
        for pk, s in sorted(skills.items())
    )


def day_plan_accept(*, actor: User, plan_id: int) -> DayPlan:
    """Book every room the plan uses (each room's busy spans, groups sharing a room at
    once in one booking), mark the visits planned; all of it or, on any clash, none."""
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the campus plans immersion days."))
    with transaction.atomic():
        found = DayPlan.objects.filter(pk=plan_id).values_list("campus_id", "date").first()
        if found is None:
            raise NotFound(_("Not found."))
        check_campus(actor, found[0])
        # The day's row first, as computing takes it: one of two proposals accepted at
        # once waits for the other and then finds the day planned.
        VisitDay.objects.select_for_update().filter(campus_id=found[0], date=found[1]).first()
        plan = DayPlan.objects.select_for_update().get(pk=plan_id)
        if plan.status != PlanStatus.PROPOSED or plan.solver_status not in ("optimal", "feasible"):
            raise Conflict(_("Only a current, complete proposal can be accepted."), code="stale")
        accepted = DayPlan.objects.filter(
            campus_id=plan.campus_id, date=plan.date, status=PlanStatus.ACCEPTED
        )
        if accepted.exists():
            raise Conflict(_("This day's plan is already accepted."), code="already_accepted")
        slots = list(plan.slots.select_related("station__resource", "visit"))
        confirmed = set(
            # Only the visits' rows: the join would lock their formats too.
            Visit.objects.select_for_update(of=("self",))
            .filter(format__campus_id=plan.campus_id, date=plan.date, status=VisitStatus.CONFIRMED)
            .values_list("pk", flat=True)
        )
        if confirmed != {s.visit_id for s in slots}:
            raise Conflict(
                _("The day's visits changed since this proposal: compute it again."),
                code="stale",
            )
        by_room: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
        for slot in slots:
            by_room[slot.station.resource_id].append((slot.starts_at, slot.ends_at))
        spans = {room: merge_spans(ranges) for room, ranges in by_room.items()}
        title = str(_("Immersion day"))
        bookings_create_many(
            actor=actor,
            organisation_id=plan.campus_id,
            placements=[
                (room_id, (a, b), title) for room_id, ranges in spans.items() for a, b in ranges
            ],
            purpose=Purpose.EVENT,
        )
        planned = sorted({(s.visit_id, s.visit.teacher_id) for s in slots})
        Visit.objects.filter(pk__in=[v for v, _t in planned]).update(status=VisitStatus.PLANNED)
        plan.status = PlanStatus.ACCEPTED
        plan.save(update_fields=["status"])
        audit(actor, "immersion.plan.accept", plan, rooms=len(spans))
        notify("immersion.visit.planned", [(t, {"visit": v}) for v, t in planned])
    return plan


def reason_lines(plan: DayPlan) -> list[dict]:
    """The plan's reasons as the campus reads them."""
    return [{**r, "message": REASON_TEXT.get(r["code"], r["code"])} for r in plan.reasons]
