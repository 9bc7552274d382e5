"""Every local authority the UK rules name is one the referral form offers, verbatim: the
form lists only authorities with children's services duties, and a routing rule for a name
nobody can choose would never fire."""

import csv
from pathlib import Path

import pytest

from opennrm.policy import load_jurisdiction

# The copy of the live form's list that the service reads (see config/settings/base.py).
LOCAL_AUTHORITIES = (
    Path(__file__).resolve().parents[3]
    / "src"
    / "opennrm"
    / "core"
    / "reference"
    / "childrens_services_authorities.csv"
)


@pytest.mark.parametrize("code", ["uk", "uk_reformed"])
def test_every_panel_authority_is_on_the_local_authority_list(code: str) -> None:
    with LOCAL_AUTHORITIES.open(encoding="utf-8", newline="") as handle:
        known = {row["name"] for row in csv.DictReader(handle)}
    named = load_jurisdiction(code).authorities_named()
    assert len(named) > 25
    assert named <= known, sorted(named - known)
