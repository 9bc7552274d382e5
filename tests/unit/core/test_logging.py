"""Log lines carry no personal data: the record factory cleans every record as it is made
(``opennrm.core.logging``), whatever handler writes it."""

import logging

import pytest
from django.db import IntegrityError

from opennrm.core import logging as clean_logging

logger = logging.getLogger("opennrm.test")


def test_the_cleaning_factory_is_installed() -> None:
    assert getattr(logging.getLogRecordFactory(), "opennrm_cleaning", False)


def test_query_strings_emails_and_dates_never_reach_a_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    logger.warning("Not Found: %s", "/cases/?q=Ana+Hoxha&next=/cases/NRM-2026-000001/")
    logger.info("Sent to %s about a child born %s", "guardian@example.test", "2011-05-01")
    logger.info("Born 1 May 2011, seen 03/02/2026")
    text = caplog.text
    for personal in ("Ana", "Hoxha", "guardian@example.test", "2011-05-01", "1 May 2011", "03/02"):
        assert personal not in text
    assert "/cases/?[query removed]" in text
    assert "[email removed]" in text


def test_database_errors_keep_where_they_happened_but_not_the_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    row = ("Ana", "Hoxha", "1994-03-02", "car wash")
    try:
        raise IntegrityError(f"Failing row contains {row}.")
    except IntegrityError:
        logger.exception("Could not save")
    text = caplog.text
    assert "Hoxha" not in text and "car wash" not in text
    assert "IntegrityError: [values removed]" in text
    assert "test_logging.py" in text  # the traceback's frames are still there


def test_cleaning_keeps_what_operators_need() -> None:
    line = "GET /api/v1/cases/NRM-2026-000123 404 request 3f2a"
    assert clean_logging.clean(line) == line
