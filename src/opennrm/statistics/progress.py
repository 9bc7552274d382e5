"""A progress bar for long commands: redrawn in place on a terminal, a line per step in a
log."""

from collections.abc import Callable
from typing import Any


class Progress:
    """``update(done, total)`` shows ``Label [#####     ] 50% (500/1000)``."""

    WIDTH = 30

    def __init__(self, stream: Any, label: str) -> None:
        """``stream`` is a management command's ``self.stderr`` (or any text stream)."""
        self.stream = stream
        self.label = label
        self.interactive = bool(getattr(stream, "isatty", lambda: False)())
        self.shown = False
        self.last_percent = -1
        self._write: Callable[[str], Any] = (
            (lambda text: stream.write(text, ending=""))
            if hasattr(stream, "style_func")
            else stream.write
        )

    def update(self, done: int, total: int) -> None:
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if not self.interactive and percent == self.last_percent:
            return
        self.last_percent = percent
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + " " * (self.WIDTH - filled)
        text = f"{self.label} [{bar}] {percent:3d}% ({done}/{total})"
        self._write(("\r" + text) if self.interactive else text + "\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown and self.interactive:
            self._write("\n")
            self.stream.flush()
