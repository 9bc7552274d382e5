"""The published headline figures a synthetic national dataset is calibrated to, and how
each synthetic referral's facts are drawn from them. Pure: a seeded ``random.Random`` in,
plain values out.

Figures (Home Office NRM statistics, revised): referrals and Duty to Notify reports per
year, and the split of referrals into children, adults and age unknown; positive
reasonable grounds (RG) rates of 89 % in 2022 and 55 % in 2023 (children 74 %, adults
41 %); positive conclusive grounds (CG) rates of 89 % in 2022 and 66 % in 2023; a median
of 526 days to a CG decision in 2023 (904 for women); in 2023 UK nationals were 25 % of
referrals, Albanians 24 % and Vietnamese 6 %; children are most often referred for
criminal exploitation, adults for labour.

Where the figures are silent the assumptions are stated beside each value (earlier years'
rates, the mix of first responders, the rest of the nationalities). The published record
of a jump in Albanian RG refusals from 11 % to 63 % within one quarter of 2023 is planted
as a disparity (``DEFAULT_DISPARITIES``), so that fairness monitoring has something real to
find; the "uniform" profile draws every outcome and delay from one distribution, for a
dataset with no disparity at all.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

# year: (referrals, children, adults, age unknown, Duty to Notify reports)
HEADLINES: dict[int, tuple[int, int, int, int, int]] = {
    2019: (10_606, 4_548, 5_850, 208, 2_272),
    2020: (10_582, 5_016, 5_071, 495, 2_175),
    2021: (12_700, 5_447, 6_401, 852, 3_193),
    2022: (16_921, 7_004, 8_848, 1_069, 4_580),
    2023: (17_004, 7_432, 8_622, 950, 4_929),
    # 2024's age split is not published yet: 2023's shares are used.
    2024: (19_125, 8_359, 9_698, 1_068, 5_598),
}

# Positive RG rate by year and age group (2022 and 2023 published; 2019–2021 assumed as
# 2022; 2024 as 2023).
RG_POSITIVE: dict[int, dict[str, float]] = {
    2019: {"child": 0.91, "adult": 0.88, "unknown": 0.89},
    2020: {"child": 0.91, "adult": 0.88, "unknown": 0.89},
    2021: {"child": 0.91, "adult": 0.88, "unknown": 0.89},
    2022: {"child": 0.91, "adult": 0.88, "unknown": 0.89},
    2023: {"child": 0.74, "adult": 0.41, "unknown": 0.55},
    2024: {"child": 0.74, "adult": 0.41, "unknown": 0.55},
}
CG_POSITIVE: dict[int, float] = {2019: 0.89, 2020: 0.89, 2021: 0.89, 2022: 0.89, 2023: 0.66}
CG_POSITIVE[2024] = 0.66

# Median days from referral to RG (assumed: the 5-working-day target slipping as volumes
# rose) and from RG to CG (2023: 526 published; earlier years assumed shorter).
RG_MEDIAN_DAYS = {2019: 8, 2020: 12, 2021: 18, 2022: 30, 2023: 40, 2024: 30}
CG_MEDIAN_DAYS = {2019: 300, 2020: 360, 2021: 420, 2022: 480, 2023: 526, 2024: 540}
# Women waited longer (904 against 526 days in 2023).
CG_FEMALE_FACTOR = 904 / 526
DELAY_SPREAD = 0.6  # the log-normal spread of delays
PANEL_RG_MEDIAN_DAYS = 30  # local panels, within their 45-day target

# 2023 nationality mix by age group, chosen so that all referrals give UK 25 %, Albanian
# 24 %, Vietnamese 6 % (the rest: the next most frequent nationalities, assumed).
CHILD_NATIONALITIES: dict[str, float] = {
    "British": 0.46,
    "Albanian": 0.10,
    "Vietnamese": 0.07,
    "Eritrean": 0.06,
    "Sudanese": 0.06,
    "Afghan": 0.04,
    "Iranian": 0.03,
    "Iraqi": 0.03,
    "Romanian": 0.02,
    "Ethiopian": 0.02,
    "Egyptian": 0.02,
    "Kuwaiti": 0.01,
    "Nigerian": 0.01,
    "Syrian": 0.02,
    "Chadian": 0.01,
    "Unknown": 0.04,
}
ADULT_NATIONALITIES: dict[str, float] = {
    "British": 0.08,
    "Albanian": 0.36,
    "Vietnamese": 0.05,
    "Eritrean": 0.05,
    "Sudanese": 0.05,
    "Indian": 0.04,
    "Nigerian": 0.03,
    "Romanian": 0.03,
    "Chinese": 0.03,
    "Pakistani": 0.03,
    "Iranian": 0.03,
    "Iraqi": 0.02,
    "Afghan": 0.03,
    "Polish": 0.02,
    "Ghanaian": 0.02,
    "Filipino": 0.02,
    "Bangladeshi": 0.02,
    "Ethiopian": 0.02,
    "Unknown": 0.07,
}
DUAL_NATIONAL_SHARE = 0.01

# Exploitation mix (assumed from the published pattern): tuples of published types.
CHILD_EXPLOITATION: dict[tuple[str, ...], float] = {
    ("criminal",): 0.46,
    ("sexual",): 0.12,
    ("labour",): 0.07,
    ("sexual", "criminal"): 0.05,
    ("labour", "criminal"): 0.06,
    ("domestic_servitude",): 0.02,
    ("sexual", "labour"): 0.02,
    ("labour", "domestic_servitude", "criminal"): 0.01,
    ("sexual", "labour", "domestic_servitude", "criminal"): 0.01,
    (): 0.18,
}
ADULT_EXPLOITATION: dict[tuple[str, ...], float] = {
    ("labour",): 0.38,
    ("sexual",): 0.20,
    ("criminal",): 0.09,
    ("domestic_servitude",): 0.04,
    ("sexual", "labour"): 0.05,
    ("labour", "criminal"): 0.07,
    ("labour", "domestic_servitude"): 0.03,
    ("sexual", "labour", "domestic_servitude"): 0.01,
    ("organ_harvesting",): 0.002,
    (): 0.128,
}
COUNTY_LINES_SHARE = {"child": 0.45, "adult": 0.08}  # of referrals for criminal exploitation
MALE_SHARE = {"child": 0.76, "adult": 0.72}
OTHER_GENDER_SHARE = 0.005
LOCATIONS = {"uk": 0.55, "overseas": 0.25, "uk_and_overseas": 0.15, "unknown": 0.05}
UK_NATIONAL_LOCATIONS = {"uk": 0.95, "uk_and_overseas": 0.03, "unknown": 0.02}
# Who refers (assumed): children mostly by local authorities and police, adults by the
# Home Office and charities.
FIRST_RESPONDER_TYPES = {
    "child": {"local_authority": 0.45, "police_force": 0.40, "home_office_unit": 0.08, "ngo": 0.07},
    "adult": {"home_office_unit": 0.40, "police_force": 0.25, "ngo": 0.30, "local_authority": 0.05},
}


@dataclass(frozen=True)
class Disparity:
    """A planted difference: people of ``nationality`` get a negative decision at
    ``stage`` with probability ``negative_rate`` in ``quarter`` ("2023-Q2")."""

    nationality: str
    quarter: str
    stage: str
    negative_rate: float


# "Albanian RG refusals 11 % → 63 % in one quarter of 2023" (the published figure; the
# quarter is the second, after the new threshold).
DEFAULT_DISPARITIES = (Disparity("Albanian", "2023-Q2", "reasonable_grounds", 0.63),)


@dataclass(frozen=True)
class Profile:
    """How outcomes and delays are drawn. ``uniform`` draws them all from one distribution
    (no group differs from another); ``disparities`` plant differences on top."""

    uniform: bool = False
    disparities: Sequence[Disparity] = field(default_factory=lambda: DEFAULT_DISPARITIES)
    uniform_rg_positive: float = 0.7
    uniform_cg_positive: float = 0.8
    uniform_rg_days: int = 20
    uniform_cg_days: int = 400


CALIBRATED = Profile()
UNIFORM = Profile(uniform=True, disparities=())


def _year(year: int) -> int:
    """The nearest year with published figures."""
    return min(max(year, min(HEADLINES)), max(HEADLINES))


def pick[T](rng: random.Random, weights: dict[T, float]) -> T:
    values = list(weights)
    return rng.choices(values, weights=[weights[v] for v in values], k=1)[0]


def records_per_year(total: int, years: Sequence[int]) -> dict[int, int]:
    """``total`` records (referrals and Duty to Notify reports) shared between ``years``
    in proportion to the published volumes; the shares add up to ``total`` exactly."""
    weights = {y: HEADLINES[_year(y)][0] + HEADLINES[_year(y)][4] for y in years}
    whole = sum(weights.values())
    shares = {y: math.floor(total * w / whole) for y, w in weights.items()}
    remainder = total - sum(shares.values())
    for y in sorted(years, key=lambda y: -(total * weights[y] / whole - shares[y]))[:remainder]:
        shares[y] += 1
    return shares


def kind_and_age(rng: random.Random, year: int) -> tuple[str, str]:
    """("nrm" or "dtn", "child" / "adult" / "unknown") for one record of ``year``."""
    referrals, children, adults, unknown, dtn = HEADLINES[_year(year)]
    if rng.random() < dtn / (referrals + dtn):
        return "dtn", "adult"
    return "nrm", pick(rng, {"child": children, "adult": adults, "unknown": unknown})


def nationalities(rng: random.Random, age: str) -> list[str]:
    mix = CHILD_NATIONALITIES if age == "child" else ADULT_NATIONALITIES
    first = pick(rng, mix)
    if first == "Unknown":
        return []
    if rng.random() < DUAL_NATIONAL_SHARE:
        second = pick(rng, mix)
        if second not in (first, "Unknown"):
            return [first, second]
    return [first]


def exploitation(rng: random.Random, age: str) -> tuple[list[str], bool]:
    """(published types, county lines flag)."""
    mix: dict[tuple[str, ...], float] = CHILD_EXPLOITATION if age == "child" else ADULT_EXPLOITATION
    chosen: tuple[str, ...] = pick(rng, mix)
    types = list(chosen)
    county_lines = (
        "criminal" in types
        and rng.random() < COUNTY_LINES_SHARE["child" if age == "child" else "adult"]
    )
    return types, county_lines


def gender(rng: random.Random, age: str) -> str:
    if rng.random() < OTHER_GENDER_SHARE:
        return "other"
    return "male" if rng.random() < MALE_SHARE["child" if age == "child" else "adult"] else "female"


def location(rng: random.Random, nationality: list[str]) -> str:
    return pick(rng, UK_NATIONAL_LOCATIONS if nationality[:1] == ["British"] else LOCATIONS)


def _lognormal_days(rng: random.Random, median: float) -> int:
    return max(0, round(rng.lognormvariate(math.log(max(median, 1)), DELAY_SPREAD)))


def rg_days(rng: random.Random, profile: Profile, year: int, *, panel: bool) -> int:
    if profile.uniform:
        return _lognormal_days(rng, profile.uniform_rg_days)
    return _lognormal_days(rng, PANEL_RG_MEDIAN_DAYS if panel else RG_MEDIAN_DAYS[_year(year)])


def cg_days(rng: random.Random, profile: Profile, year: int, *, female: bool) -> int:
    if profile.uniform:
        return _lognormal_days(rng, profile.uniform_cg_days)
    median = CG_MEDIAN_DAYS[_year(year)] * (CG_FEMALE_FACTOR if female else 1)
    return _lognormal_days(rng, median)


def quarter_code(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def rg_positive(
    rng: random.Random, profile: Profile, day: date, age: str, nationality: list[str]
) -> bool:
    for disparity in profile.disparities:
        if (
            disparity.stage == "reasonable_grounds"
            and nationality[:1] == [disparity.nationality]
            and quarter_code(day) == disparity.quarter
        ):
            return rng.random() >= disparity.negative_rate
    if profile.uniform:
        return rng.random() < profile.uniform_rg_positive
    return rng.random() < RG_POSITIVE[_year(day.year)][age]


def cg_positive(rng: random.Random, profile: Profile, day: date, nationality: list[str]) -> bool:
    for disparity in profile.disparities:
        if (
            disparity.stage == "conclusive_grounds"
            and nationality[:1] == [disparity.nationality]
            and quarter_code(day) == disparity.quarter
        ):
            return rng.random() >= disparity.negative_rate
    if profile.uniform:
        return rng.random() < profile.uniform_cg_positive
    return rng.random() < CG_POSITIVE[_year(day.year)]
