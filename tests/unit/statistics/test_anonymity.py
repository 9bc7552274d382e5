"""k-anonymity: every released group of quasi-identifiers has at least k records."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.statistics.anonymity import NOT_PUBLISHED, Step, k_anonymise, smallest_group

QUASI = ("quarter", "age", "nationality")
STEPS = (
    Step("nationality", lambda v: "EU" if v in ("Polish", "Romanian") else "Other"),
    Step("quarter", lambda v: v[:4]),
    Step("age", lambda v: NOT_PUBLISHED),
    Step("nationality", lambda v: NOT_PUBLISHED),
    Step("quarter", lambda v: NOT_PUBLISHED),
)
record = st.fixed_dictionaries(
    {
        "quarter": st.sampled_from(["2023-Q1", "2023-Q2", "2024-Q1"]),
        "age": st.sampled_from(["Under 12", "16 to 17", "25 to 34"]),
        "nationality": st.sampled_from(["Polish", "Romanian", "Albanian", "Eritrean", "UK"]),
        "outcome": st.sampled_from(["Positive", "Negative"]),
    }
)


@given(st.lists(record, max_size=120), st.integers(2, 15))
def test_released_records_are_k_anonymous(records, k) -> None:
    release = k_anonymise(records, quasi_identifiers=QUASI, steps=STEPS, k=k)
    assert release.total == len(records)
    assert len(release.records) == release.unchanged + release.generalised
    if release.records:
        assert smallest_group(release.records, QUASI) >= k
    # What is not a quasi-identifier is never changed.
    assert Counter(r["outcome"] for r in release.records) <= Counter(r["outcome"] for r in records)


def test_a_rare_record_is_generalised_before_it_is_withheld() -> None:
    common = [{"quarter": "2023-Q1", "age": "16 to 17", "nationality": "UK"}] * 12
    rare = [{"quarter": "2023-Q1", "age": "16 to 17", "nationality": "Polish"}] * 3
    rarer = [{"quarter": "2023-Q1", "age": "16 to 17", "nationality": "Romanian"}] * 8
    release = k_anonymise(common + rare + rarer, quasi_identifiers=QUASI, steps=STEPS, k=11)
    assert (release.unchanged, release.generalised, release.withheld) == (12, 11, 0)
    assert {r["nationality"] for r in release.records} == {"UK", "EU"}


def test_k_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="k must be"):
        k_anonymise([], quasi_identifiers=QUASI, steps=STEPS, k=0)
