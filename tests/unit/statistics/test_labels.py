"""The published categories and labels, exactly as the Home Office publishes them."""

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.core import reference_data
from opennrm.statistics import calibration
from opennrm.statistics.groups import EU_DEMONYMS, age_band, nationality_group
from opennrm.statistics.labels import (
    EXPLOITATION_NAMES,
    Exploitation,
    exploitation_categories,
    exploitation_label,
    nationality_label,
)

ORDER = ["Sexual", "Labour", "Domestic", "Organ Harvesting", "Criminal"]


@pytest.mark.parametrize(
    ("types", "label"),
    [
        (["criminal", "labour"], "Labour & Criminal"),
        (["criminal", "domestic", "labour", "sexual"], "Sexual, Labour, Domestic & Criminal"),
        (["organ_harvesting"], "Organ Harvesting"),
        (["criminal", "organ_harvesting", "sexual"], "Sexual, Organ Harvesting & Criminal"),
        ([], "Not specified or unknown"),
    ],
)
def test_combinations_are_named_in_the_published_order(types, label) -> None:
    assert exploitation_label(types) == label


@given(st.sets(st.sampled_from(list(Exploitation)), min_size=1))
def test_every_combination_names_its_types_once_in_order(types) -> None:
    label = exploitation_label(types)
    names = [n for n in ORDER if n in {EXPLOITATION_NAMES[t] for t in types}]
    if len(names) == 1:
        assert label == names[0]
    else:
        assert label == ", ".join(names[:-1]) + " & " + names[-1]


def test_there_are_thirty_one_combinations_and_not_specified() -> None:
    categories = exploitation_categories()
    assert len(categories) == 32 == len(set(categories))
    assert categories[:5] == ORDER
    assert categories[-1] == "Not specified or unknown"
    assert len([c for c in categories if "&" in c]) == sum(
        1 for size in range(2, 6) for _ in combinations(range(5), size)
    )


@pytest.mark.parametrize(
    ("first", "second", "label"),
    [
        ("British", "", "UK"),
        ("Pakistani", "British", "Pakistani UK"),
        ("Albanian", "Greek", "Albanian Greek"),
        ("Greek", "Albanian", "Greek Albanian"),
        ("", "", "Unknown"),
        ("Unknown", "", "Unknown"),
        ("British Virgin Islander", "", "British Virgin Islander"),
    ],
)
def test_nationalities_as_published(first, second, label) -> None:
    assert nationality_label(first, second) == label


def test_eu_and_calibration_demonyms_are_on_the_form_list() -> None:
    names = set(reference_data.nationality_names())
    assert names >= EU_DEMONYMS
    assert set(calibration.CHILD_NATIONALITIES) <= names
    assert set(calibration.ADULT_NATIONALITIES) <= names


def test_nationality_groups_use_the_first_recorded() -> None:
    assert nationality_group("British") == "UK"
    assert nationality_group("Polish") == "EU"
    assert nationality_group("Albanian") == "Other"
    assert nationality_group("") == "Unknown"


@pytest.mark.parametrize(
    ("years", "band"),
    [
        (None, "Not known"),
        (0, "Under 12"),
        (11, "Under 12"),
        (12, "12 to 15"),
        (17, "16 to 17"),
        (18, "18 to 24"),
        (54, "45 to 54"),
        (55, "55 and over"),
        (90, "55 and over"),
    ],
)
def test_age_bands(years, band) -> None:
    assert age_band(years) == band
