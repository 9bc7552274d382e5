"""Fairness monitoring: do decisions or waiting times differ between groups of people?
Pure: counts in, comparisons out.

Each group (a nationality, a gender, an age group, a decision maker) is compared with
everyone else in the same breakdown:

- **Positive decision rates**, with Wilson 95 % confidence intervals, and a two-sided
  two-proportion z-test of the group against the rest. A group is flagged when the
  difference is significant at 5 % after a Bonferroni correction for the number of groups
  compared in that breakdown (so that looking at twenty nationalities does not flag one by
  chance), and the group has at least ``min_decisions`` decisions.
- **Median waiting times**, with distribution-free 95 % confidence intervals for each
  median (from order statistics). A group is flagged when its interval and the rest's do
  not overlap — a conservative test.

A flag says "look here", not "this is discrimination": groups differ in their cases too.
"""

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

Z_95 = 1.959963984540054
ALPHA = 0.05
MIN_DECISIONS = 20


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (as fractions from 0 to 1)."""
    if trials <= 0:
        return (0.0, 1.0)
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and the number of trials")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    # At 0 and at every trial the bound is exactly 0 or 1; rounding must not move it.
    low = 0.0 if successes == 0 else max(0.0, centre - margin)
    high = 1.0 if successes == trials else min(1.0, centre + margin)
    return (min(low, p), max(high, p))


def two_proportion_p_value(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (1.0 when it cannot be run)."""
    if n1 <= 0 or n2 <= 0:
        return 1.0
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class RateComparison:
    """One group's positive decision rate beside the rest of its breakdown."""

    group: str
    positive: int
    decisions: int
    rate: float
    low: float
    high: float
    rest_rate: float
    rest_low: float
    rest_high: float
    p_value: float
    flagged: bool

    @property
    def direction(self) -> str:
        """ "lower" or "higher" than the rest, or "" when not flagged."""
        if not self.flagged:
            return ""
        return "lower" if self.rate < self.rest_rate else "higher"


def compare_rates(
    groups: Mapping[str, tuple[int, int]],
    *,
    alpha: float = ALPHA,
    min_decisions: int = MIN_DECISIONS,
) -> list[RateComparison]:
    """``groups`` maps each group to (positive decisions, all decisions). Groups may overlap
    (the ten largest nationalities and "EU"); each is compared with every decision of the
    breakdown outside it, given as the group named ``""`` holding the whole population if
    present, else the sum of the groups."""
    whole = groups.get("")
    total_positive = whole[0] if whole else sum(p for p, _ in groups.values())
    total = whole[1] if whole else sum(n for _, n in groups.values())
    named = {name: counts for name, counts in groups.items() if name}
    testable = [
        name for name, (_, n) in named.items() if n >= min_decisions and total - n >= min_decisions
    ]
    corrected = alpha / max(1, len(testable))
    found = []
    for name, (positive, decisions) in named.items():
        rest_positive, rest = total_positive - positive, total - decisions
        low, high = wilson_interval(positive, decisions)
        rest_low, rest_high = wilson_interval(rest_positive, rest)
        p_value = two_proportion_p_value(positive, decisions, rest_positive, rest)
        found.append(
            RateComparison(
                group=name,
                positive=positive,
                decisions=decisions,
                rate=positive / decisions if decisions else 0.0,
                low=low,
                high=high,
                rest_rate=rest_positive / rest if rest else 0.0,
                rest_low=rest_low,
                rest_high=rest_high,
                p_value=p_value,
                flagged=name in testable and p_value < corrected,
            )
        )
    return found


# Waiting times ----------------------------------------------------------------------

Histogram = Mapping[int, int]


def _value_at_rank(histogram: Histogram, rank: int) -> int:
    """The ``rank``-th smallest value (1-based) of the values a histogram counts."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError("rank beyond the number of values")


def count(histogram: Histogram) -> int:
    return sum(histogram.values())


def median(histogram: Histogram) -> float | None:
    """The median (the mean of the two middle values for an even count)."""
    n = count(histogram)
    if n == 0:
        return None
    if n % 2:
        return float(_value_at_rank(histogram, n // 2 + 1))
    return (_value_at_rank(histogram, n // 2) + _value_at_rank(histogram, n // 2 + 1)) / 2


def percentile(histogram: Histogram, q: float) -> float | None:
    """The ``q``-th percentile (0 < q ≤ 100) by the nearest-rank method."""
    n = count(histogram)
    if n == 0:
        return None
    if not 0 < q <= 100:
        raise ValueError("q must be above 0 and at most 100")
    return float(_value_at_rank(histogram, max(1, math.ceil(q / 100 * n))))


def median_interval(histogram: Histogram, z: float = Z_95) -> tuple[float, float] | None:
    """A distribution-free confidence interval for the median, from order statistics."""
    n = count(histogram)
    if n == 0:
        return None
    half_width = z * math.sqrt(n) / 2
    lower = max(1, math.floor(n / 2 - half_width))
    upper = min(n, math.ceil(n / 2 + 1 + half_width))
    return (float(_value_at_rank(histogram, lower)), float(_value_at_rank(histogram, upper)))


@dataclass(frozen=True)
class WaitComparison:
    """One group's median waiting time beside the rest of its breakdown."""

    group: str
    decisions: int
    median: float | None
    low: float | None
    high: float | None
    rest_median: float | None
    flagged: bool

    @property
    def direction(self) -> str:
        if not self.flagged or self.median is None or self.rest_median is None:
            return ""
        return "longer" if self.median > self.rest_median else "shorter"


def compare_waits(
    groups: Mapping[str, Histogram],
    *,
    whole: Histogram | None = None,
    min_decisions: int = MIN_DECISIONS,
) -> list[WaitComparison]:
    """``groups`` maps each group to a histogram of days waited; ``whole`` is the
    breakdown's whole population (the sum of the groups when not given)."""
    population: Counter[int] = Counter()
    if whole is not None:
        population.update(whole)
    else:
        for histogram in groups.values():
            population.update(histogram)
    found = []
    for name, histogram in groups.items():
        rest = population.copy()
        rest.subtract(histogram)
        rest = Counter({days: n for days, n in rest.items() if n > 0})
        interval = median_interval(histogram)
        rest_interval = median_interval(rest)
        n = count(histogram)
        flagged = (
            n >= min_decisions
            and count(rest) >= min_decisions
            and interval is not None
            and rest_interval is not None
            and (interval[1] < rest_interval[0] or rest_interval[1] < interval[0])
        )
        found.append(
            WaitComparison(
                group=name,
                decisions=n,
                median=median(histogram),
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
                rest_median=median(rest),
                flagged=flagged,
            )
        )
    return found
