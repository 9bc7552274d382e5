"""Fairness monitoring: Wilson intervals, significance with a correction for the number of
groups, medians and percentiles from histograms."""

import math
import statistics
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.statistics.fairness import (
    compare_rates,
    compare_waits,
    median,
    median_interval,
    percentile,
    two_proportion_p_value,
    wilson_interval,
)


def test_wilson_interval_known_values() -> None:
    low, high = wilson_interval(5, 10)
    assert (round(low, 4), round(high, 4)) == (0.2366, 0.7634)
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 0) == (0.0, 1.0)


@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_holds_the_rate(counts) -> None:
    successes, trials = counts
    low, high = wilson_interval(successes, trials)
    assert 0 <= low <= successes / trials <= high <= 1


def test_p_value_of_a_clear_difference() -> None:
    assert two_proportion_p_value(30, 100, 70, 100) < 1e-6
    assert two_proportion_p_value(50, 100, 50, 100) == pytest.approx(1.0)


def test_a_planted_difference_is_flagged_and_nothing_else() -> None:
    groups = {"A": (37, 100), "B": (70, 100), "C": (71, 100), "D": (69, 100)}
    found = {r.group: r for r in compare_rates(groups)}
    assert found["A"].flagged and found["A"].direction == "lower"
    assert not any(found[g].flagged for g in "BCD")


def test_small_groups_are_never_flagged() -> None:
    found = compare_rates({"A": (0, 10), "B": (90, 100)}, min_decisions=20)
    assert not any(r.flagged for r in found)


def test_the_correction_grows_with_the_number_of_groups() -> None:
    # p is about 0.02: significant alone, not among ten comparisons.
    pair = {"A": (60, 120), "B": (1450, 2400)}
    assert compare_rates(pair)[0].flagged
    many = {**pair, **{f"G{i}": (1450, 2400) for i in range(9)}}
    assert not next(r for r in compare_rates(many) if r.group == "A").flagged


histograms = st.dictionaries(st.integers(0, 900), st.integers(1, 20), min_size=1, max_size=40)


@given(histograms)
def test_median_and_percentile_match_the_values_they_count(histogram) -> None:
    values = sorted(days for days, n in histogram.items() for _ in range(n))
    assert median(histogram) == statistics.median(values)
    rank = max(1, math.ceil(0.9 * len(values)))
    assert percentile(histogram, 90) == values[rank - 1]
    low, high = median_interval(histogram)
    assert values[0] <= low <= statistics.median(values) <= high <= values[-1]


def test_longer_waits_are_flagged() -> None:
    slow = Counter({900: 40, 950: 40})
    usual = Counter({400: 200, 450: 200, 500: 200})
    found = {w.group: w for w in compare_waits({"Women": slow, "Men": usual})}
    assert found["Women"].flagged and found["Women"].direction == "longer"
    same = compare_waits({"Women": Counter({400: 80}), "Men": Counter({400: 600})})
    assert not any(w.flagged for w in same)
