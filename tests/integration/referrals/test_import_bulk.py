"""The bulk import path gives the same records, the same errors and an intact audit chain
as importing one referral at a time."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from opennrm.audit.models import AuditEvent
from opennrm.audit.verification import verify_stored_chain
from opennrm.cases.models import Case, ImmigrationDetails
from opennrm.people.models import Person
from opennrm.referrals.models import Referral
from tests.integration.referrals.bodies import adult_body, child_body, dtn_body

pytestmark = pytest.mark.django_db

REFERRAL_FIELDS = [
    "reference",
    "kind",
    "organisation__name",
    "nation",
    "is_child",
    "answers",
    "received_at",
    "idempotency_key",
    "request_digest",
    "first_responder_type",
    "age_at_exploitation",
    "gender",
    "nationality_1",
    "nationality_2",
    "exploitation_location",
    "exploitation_labour",
    "exploitation_sexual",
    "exploitation_criminal",
    "exploitation_domestic",
    "exploitation_organ_harvesting",
    "exploitation_other",
    "county_lines",
    "local_authority",
    "police_force_area",
    "person__given_name",
    "person__family_name",
    "person__date_of_birth",
    "person__gender",
    "person__nationalities",
    "person__under_18_at_referral",
]
CASE_FIELDS = [
    "reference",
    "state",
    "is_child",
    "nation",
    "local_authority",
    "decision_maker_type",
    "decision_maker__name",
    "panel_site",
    "routing_reason",
    "received_at",
    "rg_due",
    "next_deadline",
    "next_deadline_kind",
    "version",
]


def lines() -> list[str]:
    bodies = [
        {
            **adult_body(received_at="2023-02-01T10:00:00+00:00"),
            "organisation": "The Salvation Army",
        },
        {
            **child_body(received_at="2023-03-04T09:30:00+00:00"),
            "organisation": "City of Cardiff Council",
        },
        {
            **dtn_body(received_at="2023-05-06T12:00:00+00:00"),
            "organisation": "Metropolitan Police Service",
        },
        {**adult_body(), "organisation": "The Salvation Army"},  # no received date
        {
            **adult_body(received_at="2023-06-01T08:00:00+00:00", nation="atlantis"),
            "organisation": "The Salvation Army",
        },
        {
            **adult_body(received_at="2023-07-01T08:00:00+00:00"),
            "organisation": "Metropolitan Police Service",
            "immigration": {"home_office_references": ["GWF012345678"]},
        },
        {**adult_body(received_at="2023-08-01T08:00:00+00:00"), "organisation": "Nobody Ltd"},
    ]
    text = [json.dumps(body) for body in bodies]
    text.insert(3, "{not json")
    text.append(text[0])  # the same referral twice in one file
    return text


def snapshot() -> dict:
    return {
        "referrals": list(Referral.objects.order_by("reference").values(*REFERRAL_FIELDS)),
        "cases": list(Case.objects.order_by("reference").values(*CASE_FIELDS)),
        "immigration": list(
            ImmigrationDetails.objects.order_by("case__reference").values(
                "case__reference", "home_office_references"
            )
        ),
        "people": Person.objects.count(),
        "events": sorted(
            AuditEvent.objects.filter(action__in=["referral.imported", "case.opened"]).values_list(
                "action", "case_reference"
            )
        ),
        "person_events": AuditEvent.objects.filter(action="person.recorded").count(),
    }


def run(path, *extra) -> tuple[str, str, list]:
    out, err = io.StringIO(), io.StringIO()
    report = path.with_suffix(".errors")
    with pytest.raises(CommandError, match="lines could not be imported"):
        call_command(
            "import_referrals",
            str(path),
            "--as",
            "migration@demo.opennrm.test",
            "--errors",
            str(report),
            *extra,
            stdout=out,
            stderr=err,
        )
    return out.getvalue(), err.getvalue(), report.read_text().splitlines()


class Rollback(Exception):
    pass


def test_bulk_and_one_at_a_time_give_identical_records(tmp_path, demo, monkeypatch) -> None:
    from opennrm.referrals import services

    def no_fallback(*args, **kwargs):
        raise AssertionError("the bulk path fell back to one at a time")

    source = tmp_path / "referrals.jsonl"
    source.write_text("\n".join(lines()) + "\n")
    results = {}
    for path_name, extra in (("one", ("--one-at-a-time",)), ("bulk", ("--batch-size", "3"))):
        if path_name == "bulk":
            monkeypatch.setattr(services, "_import_one", no_fallback)
        try:
            with transaction.atomic():
                out, err, report = run(source, *extra)
                results[path_name] = (snapshot(), out.splitlines()[-1], err, report)
                assert verify_stored_chain(write_checkpoint=False).result.ok
                raise Rollback
        except Rollback:
            pass
    one, bulk = results["one"], results["bulk"]
    assert bulk == one
    records, summary, _err, report = bulk
    assert summary == "Imported 4 referrals; 1 already imported; 4 lines failed."
    assert [json.loads(line)["line"] for line in report] == [4, 5, 6, 8]
    assert len(records["referrals"]) == 4
    assert len(records["cases"]) == 3  # the Duty to Notify report has no case
    assert records["immigration"][0]["home_office_references"] == ["GWF012345678"]
    assert records["people"] == 4 == records["person_events"]
    panel_case = next(c for c in records["cases"] if c["is_child"])
    assert panel_case["decision_maker_type"] == "panel"


def test_bulk_import_twice_imports_nothing_twice(tmp_path, demo) -> None:
    source = tmp_path / "referrals.jsonl"
    source.write_text("\n".join(lines()) + "\n")
    out, _err, _report = run(source)  # one batch: the repeated line is a retry within it
    assert "Imported 4 referrals; 1 already imported; 4 lines failed." in out
    first = Referral.objects.count()
    out, _err, _report = run(source)
    assert Referral.objects.count() == first
    assert "Imported 0 referrals; 5 already imported; 4 lines failed." in out
    assert verify_stored_chain(write_checkpoint=False).result.ok
