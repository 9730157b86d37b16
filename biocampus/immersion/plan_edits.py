"""The campus's hand edits of a proposed day plan: a group's slot moved to another time,
or two groups swapping their turns at a station. Each edit is checked at once against
every rule of the rotation and saved only when all of them still hold."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.facilities.access import is_facility_manager
from biocampus.immersion import rotation_check
from biocampus.immersion.access import check_campus
from biocampus.immersion.clock import minutes_of, moment
from biocampus.immersion.models import DayPlan, PlanSlot, PlanStatus, VisitDay
from biocampus.immersion.planning import day_model
from biocampus.immersion.rotation import GRID, DayIn, Reason
from biocampus.immersion.rotation import Visit as Turn

# How each broken rule reads to the campus; the subject (class, station or person) and
# the details (group, times) follow.
BROKEN = {
    rotation_check.GROUP_CLASH: _("a group would be in two places at once"),
    rotation_check.OUTSIDE_DAY: _("a group would be there before it arrives or after it leaves"),
    rotation_check.LUNCH_CLASH: _("a group would be at a station during its class's lunch"),
    rotation_check.STATION_FULL: _("the station would receive more groups than it takes"),
    rotation_check.STAFF_CLASH: _("a staff member would be at two stations at once"),
    rotation_check.STAFF_UNTRAINED: _("nobody trained is free to run the station then"),
    rotation_check.MISSING_STATION: _("a group would miss a station"),
    "station_blocked": _("the room is booked or closed then"),
}


class _Edit:
    """A locked proposed plan as the checker's turns, and the way back to its rows."""

    def __init__(self, actor: User, plan_id: int):
        _campus_only(actor)
        self.plan = DayPlan.objects.select_for_update().filter(pk=plan_id).first()
        if self.plan is None:
            raise NotFound(_("Not found."))
        check_campus(actor, self.plan.campus_id)
        if self.plan.status != PlanStatus.PROPOSED or not self.plan.slots.exists():
            raise Conflict(_("Only a current, complete proposal can be changed."), code="stale")
        self.slots = list(
            self.plan.slots.select_related("visit__format", "station__resource").order_by("pk")
        )
        visits = list({s.visit_id: s.visit for s in self.slots}.values())
        day = VisitDay.objects.get(campus_id=self.plan.campus_id, date=self.plan.date)
        self.day, _stations = day_model(self.plan.campus, day, visits)
        self.turns = {
            s.pk: Turn(
                f"v{s.visit_id}",
                s.group,
                f"r{s.station.resource_id}",
                minutes_of(s.starts_at),
                minutes_of(s.ends_at),
                str(s.staff_id or ""),
            )
            for s in self.slots
        }
        self.lunches = {f"v{k}": tuple(v) for k, v in self.plan.lunches.items()}
        self.names = {f"v{s.visit_id}": s.visit.class_name for s in self.slots} | {
            f"r{s.station.resource_id}": s.station.name for s in self.slots
        }

    @classmethod
    def of_slot(cls, actor: User, slot_id: int) -> "_Edit":
        _campus_only(actor)
        plan_id = PlanSlot.objects.filter(pk=slot_id).values_list("plan_id", flat=True).first()
        if plan_id is None:
            raise NotFound(_("Not found."))
        return cls(actor, plan_id)

    def turn(self, slot_id: int) -> Turn:
        if slot_id not in self.turns:
            raise NotFound(_("Not found."))
        return self.turns[slot_id]

    def save(self, actor: User, action: str, **details) -> DayPlan:
        broken = rotation_check.violations(self.day, list(self.turns.values()), self.lunches)
        if broken:
            raise Conflict(_describe(broken[0], self.names), code="breaks_rotation")
        by_pk = {s.pk: s for s in self.slots}
        changed = []
        for pk, turn in self.turns.items():
            slot = by_pk[pk]
            start, end = moment(self.plan.date, turn.start), moment(self.plan.date, turn.end)
            staff = int(turn.staff) if turn.staff else None
            if (slot.starts_at, slot.ends_at, slot.staff_id) != (start, end, staff):
                slot.starts_at, slot.ends_at, slot.staff_id = start, end, staff
                changed.append(slot)
        PlanSlot.objects.bulk_update(changed, ["starts_at", "ends_at", "staff"])
        idle, staff = rotation_check.measure(self.day, list(self.turns.values()), self.lunches)
        self.plan.idle_minutes, self.plan.staff_on_duty = idle, staff
        # A hand-edited plan is no longer the solver's optimum, only a valid one.
        self.plan.solver_status = "feasible"
        self.plan.save(update_fields=["idle_minutes", "staff_on_duty", "solver_status"])
        audit(actor, action, self.plan, **details)
        return self.plan


def _campus_only(actor: User) -> None:
    # Before any lookup, so a slot id tells nobody else whether it exists.
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the campus plans immersion days."))


def _describe(reason: Reason, names: dict[str, str]) -> str:
    what = BROKEN.get(reason.code, reason.code)
    subject = names.get(reason.subject, "")
    details = ", ".join(names.get(d, d) for d in reason.details)
    return " · ".join(str(part) for part in (what, subject, details) if part)


def plan_slot_move(*, actor: User, slot_id: int, start: dt.time) -> DayPlan:
    """Move one group's turn at a station to `start`; the station's staff follow, or a
    trained colleague free then takes it."""
    with transaction.atomic():
        edit = _Edit.of_slot(actor, slot_id)
        turn = edit.turn(slot_id)
        minutes = minutes_of(start)
        if minutes % GRID:
            raise DomainError(
                _("Start times fall on %(n)d-minute steps.") % {"n": GRID}, code="off_grid"
            )
        turn.end, turn.start = minutes + turn.end - turn.start, minutes
        skill = _skill(edit.day, turn.station)
        if skill:
            turn.staff = rotation_check.free_staff(edit.day, list(edit.turns.values()), turn, skill)
        return edit.save(actor, "immersion.plan.move", slot=slot_id, start=start.isoformat())


def plan_slots_swap(*, actor: User, slot_id: int, other_id: int) -> DayPlan:
    """Two groups exchange their turns at one station (the staff stay with the times)."""
    with transaction.atomic():
        edit = _Edit.of_slot(actor, slot_id)
        a, b = edit.turn(slot_id), edit.turn(other_id)
        if a.station != b.station or slot_id == other_id:
            raise DomainError(_("Choose two groups at the same station."), code="not_same_station")
        # Each row keeps its class and group and takes the other's times and staff.
        a.start, a.end, a.staff, b.start, b.end, b.staff = (
            b.start, b.end, b.staff, a.start, a.end, a.staff
        )  # fmt: skip
        return edit.save(actor, "immersion.plan.swap", slot=slot_id, other=other_id)


def _skill(day: DayIn, station: str) -> str:
    return next((s.skill for s in day.stations if s.ref == station), "")
