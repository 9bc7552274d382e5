"""Every local authority the UK rules name is on the referral form's list, verbatim: a
routing rule for a name nobody can choose would never fire."""

import csv
from pathlib import Path

import pytest

from opennrm.policy import load_jurisdiction

REPOSITORY = Path(__file__).resolve().parents[3]
# The shared reference lists beside the repository, and the copy the live form reads.
LISTS = [
    REPOSITORY / ".." / "shared" / "reference-data" / "uk_local_authorities.csv",
    REPOSITORY / "src" / "opennrm" / "core" / "reference" / "uk_local_authorities.csv",
]


@pytest.mark.parametrize("path", LISTS, ids=["shared", "core"])
def test_every_panel_authority_is_on_the_local_authority_list(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        known = {row["name"] for row in csv.DictReader(handle)}
    named = load_jurisdiction("uk").authorities_named()
    assert len(named) > 40
    assert named <= known, sorted(named - known)
