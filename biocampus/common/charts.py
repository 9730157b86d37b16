"""Geometry for the small SVG bar charts the pages draw; templates place the shapes."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Scale:
    """Maps values onto bar lengths in pixels: the largest value gets `length`."""

    def __init__(self, values: Iterable[float], length: int) -> None:
        self.top = max([float(v) for v in values] + [1.0])
        self.length = length

    def __call__(self, value: float, *, minimum: int = 0) -> int:
        return max(round(self.length * float(value) / self.top), minimum)


def offsets(count: int, *, first: int, step: int) -> list[int]:
    """Where each of `count` rows (or columns) of a chart starts."""
    return [first + i * step for i in range(count)]


@dataclass(frozen=True)
class Bar:
    offset: int  # where the bar's row starts
    length: int


def bars(
    values: Sequence[float], *, length: int, first: int, step: int, minimum: int = 0
) -> list[Bar]:
    """Horizontal bars, one row each, the longest `length` pixels."""
    scale = Scale(values, length)
    return [
        Bar(y, scale(v, minimum=minimum))
        for y, v in zip(offsets(len(values), first=first, step=step), values, strict=True)
    ]


@dataclass(frozen=True)
class Column:
    x: int
    y: int  # top of the column
    height: int
    label_y: int  # just above the column


def columns(values: Sequence[float], *, height: int, baseline: int, first: int, step: int):
    """Vertical bars standing on `baseline`, the tallest `height` pixels high."""
    scale = Scale(values, height)
    return [
        Column(x, baseline - scale(v), scale(v), baseline - scale(v) - 6)
        for x, v in zip(offsets(len(values), first=first, step=step), values, strict=True)
    ]


def chart_width(count: int, *, first: int, step: int) -> int:
    return 2 * first + step * count


@dataclass(frozen=True)
class ChartColumn:
    label: str  # under the column
    value: str  # above it, as the page words it
    shape: Column


@dataclass(frozen=True)
class ColumnChart:
    columns: list[ChartColumn]
    width: int
    height: int = 220


# One 50 px column per value, 90 px apart, standing on y=180 and at most 160 px high.
COLUMN_LAYOUT = {"height": 160, "baseline": 180, "first": 40, "step": 90}


def column_chart(points: Sequence[tuple[str, float, str]]) -> ColumnChart | None:
    """A vertical bar chart of (label, value, value as text) points; None without data,
    so the page shows its empty state instead of an empty frame."""
    if not points:
        return None
    shapes = columns([p[1] for p in points], **COLUMN_LAYOUT)
    return ColumnChart(
        columns=[
            ChartColumn(label, text, shape)
            for (label, _v, text), shape in zip(points, shapes, strict=True)
        ],
        width=chart_width(len(points), first=COLUMN_LAYOUT["first"], step=COLUMN_LAYOUT["step"]),
    )


@dataclass(frozen=True)
class Line:
    points: str  # an SVG polyline's points, "x,y x,y ..."
    end_x: int
    end_y: int  # where its label goes
    last: float


@dataclass(frozen=True)
class ColumnsAndLines:
    labels: list[tuple[int, str]]  # x, text under each column
    columns: list[tuple[Column, str] | None]  # None: no value (a quarter still to come)
    lines: list[Line]
    width: int
    height: int = 220
    baseline: int = 180


def columns_and_lines(
    labels: Sequence[str],
    values: Sequence[tuple[float, str] | None],
    lines: Sequence[Sequence[float]],
    *,
    step: int = 64,
) -> ColumnsAndLines:
    """Columns of actual figures (value, text) against lines of what was needed at each
    point, on one scale: the tallest of either is 160 px."""
    first, baseline, height = 30, 180, 160
    scale = Scale([v[0] for v in values if v] + [x for line in lines for x in line], height)
    xs = offsets(len(labels), first=first, step=step)
    column_width = 40
    shapes: list[tuple[Column, str] | None] = []
    for x, value in zip(xs, values, strict=True):
        if value is None:
            shapes.append(None)
            continue
        h = scale(value[0])
        shapes.append((Column(x, baseline - h, h, baseline - h - 6), value[1]))
    drawn = []
    for line in lines:
        points = [
            (x + column_width // 2, baseline - scale(v)) for x, v in zip(xs, line, strict=True)
        ]
        drawn.append(
            Line(" ".join(f"{x},{y}" for x, y in points), points[-1][0], points[-1][1], line[-1])
        )
    return ColumnsAndLines(
        labels=[(x + column_width // 2, label) for x, label in zip(xs, labels, strict=True)],
        columns=shapes,
        lines=drawn,
        width=2 * first + step * len(labels) + 40,
    )
