"""The day plan as the campus reviews it: one row per station, the groups' slots placed
along the day's time, each class in its own colour."""

from dataclasses import dataclass, field

from biocampus.immersion.clock import minutes_of
from biocampus.immersion.models import DayPlan, PlanSlot
from biocampus.immersion.queries import plan_slots

PALETTE = 8  # classes coloured in turn: css .class-0 … .class-7
TICK = 30  # minutes between the time axis marks


@dataclass
class Item:
    slot: PlanSlot
    left: float  # percent of the day's span
    width: float
    colour: int
    label: str
    lane: int = 0  # groups at a station at once sit in lanes, one above the other


@dataclass
class Row:
    station: str
    room: str
    items: list[Item] = field(default_factory=list)
    lanes: int = 1


@dataclass
class Board:
    rows: list[Row]
    ticks: list[tuple[float, str]]
    classes: list[tuple[int, str, str]]  # colour, class, school
    first: int = 0  # minutes of the day at the left edge
    span: int = 0  # minutes across


def board(plan: DayPlan) -> Board:
    slots = list(plan_slots(plan))
    if not slots:
        return Board([], [], [])
    first = min(minutes_of(s.starts_at) for s in slots) // TICK * TICK
    last = -(-max(minutes_of(s.ends_at) for s in slots) // TICK) * TICK
    span = max(last - first, TICK)
    colours: dict[int, int] = {}
    classes = []
    rows: dict[int, Row] = {}
    for slot in sorted(slots, key=lambda s: (s.station.position, s.station_id, s.starts_at)):
        if slot.visit_id not in colours:
            colours[slot.visit_id] = len(colours) % PALETTE
            classes.append((colours[slot.visit_id], slot.visit.class_name, slot.visit.school.name))
        row = rows.setdefault(
            slot.station.resource_id, Row(slot.station.name, slot.station.resource.name)
        )
        start, end = minutes_of(slot.starts_at), minutes_of(slot.ends_at)
        row.items.append(
            Item(
                slot=slot,
                left=round(100 * (start - first) / span, 3),
                width=round(100 * (end - start) / span, 3),
                colour=colours[slot.visit_id],
                label=f"{slot.visit.class_name} · {slot.group}",
            )
        )
    for row in rows.values():
        _lanes(row)
    ticks = [
        (round(100 * (m - first) / span, 3), f"{m // 60:02d}:{m % 60:02d}")
        for m in range(first, last + 1, TICK)
    ]
    return Board(list(rows.values()), ticks, sorted(classes, key=lambda c: c[0]), first, span)


def _lanes(row: Row) -> None:
    """The first lane free at each slot's start (slots come in start order)."""
    ends: list = []
    for item in row.items:
        lane = next((i for i, end in enumerate(ends) if end <= item.slot.starts_at), len(ends))
        if lane == len(ends):
            ends.append(item.slot.ends_at)
        else:
            ends[lane] = item.slot.ends_at
        item.lane = lane
    row.lanes = max(1, len(ends))
