"""`manage.py import_referrals`: progress, a per-line error report, nothing from bad lines."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from opennrm.referrals.models import Referral
from tests.integration.referrals.bodies import adult_body, child_body

pytestmark = pytest.mark.django_db


def test_import_loads_good_lines_and_reports_bad_ones(tmp_path, demo) -> None:
    good = {
        **adult_body(received_at="2024-02-01T10:00:00+00:00"),
        "organisation": "The Salvation Army",
    }
    child = {
        **child_body(received_at="2024-03-04T09:30:00+00:00"),
        "organisation": "City of Cardiff Council",
    }
    bad = {**adult_body(), "organisation": "The Salvation Army", "nation": "atlantis"}
    source = tmp_path / "referrals.jsonl"
    source.write_text(
        "\n".join([json.dumps(good), "{not json", json.dumps(bad), json.dumps(child)]) + "\n"
    )
    report = tmp_path / "errors.jsonl"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 lines could not be imported"):
        call_command(
            "import_referrals",
            str(source),
            "--as",
            "migration@demo.opennrm.test",
            "--errors",
            str(report),
            stdout=out,
            stderr=err,
        )
    assert Referral.objects.count() == 2
    assert "4/4 lines read" in out.getvalue()
    errors = [json.loads(line) for line in report.read_text().splitlines()]
    assert [e["line"] for e in errors] == [2, 3]
    assert errors[1]["errors"][0]["loc"] == ["nation"]
    assert "line 2: " in err.getvalue()

    # Running it again imports nothing twice.
    with pytest.raises(CommandError):
        call_command(
            "import_referrals",
            str(source),
            "--as",
            "migration@demo.opennrm.test",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert Referral.objects.count() == 2
