"""The reference lists used by the live UK referral form (../shared/reference-data/).

They are read once per process and kept in memory: they are small and change only with a
release.
"""

import csv
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _read_names(filename: str) -> tuple[str, ...]:
    path = Path(settings.REFERENCE_DATA_DIR) / filename
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return tuple(row["name"].strip() for row in csv.DictReader(handle) if row["name"])
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"Reference list {path} is missing: set OPENNRM_REFERENCE_DATA_DIR."
        ) from None


@cache
def first_responder_organisation_names() -> tuple[str, ...]:
    return _read_names("first_responder_organisations.csv")


@cache
def local_authority_names() -> tuple[str, ...]:
    return _read_names("uk_local_authorities.csv")


@cache
def nationality_names() -> tuple[str, ...]:
    """Demonyms as used by the official statistics (``UK``, ``Albanian``, ``Unknown``…)."""
    return _read_names("nationalities.csv")


@cache
def country_names() -> tuple[str, ...]:
    return _read_names("countries.csv")


@cache
def police_force_names() -> tuple[str, ...]:
    return _read_names("uk_police_forces.csv")
