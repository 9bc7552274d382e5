"""Log lines carry no personal data: no query strings (searches, filters, next= links), no
values quoted by database errors, no e-mail addresses, no dates (of birth).

Installed as the log-record factory (``install``), so every record is cleaned when it is
made, whichever handler, formatter or test capture writes it out. Paths, route names,
request ids, status codes and record ids stay: they are what an operator needs.
"""

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError

_QUERY = re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]*")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug"
    r"|Sep|Oct|Nov|Dec)[a-z]* \d{4})\b"
)

REDACTED_QUERY = "?[query removed]"
REDACTED_EMAIL = "[email removed]"
REDACTED_DATE = "[date removed]"


def clean(text: str) -> str:
    """``text`` without query strings, e-mail addresses or dates."""
    text = _QUERY.sub(lambda m: m.group(1) + REDACTED_QUERY, text)
    text = _EMAIL.sub(REDACTED_EMAIL, text)
    return _DATE.sub(REDACTED_DATE, text)


def _exception_text(exc_info: Any) -> str:
    kind, value, trace = exc_info
    if value is not None and isinstance(value, DatabaseError):
        # A database error quotes the row or key it refused: keep where, not what.
        frames = "".join(traceback.format_tb(trace))
        return f"Traceback (most recent call last):\n{frames}{kind.__name__}: [values removed]"
    return clean("".join(traceback.format_exception(kind, value, trace)).rstrip("\n"))


_installed: Callable[..., logging.LogRecord] | None = None


def install() -> None:
    """Make every log record clean itself as it is created (idempotent)."""
    global _installed
    current = logging.getLogRecordFactory()
    if getattr(current, "opennrm_cleaning", False):
        return
    _installed = current

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = clean(message)
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = _exception_text(record.exc_info)
        return record

    factory.opennrm_cleaning = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
