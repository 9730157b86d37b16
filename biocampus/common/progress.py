"""Progress of long command-line work (an ESCO import reads and writes hundreds of
thousands of rows): a live bar per step on a terminal, through tqdm, and one line per
finished step in any case, so logs of unattended runs still say what took how long."""

from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

from tqdm import tqdm

T = TypeVar("T")


class Steps:
    def __init__(self, stream: IO[str] | None = None, *, bars: bool | None = None) -> None:
        self.stream = stream
        # Bars only where someone watches: a file or a pipe gets the summary lines alone.
        self.bars = bars if bars is not None else bool(stream and stream.isatty())

    def rows(self, iterable: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        if self.stream is None or not self.bars:
            return iter(iterable)
        return iter(
            tqdm(
                iterable,
                desc=label,
                total=total,
                unit=" rows",
                unit_scale=True,
                file=self.stream,
                mininterval=0.5,
                leave=False,
                dynamic_ncols=True,
            )
        )

    def done(self, message: str) -> None:
        if self.stream is not None:
            self.stream.write(message + "\n")
            self.stream.flush()


QUIET = Steps(None)
