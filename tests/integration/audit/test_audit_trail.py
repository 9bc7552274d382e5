"""The audit trail: append-only in the database, hash-chained, and tamper-evident."""

import io
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory

from opennrm.audit.chain import GENESIS_HASH, compute_hash
from opennrm.audit.middleware import RequestIdMiddleware, current_request_id
from opennrm.audit.models import AuditEvent
from opennrm.audit.selectors import audit_events_for_user
from opennrm.audit.services import audit_record, audit_record_access
from opennrm.audit.triggers import drop_triggers, install_triggers
from tests.factories import person_with_role


def record(n: int, actor=None) -> list[AuditEvent]:
    events = []
    with transaction.atomic():
        for i in range(n):
            events.append(audit_record(actor=actor, action="test.event", payload={"n": i}))
    return events


def verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_chain", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_events_link_into_a_chain_that_verifies() -> None:
    events = record(3, actor=person_with_role("caseworker"))
    assert events[1].previous_hash == events[0].hash
    assert events[2].previous_hash == events[1].hash
    code, out, _ = verify()
    assert code == 0
    assert "Audit chain intact" in out


def test_audit_record_outside_atomic_raises(django_db_blocker) -> None:
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
            audit_record(actor=None, action="nope")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditevent SET action = 'changed'", "DELETE FROM audit_auditevent"],
)
def test_database_refuses_update_and_delete(statement: str) -> None:
    record(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(action="test.event").count() == 1


@pytest.mark.django_db
def test_python_refuses_to_change_an_event() -> None:
    event = record(1)[0]
    event.action = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db
def test_tampering_with_a_payload_is_detected_and_named() -> None:
    events = record(4)
    drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET payload = %s WHERE id = %s",
                ['{"n": 99}', events[2].pk],
            )
    finally:
        install_triggers(connection)
    code, _, err = verify()
    assert code == 1
    assert f"Audit chain broken at event {events[2].pk}" in err


@pytest.mark.django_db
def test_removing_an_event_is_detected() -> None:
    events = record(4)
    drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    finally:
        install_triggers(connection)
    code, _, err = verify()
    assert code == 1
    assert f"event {events[2].pk}" in err


@pytest.mark.django_db
def test_request_id_flows_from_the_request_into_events() -> None:
    seen = {}

    def view(request):
        seen["id"] = current_request_id()
        with transaction.atomic():
            seen["event"] = audit_record(actor=None, action="test.request")
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = RequestIdMiddleware(view)
    response = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-123"))
    assert response["X-Request-ID"] == "abc-123"
    assert seen["event"].request_id == "abc-123"
    hostile = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="<script>"))
    assert hostile["X-Request-ID"] != "<script>"
    assert current_request_id() == ""


@pytest.mark.django_db
def test_reading_a_record_writes_an_access_event() -> None:
    auditor = person_with_role("auditor")
    viewer = person_with_role("caseworker")
    event = audit_record_access(actor=viewer, obj=viewer, case_reference="NRM-2026-000001")
    assert event.action == "accounts.user.viewed"
    assert list(audit_events_for_user(user=auditor, case_reference="NRM-2026-000001")) == [event]
    assert not audit_events_for_user(user=viewer).exists()


