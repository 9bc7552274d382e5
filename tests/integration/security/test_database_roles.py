"""The service's runtime database role owns nothing: it reads and writes rows, appends to
the audit trail, and can do nothing else to it (PostgreSQL only)."""

import secrets
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROLES_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "create-database-roles.sql"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only"
)


def settings_for(monkeypatch, argv: list[str], **environment: str) -> dict:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.argv", argv)
    path = Path(settings.BASE_DIR) / "config" / "settings" / "base.py"
    namespace: dict = {"__name__": "settings_under_test", "__file__": str(path)}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # argv kept as given
    return namespace


def test_migrations_connect_as_the_owner_and_everything_else_as_the_runtime_role(
    monkeypatch,
) -> None:
    environment = {
        "DATABASE_URL": "postgres://opennrm_app@db/opennrm",
        "MIGRATION_DATABASE_URL": "postgres://opennrm_owner@db/opennrm",
    }
    migrate = settings_for(monkeypatch, ["manage.py", "migrate"], **environment)
    assert migrate["DATABASES"]["default"]["USER"] == "opennrm_owner"
    for argv in (["manage.py", "runserver"], ["gunicorn", "config.wsgi"], ["manage.py"]):
        other = settings_for(monkeypatch, argv, **environment)
        assert other["DATABASES"]["default"]["USER"] == "opennrm_app", argv


@pytest.fixture
def runtime_role(transactional_db):
    """A runtime role made by the roles script in the test database, dropped afterwards."""
    role = f"opennrm_rt_{secrets.token_hex(4)}"
    database = connection.settings_dict["NAME"]
    params = connection.get_connection_params()
    base = [
        "psql",
        "-X",
        "-q",
        "-h",
        str(params.get("host") or "127.0.0.1"),
        "-p",
        str(params.get("port") or 5432),
        "-U",
        str(params.get("user") or "postgres"),
        "-d",
        database,
    ]
    current_owner = connection.settings_dict["USER"] or "postgres"
    subprocess.run(
        [
            *base,
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            f"owner_role={current_owner}",
            "-v",
            f"runtime_role={role}",
            "-f",
            str(ROLES_SCRIPT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    runtime = psycopg.connect(
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        user=role,
        dbname=database,
        autocommit=True,
    )
    yield runtime
    runtime.close()
    subprocess.run(
        [*base, "-c", f'DROP OWNED BY "{role}"; DROP ROLE "{role}";'],
        check=True,
        capture_output=True,
    )


REFUSED = [
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change",
    "DROP TRIGGER audit_event_no_change ON audit_auditevent",
    "UPDATE audit_auditevent SET action = 'changed'",
    "DELETE FROM audit_auditevent",
    "TRUNCATE audit_auditevent",
    "DROP TABLE audit_auditevent",
    "ALTER TABLE accounts_user ADD COLUMN backdoor text",
    "CREATE TABLE public.anything (id int)",
    "DELETE FROM django_migrations",
]


@postgres_only
@pytest.mark.parametrize("statement", REFUSED)
def test_the_runtime_role_cannot(runtime_role, statement: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        runtime_role.execute(statement)


@postgres_only
def test_the_runtime_role_reads_writes_rows_and_appends_to_the_audit_trail(runtime_role) -> None:
    runtime_role.execute("SELECT count(*) FROM audit_auditevent")
    runtime_role.execute("UPDATE accounts_user SET full_name = full_name WHERE false")
    runtime_role.execute("DELETE FROM django_session WHERE false")
    with runtime_role.transaction(force_rollback=True):
        runtime_role.execute(
            "INSERT INTO audit_auditevent (occurred_at, actor_name, actor_email, action, "
            "object_type, object_id, case_reference, payload, request_id, previous_hash, "
            "hash, chain_format) VALUES (now(), 'System', '', 'test.insert', '', '', '', "
            "'{}', '', %s, %s, 2)",
            ["0" * 64, secrets.token_hex(32)],
        )
    owns = runtime_role.execute(
        "SELECT count(*) FROM pg_class WHERE relowner = "
        "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
    ).fetchone()
    assert owns == (0,)
