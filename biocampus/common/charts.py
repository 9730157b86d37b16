"""Geometry for the small SVG bar charts the pages draw (templates place the shapes)."""

from collections.abc import Iterable


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
