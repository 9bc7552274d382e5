"""The synthetic national dataset (calibrated, reproducible, loaded through the services
with the audit chain intact), fairness monitoring on generated data, and open data."""

import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from opennrm.audit.verification import verify_stored_chain
from opennrm.cases.models import Case, Decision
from opennrm.referrals.models import Referral
from opennrm.statistics.anonymity import smallest_group
from opennrm.statistics.calibration import UNIFORM, Disparity, Profile
from opennrm.statistics.monitoring import fairness_report
from opennrm.statistics.open_data import QUASI_IDENTIFIERS, open_data
from opennrm.statistics.periods import parse_period
from opennrm.statistics.queries import Scope
from opennrm.statistics.synthetic import generate

pytestmark = pytest.mark.django_db


def test_generate_synthetic_follows_the_published_shape(demo) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "generate_synthetic",
        "--referrals",
        "1200",
        "--from",
        "2019",
        "--to",
        "2023",
        "--seed",
        "9",
        "--batch-size",
        "400",
        stdout=out,
        stderr=err,
    )
    assert "100% (1200/1200)" in err.getvalue()
    assert "Created" in out.getvalue()
    records = Referral.objects.filter(imported_by__email="synthetic.dataset@opennrm.invalid")
    assert records.count() == 1200
    by_year = Counter(r.year for r in records.values_list("received_at", flat=True))
    # Volumes follow the published figures: 2023 had about 1.7 times 2019's.
    assert 1.4 < by_year[2023] / by_year[2019] < 2.0
    nrm = records.filter(kind="nrm")
    children = nrm.filter(age_at_exploitation="child").count() / nrm.count()
    assert 0.35 < children < 0.52
    assert records.filter(kind="dtn").count() / records.count() == pytest.approx(0.21, abs=0.05)
    assert Case.objects.filter(referral__in=nrm).count() == nrm.count()
    assert Case.objects.filter(referral__in=nrm, decision_maker_type="panel").exists()
    assert Decision.objects.filter(case__referral__in=nrm, stage="conclusive_grounds").exists()
    # Every decision respects its case's dates (recorded through the transition table).
    for decision in Decision.objects.filter(stage="conclusive_grounds").select_related("case")[:50]:
        assert decision.decided_at >= decision.case.received_at
    assert verify_stored_chain(write_checkpoint=False).result.ok


def test_the_same_seed_adds_nothing_the_second_time(demo) -> None:
    first = generate(referrals=120, first_year=2022, last_year=2022, seed=4)
    again = generate(referrals=120, first_year=2022, last_year=2022, seed=4)
    assert first.referrals + first.duty_to_notify == 120
    assert (again.referrals, again.already_there) == (0, 120)
    assert Referral.objects.count() == 120


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--referrals", "0", "--from", "2020", "--to", "2021"], "at least one"),
        (["--referrals", "10", "--from", "2022", "--to", "2021"], "must not be after"),
        (["--referrals", "10", "--from", "2001", "--to", "2002"], "began in 2009"),
        (["--referrals", "10", "--from", "2020", "--to", "2999"], "future"),
    ],
)
def test_generate_synthetic_refuses_what_cannot_be(demo, arguments, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("generate_synthetic", *arguments, stdout=io.StringIO(), stderr=io.StringIO())
    assert not Referral.objects.exists()


ALBANIAN_QUARTER = Profile(
    uniform=True, disparities=(Disparity("Albanian", "2023-Q2", "reasonable_grounds", 0.85),)
)


def test_fairness_flags_a_planted_disparity_and_nothing_in_an_unbiased_dataset(demo) -> None:
    generate(referrals=2600, first_year=2023, last_year=2023, seed=11, profile=UNIFORM)
    report = fairness_report(Scope(parse_period("2023-Q2")), "reasonable_grounds")
    assert report.decisions > 300
    assert report.flagged_rates == []
    assert report.flagged_waits == []


def test_fairness_flags_the_planted_nationality(demo) -> None:
    generate(referrals=2600, first_year=2023, last_year=2023, seed=11, profile=ALBANIAN_QUARTER)
    report = fairness_report(Scope(parse_period("2023-Q2")), "reasonable_grounds")
    flagged = {(b.key, r.group): r for b, r in report.flagged_rates}
    assert ("nationality", "Albanian") in flagged
    assert flagged[("nationality", "Albanian")].direction == "lower"
    # The quarters before and after show nothing.
    assert fairness_report(Scope(parse_period("2023-Q1")), "reasonable_grounds").flagged_rates == []


def test_open_data_is_k_anonymous_pseudonymised_and_free_of_free_text(demo) -> None:
    generate(referrals=400, first_year=2023, last_year=2023, seed=2)
    data = open_data(Scope(parse_period("2023")), k=11)
    release = data.release
    assert release.total == Referral.objects.count()
    assert release.unchanged + release.generalised + release.withheld == release.total
    assert release.generalised > 0
    if release.records:
        assert smallest_group(release.records, QUASI_IDENTIFIERS) >= 11
    text = json.dumps(data.rows())
    assert "Synthetic" not in text  # no names, accounts or reasons
    references = set(Referral.objects.values_list("reference", flat=True))
    assert not references & {row[0] for row in data.rows()}
    assert {row[2][:4] for row in data.rows()} <= {"2023", "Not "}
