"""Small-cell suppression for public figures about people: a count between 1 and 4 could
point at someone, so it is shown as "fewer than 5" (None here)."""

from collections.abc import Iterable

SMALLEST_SHOWN = 5


def cell(count: int) -> int | None:
    """The count, or None when it is 1 to 4."""
    return None if 0 < count < SMALLEST_SHOWN else count


def column_total(counts: Iterable[int]) -> int | None:
    """A column's total, withheld (None) when the cells it hides add up to 1 to 4: the
    total minus the shown cells would otherwise give the hidden ones away."""
    counts = list(counts)
    hidden = sum(c for c in counts if cell(c) is None)
    if 0 < hidden < SMALLEST_SHOWN:
        return None
    return cell(sum(counts))


def spreadsheet_cell(count: int | None) -> int | str:
    """A public count in a spreadsheet: a withheld one (None) reads "<5"."""
    return f"<{SMALLEST_SHOWN}" if count is None else count
