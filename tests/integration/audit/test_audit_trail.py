"""The audit trail: append-only in the database, hash-chained, and tamper-evident."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory

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
