"""A small progress reporter for command-line exports and imports: counts and rate, to stderr.

    progress = Progress("CIN census 2025", total=children.count())
    for child in children:
        ...
        progress.advance()
    progress.done()

It writes at most one line every `every` seconds (and always the last), so it costs nothing per row. On a
terminal the line is rewritten in place; otherwise (CI logs, pipes) each report is a new line. Nothing
identifying is ever written: only counts.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "children",
        stream: TextIO | None = None,
        every: float = 1.0,
        clock=time.monotonic,
    ):
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.clock = clock
        self.count = 0
        self.started = clock()
        self._last = self.started
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.lines: list[str] = []

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = self.clock()
        if now - self._last >= self.every:
            self._last = now
            self._write(self._line(now), final=False)

    def note(self, message: str) -> None:
        """A line of its own (e.g. "Episodes: 5,050 rows")."""
        self._write(f"{self.label}: {message}", final=True)

    def done(self, summary: str = "") -> None:
        now = self.clock()
        line = self._line(now) + (f" — {summary}" if summary else "")
        self._write(line, final=True)

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def _line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.count / elapsed
        of = f"/{self.total:,}" if self.total is not None else ""
        return f"{self.label}: {self.count:,}{of} {self.unit} in {elapsed:.1f} s ({rate:,.0f}/s)"

    def _write(self, line: str, *, final: bool) -> None:
        self.lines.append(line)
        if self._tty:
            self.stream.write("\r\033[K" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class NullProgress(Progress):
    """Reports nothing (the default when a caller passes no progress)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("stream", _Null())
        super().__init__(*args or ("",), **kwargs)

    def _write(self, line: str, *, final: bool) -> None:
        self.lines.append(line)


class _Null:
    def write(self, _text: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def ensure(progress: Progress | None, label: str, *, total: int | None = None, unit: str = "children"):
    """The caller's progress reporter with this label and total, or a silent one."""
    if progress is None:
        return NullProgress(label, total=total, unit=unit)
    progress.label = progress.label or label
    if total is not None:
        progress.total = total
    progress.unit = unit
    return progress
