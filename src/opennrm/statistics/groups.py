"""Groupings of published categories, for fairness monitoring and open data. Pure.

Nationalities are grouped as ``UK``, ``EU`` (the 27 member states since the UK left on
31 January 2020) and ``Other``. A dual national is grouped by the nationality recorded
first. Ages are banded for open data.
"""

from datetime import date

from opennrm.statistics.labels import UK_PUBLISHED, UNKNOWN_NATIONALITY, nationality_name

# Demonyms exactly as on the referral form's list of nationalities.
EU_DEMONYMS = frozenset(
    {
        "Austrian",
        "Belgian",
        "Bulgarian",
        "Croatian",
        "Cypriot",
        "Czech",
        "Danish",
        "Dutch",
        "Estonian",
        "Finnish",
        "French",
        "German",
        "Greek",
        "Hungarian",
        "Irish",
        "Italian",
        "Latvian",
        "Lithuanian",
        "Luxembourger",
        "Maltese",
        "Polish",
        "Portuguese",
        "Romanian",
        "Slovak",
        "Slovenian",
        "Spanish",
        "Swedish",
    }
)

UK_GROUP = "UK"
EU_GROUP = "EU"
OTHER_GROUP = "Other"
UNKNOWN_GROUP = "Unknown"


def nationality_group(first: str) -> str:
    """UK, EU, Other or Unknown, by the nationality recorded first."""
    name = nationality_name(first) if first.strip() else UNKNOWN_NATIONALITY
    if name == UNKNOWN_NATIONALITY:
        return UNKNOWN_GROUP
    if name == UK_PUBLISHED:
        return UK_GROUP
    return EU_GROUP if name in EU_DEMONYMS else OTHER_GROUP


# Age bands (in whole years at the date of referral) for open data and local pictures.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 11, "Under 12"),
    (12, 15, "12 to 15"),
    (16, 17, "16 to 17"),
    (18, 24, "18 to 24"),
    (25, 34, "25 to 34"),
    (35, 44, "35 to 44"),
    (45, 54, "45 to 54"),
    (55, None, "55 and over"),
)
AGE_NOT_KNOWN = "Not known"
AGE_BAND_ORDER: tuple[str, ...] = (*(label for _, _, label in AGE_BANDS), AGE_NOT_KNOWN)


def age_in_years(date_of_birth: date, on: date) -> int:
    """Whole years of age on ``on``."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (1 if before_birthday else 0)


def age_band(years: int | None) -> str:
    """The band of an age in whole years; ``Not known`` when no age is recorded."""
    if years is None or years < 0:
        return AGE_NOT_KNOWN
    for low, high, label in AGE_BANDS:
        if years >= low and (high is None or years <= high):
            return label
    return AGE_NOT_KNOWN


def is_child_band(band: str) -> bool:
    return band in ("Under 12", "12 to 15", "16 to 17")
