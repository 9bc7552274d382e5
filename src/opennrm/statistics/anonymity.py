"""k-anonymity for record-level open data. Pure: records in, safe records and a report out.

A record is k-anonymous when at least ``k - 1`` other released records share all its
*quasi-identifiers* — the fields someone who knows the person could match on (when they
were referred, their age band, gender, nationality, nation). The default ``k`` is 11, as
the global Counter Trafficking Data Collaborative uses.

Records in a group smaller than ``k`` are **generalised** one step at a time, only they
(local recoding): a nationality becomes UK / EU / Other, an age band becomes child or
adult, a quarter becomes its year, and so on, each step in the order given. A record still
in a small group after the last step is **withheld**. The report counts records released
unchanged, generalised and withheld.
"""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_K = 11
NOT_PUBLISHED = "Not published"

type Generalise = Callable[[str], str]


@dataclass(frozen=True)
class Step:
    """One generalisation: replace ``field``'s value by ``coarser(value)``."""

    field: str
    coarser: Generalise
    description: str = ""


@dataclass
class Release:
    records: list[dict[str, str]]
    unchanged: int = 0
    generalised: int = 0
    withheld: int = 0
    steps_used: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.unchanged + self.generalised + self.withheld


def _key(record: Mapping[str, str], quasi: Sequence[str]) -> tuple[str, ...]:
    return tuple(record[name] for name in quasi)


def k_anonymise(
    records: Sequence[Mapping[str, str]],
    *,
    quasi_identifiers: Sequence[str],
    steps: Sequence[Step],
    k: int = DEFAULT_K,
) -> Release:
    """Generalise or withhold records until every released group of quasi-identifiers has
    at least ``k`` records. Records keep their order; withheld ones are left out."""
    if k < 1:
        raise ValueError("k must be a whole number of 1 or more")
    for step in steps:
        if step.field not in quasi_identifiers:
            raise ValueError(f"{step.field!r} is not a quasi-identifier")
    working = [dict(record) for record in records]
    level = [0] * len(working)  # how many steps each record has had
    active = list(range(len(working)))
    while True:
        sizes = Counter(_key(working[i], quasi_identifiers) for i in active)
        small = [i for i in active if sizes[_key(working[i], quasi_identifiers)] < k]
        if not small:
            break
        withheld_now = set()
        for i in small:
            if level[i] >= len(steps):
                withheld_now.add(i)
                continue
            step = steps[level[i]]
            working[i][step.field] = step.coarser(working[i][step.field])
            level[i] += 1
        if withheld_now:
            active = [i for i in active if i not in withheld_now]
    released = set(active)
    result = Release(records=[working[i] for i in active])
    for i in range(len(working)):
        if i not in released:
            result.withheld += 1
        elif level[i]:
            result.generalised += 1
            for step in steps[: level[i]]:
                result.steps_used[step.field] += 1
        else:
            result.unchanged += 1
    return result


def smallest_group(records: Sequence[Mapping[str, str]], quasi_identifiers: Sequence[str]) -> int:
    """The size of the smallest group of identical quasi-identifiers (0 for no records)."""
    sizes = Counter(_key(record, quasi_identifiers) for record in records)
    return min(sizes.values(), default=0)
