"""Retention: each kind of record is deleted or anonymised when its period is over, by an
idempotent, audited job (command and task); a legal hold stops it; holds are placed and
lifted on audited administrator pages."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.audit.models import AuditEvent
from opennrm.cases.information import information_request_create
from opennrm.cases.models import Case, Decision, InformationRequest
from opennrm.people.models import Person
from opennrm.referrals import services as referral_services
from opennrm.referrals.models import Referral, ReferralDraft
from opennrm.referrals.retention import seventy_fifth_birthday
from opennrm.referrals.schema import ReferralSubmission
from opennrm.retention.models import Disposal, LegalHold
from opennrm.retention.registry import record_types
from opennrm.retention.services import legal_hold_lift, legal_hold_place, retention_apply
from opennrm.retention.tasks import apply_retention
from tests import states
from tests.integration.referrals.bodies import dtn_body

pytestmark = pytest.mark.django_db

YEAR = timedelta(days=365)


def _withdrawn_adult(demo, *, question: str = "", **body) -> Case:
    case = states.refer_adult(demo, **body)
    if question:
        information_request_create(user=demo["caseworker"], case=case, question=question)
        case.refresh_from_db()
    from opennrm.cases.domain import Action
    from opennrm.cases.services import case_transition

    case_transition(
        user=demo["caseworker"],
        case=case,
        action=Action.WITHDRAW,
        expected_version=case.version,
        reason="She asked in writing to leave the NRM.",
        written_consent=True,
    )
    case.refresh_from_db()
    return case


def _text_of(case: Case) -> str:
    case.refresh_from_db()
    person = Person.objects.get(pk=case.person_id)
    return json.dumps(
        {
            "person": [person.given_name, person.family_name, str(person.date_of_birth)],
            "answers": Referral.objects.get(pk=case.referral_id).answers,
            "decisions": list(Decision.objects.filter(case=case).values_list("rationale")),
            "questions": list(
                InformationRequest.objects.filter(case=case).values_list("question", "answer")
            ),
        }
    )


def test_every_kind_of_record_has_a_period_and_a_source() -> None:
    kinds = {kind.key: kind for kind in record_types()}
    assert {"draft", "dtn_report", "closed_adult_case", "child_record"} <= set(kinds)
    for kind in kinds.values():
        assert kind.period()
        assert str(kind.source)
    out = StringIO()
    call_command("apply_retention", "--list", stdout=out)
    assert "Limitation Act 1980" in out.getvalue()
    assert "75th birthday" in out.getvalue()


def test_a_closed_adult_case_is_anonymised_after_six_years_once(demo) -> None:
    with time_machine.travel(timezone.now() - 7 * YEAR, tick=False):
        old = _withdrawn_adult(
            demo, account="Old account of exploitation.", question="Where is she?"
        )
    recent = _withdrawn_adult(demo, account="Recent account.")
    open_case = states.refer_adult(demo)
    with time_machine.travel(timezone.now() - 7 * YEAR, tick=False):
        old_open = states.refer_adult(demo)
    assert "Hoxha" in _text_of(old)

    report = retention_apply()
    assert report.disposed["closed_adult_case"] == 1
    text = _text_of(old)
    for gone in ("Hoxha", "Ana", "1994", "Old account", "Where is she?"):
        assert gone not in text
    # What the statistics count stays.
    old.refresh_from_db()
    assert old.state == "withdrawn"
    assert old.referral.gender == "female"
    for kept in (recent, open_case, old_open):
        assert "Hoxha" in _text_of(kept)
    # The event names the record, never the person.
    event = AuditEvent.objects.get(action="retention.anonymised", object_id=str(old.pk))
    assert event.case_reference == old.reference
    assert event.payload == {"record_type": "closed_adult_case"}
    # The case page still works for someone who may see it.
    client = Client()
    client.force_login(demo["caseworker"])
    assert client.get(f"/cases/{old.reference}/").status_code == 200

    again = retention_apply()
    assert again.total == 0
    assert AuditEvent.objects.filter(action="retention.anonymised").count() == 1
    assert Disposal.objects.filter(record_type="closed_adult_case").count() == 1


def test_a_childs_case_is_kept_until_their_75th_birthday(demo) -> None:
    case = states.refer_child(demo)
    states.panel_decide(
        demo,
        case,
        states.panel_meeting(demo, cases=(case,)),
        outcome="negative",
        rationale="No indicator is present.",
        child_wishes_and_feelings="He wants to stay at home.",
    )
    assert case.state == "negative_rg"
    case = Case.objects.select_related("referral__person").get(pk=case.pk)
    born = case.person.date_of_birth
    assert seventy_fifth_birthday(case) == date(born.year + 75, born.month, born.day)
    day_before = timezone.make_aware(
        timezone.datetime(born.year + 75, born.month, born.day) - timedelta(days=1)
    )
    with time_machine.travel(day_before, tick=False):
        assert retention_apply().disposed["child_record"] == 0
    with time_machine.travel(day_before + timedelta(days=2), tick=False):
        assert retention_apply().disposed["child_record"] == 1
    assert "Smith" not in _text_of(case)


def test_a_childs_75th_birthday_without_a_date_of_birth(demo) -> None:
    case = states.refer_child(demo)
    Person.objects.filter(pk=case.person_id).update(date_of_birth=None, estimated_age=15)
    case = Case.objects.select_related("referral__person").get(pk=case.pk)
    received = case.received_at.date()
    assert seventy_fifth_birthday(case).year == received.year - 15 + 75
    Person.objects.filter(pk=case.person_id).update(estimated_age=None)
    case = Case.objects.select_related("referral__person").get(pk=case.pk)
    assert seventy_fifth_birthday(case).year == received.year + 75


def test_duty_to_notify_reports_are_anonymised_after_their_period(demo) -> None:
    from opennrm.accounts.models import Organisation

    with time_machine.travel(timezone.now() - 4 * YEAR, tick=False):
        report = referral_services.referral_submit(
            user=demo["police.fr"],
            organisation=Organisation.objects.get(name="Metropolitan Police Service"),
            submission=ReferralSubmission.model_validate(dtn_body()),
        ).referral
    assert retention_apply().disposed["dtn_report"] == 1
    report.refresh_from_db()
    assert report.answers == referral_services.ANONYMISED_ANSWERS
    assert report.kind == "dtn"


def test_expired_drafts_are_deleted_by_the_job(demo) -> None:
    from opennrm.accounts.models import Organisation

    with time_machine.travel(timezone.now() - timedelta(days=40), tick=False):
        draft = referral_services.draft_create(
            user=demo["ngo.fr"], organisation=Organisation.objects.get(name="The Salvation Army")
        )
    assert retention_apply().disposed["draft"] == 1
    assert not ReferralDraft.objects.filter(pk=draft.pk).exists()


def test_a_legal_hold_stops_the_job_until_it_is_lifted(demo) -> None:
    with time_machine.travel(timezone.now() - 7 * YEAR, tick=False):
        case = _withdrawn_adult(demo)
    hold = legal_hold_place(
        actor=demo["admin"], case_reference=case.reference, reason="Hoxha v Home Office"
    )
    report = retention_apply()
    assert report.disposed["closed_adult_case"] == 0
    assert report.held["closed_adult_case"] == 1
    assert "Hoxha" in _text_of(case)
    placed = AuditEvent.objects.get(action="retention.hold_placed")
    assert placed.case_reference == case.reference
    assert "Hoxha" not in json.dumps(placed.payload)  # the reason is free text: not audited

    legal_hold_lift(actor=demo["admin"], hold=hold)
    assert retention_apply().disposed["closed_adult_case"] == 1
    assert AuditEvent.objects.filter(action="retention.hold_lifted").exists()


def test_the_command_and_the_task_run_the_same_job(demo) -> None:
    with time_machine.travel(timezone.now() - 7 * YEAR, tick=False):
        _withdrawn_adult(demo)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "closed_adult_case: 1 disposed of" in out.getvalue()
    with time_machine.travel(timezone.now() - 7 * YEAR, tick=False):
        _withdrawn_adult(demo)
    result = apply_retention.enqueue()
    assert result.return_value == {"closed_adult_case": 1}
    runs = AuditEvent.objects.filter(action="retention.run")
    assert runs.count() == 2


def test_holds_are_placed_and_lifted_on_administrator_pages(client: Client, demo) -> None:
    case = states.refer_adult(demo)
    client.force_login(demo["admin"])
    new = reverse("retention:hold-new")
    assert client.get(new).status_code == 200
    bad = client.post(new, {"case_reference": "not a reference", "reason": ""})
    assert bad.status_code == 400
    assert "Enter the case reference in the correct format" in bad.content.decode()
    assert "Enter why the records must be kept" in bad.content.decode()
    response = client.post(new, {"case_reference": case.reference.lower(), "reason": "Inquiry"})
    assert response["Location"] == reverse("retention:holds")
    twice = client.post(new, {"case_reference": case.reference, "reason": "Again"})
    assert "already under a legal hold" in twice.content.decode()
    hold = LegalHold.objects.get()
    page = client.get(reverse("retention:holds")).content.decode()
    assert case.reference in page and "In place" in page and "Limitation Act 1980" in page
    client.post(reverse("retention:hold-lift", args=[hold.pk]))
    hold.refresh_from_db()
    assert hold.lifted_by == demo["admin"]
    for who in ("caseworker", "auditor"):
        other = Client()
        other.force_login(demo[who])
        assert other.get(reverse("retention:holds")).status_code == 403
        assert other.get(reverse("retention:hold-lift", args=[hold.pk])).status_code == 404