@pytest.mark.django_db
def test_auditor_sees_the_audit_trail_page_and_others_do_not(client: Client) -> None:
    auditor = person_with_role("auditor")
    record(2, actor=auditor)
    client.force_login(auditor)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert "test.event" in response.content.decode()
    client.force_login(person_with_role("caseworker"))
    assert client.get("/audit/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_linear() -> None:
    # PostgreSQL relies on the advisory lock; SQLite on its single writer.
    errors: list[Exception] = []

    def writer() -> None:
        from django.db import connections

        try:
            for i in range(15):
                with transaction.atomic():
                    audit_record(actor=None, action="test.concurrent", payload={"i": i})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 45
    assert verify()[0] == 0


def tamper(statement: str, params: list) -> None:
    """What someone with the table owner's rights can do: drop the triggers and rewrite."""
    drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    finally:
        install_triggers(connection)


def checkpoint_now() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_checkpoint", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.OPENNRM_AUDIT_CHECKPOINT_PATH = str(tmp_path / "audit" / "checkpoints.jsonl")
    return tmp_path / "audit" / "checkpoints.jsonl"


@pytest.mark.django_db
def test_new_events_are_keyed_with_the_audit_key(settings) -> None:
    event = record(1)[0]
    assert event.chain_format == 2
    settings.OPENNRM_AUDIT_KEY = "a-different-key-that-the-attacker-guessed"
    code, _, err = verify()
    assert code == 1
    assert f"Audit chain broken at event {event.pk}: its content does not match" in err


@pytest.mark.django_db
def test_a_rewrite_recomputing_every_later_hash_without_the_key_is_detected() -> None:
    events = record(4)
    previous = events[0].hash
    # The attacker changes event 2 and recomputes 2..4 as a keyed chain, with a guessed key.
    for index, event in enumerate(events[1:], start=1):
        fields = event.hashed_fields()
        if index == 1:
            fields["payload"] = {"n": "forged"}
        forged = compute_hash(previous, fields, key=b"guessed-key", chain_format=2)
        tamper(
            "UPDATE audit_auditevent SET payload = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(fields["payload"]), previous, forged, event.pk],
        )
        previous = forged
    code, _, err = verify()
    assert code == 1
    assert f"Audit chain broken at event {events[1].pk}" in err


@pytest.mark.django_db
def test_a_rewrite_in_the_old_unkeyed_format_is_a_detected_downgrade() -> None:
    events = record(3)
    fields = events[2].hashed_fields()
    forged = compute_hash(events[1].hash, fields, chain_format=1)
    tamper(
        "UPDATE audit_auditevent SET chain_format = 1, hash = %s WHERE id = %s",
        [forged, events[2].pk],
    )
    code, _, err = verify()
    assert code == 1
    assert "unkeyed format after keyed events" in err


@pytest.mark.django_db
def test_events_from_before_the_key_still_verify_and_the_chain_switches_format() -> None:
    # An event written by an earlier release: plain SHA-256, format 1.
    legacy = AuditEvent(actor_name="System", action="test.legacy", chain_format=1)
    legacy.previous_hash = GENESIS_HASH
    legacy.hash = compute_hash(GENESIS_HASH, legacy.hashed_fields(), chain_format=1)
    legacy.save(force_insert=True)
    keyed = record(2)
    assert keyed[0].previous_hash == legacy.hash
    code, out, _ = verify()
    assert code == 0
    assert "3 events verified" in out


@pytest.mark.django_db
def test_checkpoints_catch_deletion_of_the_newest_events(checkpoints) -> None:
    events = record(5)
    code, out, _ = checkpoint_now()
    assert code == 0
    assert f"Checkpoint written: event {events[-1].pk}" in out
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])
    code, _, err = verify()
    assert code == 1
    assert f"Audit chain broken at event {events[-1].pk}" in err
    assert "the newest events were removed" in err
    code, _, err = checkpoint_now()
    assert code == 1
    assert "the newest events were removed" in err


@pytest.mark.django_db
def test_checkpoints_verify_only_what_is_new_and_catch_a_rewritten_head(checkpoints) -> None:
    record(2)
    assert checkpoint_now()[0] == 0
    later = record(3)
    code, out, _ = checkpoint_now()
    assert code == 0
    assert "3 events verified" in out  # only those after the first checkpoint
    assert len(checkpoints.read_text().splitlines()) == 2
    tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["e" * 64, later[-1].pk])
    code, _, err = checkpoint_now()
    assert code == 1
    assert "differs from the checkpoint" in err
    code, _, err = verify()
    assert code == 1
    assert f"Audit chain broken at event {later[-1].pk}" in err


@pytest.mark.django_db
def test_verify_writes_a_checkpoint_and_refuses_a_forged_checkpoint_file(checkpoints) -> None:
    record(2)
    code, out, _ = verify()
    assert code == 0
    assert "Checkpoint written" in out
    line = json.loads(checkpoints.read_text().splitlines()[0])
    line["event_id"] = 1
    checkpoints.write_text(json.dumps(line) + "\n")
    code, _, err = verify()
    assert code == 1
    assert "Audit checkpoints cannot be trusted" in err


@pytest.mark.django_db
def test_verify_only_writes_no_checkpoint(checkpoints) -> None:
    record(1)
    call_command("verify_audit_chain", "--no-checkpoint", stdout=io.StringIO())
    assert not checkpoints.exists()


def test_audit_checkpoint_needs_a_path(settings) -> None:
    settings.OPENNRM_AUDIT_CHECKPOINT_PATH = ""
    with pytest.raises(CommandError, match="OPENNRM_AUDIT_CHECKPOINT_PATH"):
        call_command("audit_checkpoint")
