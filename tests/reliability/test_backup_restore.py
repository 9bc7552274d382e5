"""Backup and restore drill: `make backup`, then `make restore` into a fresh database;
every table has the same number of rows and the audit chain verifies to the same head."""

import os
import subprocess
import tempfile
from pathlib import Path

from tests.reliability.harness import (
    OWNER,
    ROOT,
    RUNTIME,
    table_counts,
    verify_chain,
)


def make(target: str, **environment: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"make {target}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_the_same_chain(seeded):
    cluster = seeded
    folder = Path(tempfile.mkdtemp(prefix="opennrm-backups-"))
    before = table_counts(cluster, "opennrm")
    assert before["audit_auditevent"] > 0
    assert before["referrals_referral"] > 0
    head = cluster.psql("SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")

    output = make(
        "backup",
        DATABASE_URL=cluster.url(RUNTIME),
        MIGRATION_DATABASE_URL=cluster.url(OWNER),
        BACKUP_DIR=str(folder),
    )
    dump = Path(output.strip().splitlines()[-1])
    assert dump.is_file()
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    make(
        "restore", BACKUP=str(dump), TARGET_DATABASE_URL=cluster.url("postgres", "opennrm_restored")
    )
    cluster.apply_roles("opennrm_restored")

    after = table_counts(cluster, "opennrm_restored")
    assert after == before
    assert (
        cluster.psql(
            "SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1",
            database="opennrm_restored",
        )
        == head
    )
    verified = verify_chain(cluster.url(RUNTIME, "opennrm_restored"))
    assert f"{before['audit_auditevent']} events verified" in verified
    print(
        f"\nBackup drill: {sum(before.values())} rows in {len(before)} tables, "
        f"{before['audit_auditevent']} audit events, dump {dump.stat().st_size} bytes"
    )

    # A second restore into the same (no longer fresh) database is refused.
    refused = subprocess.run(
        ["make", "--no-print-directory", "restore"],
        cwd=ROOT,
        env={
            **os.environ,
            "BACKUP": str(dump),
            "TARGET_DATABASE_URL": cluster.url("postgres", "opennrm_restored"),
        },
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0
    assert "already exists" in refused.stderr


def test_a_damaged_dump_is_refused(seeded, tmp_path):
    cluster = seeded
    output = make("backup", DATABASE_URL=cluster.url(OWNER), BACKUP_DIR=str(tmp_path))
    dump = Path(output.strip().splitlines()[-1])
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    result = subprocess.run(
        ["make", "--no-print-directory", "restore"],
        cwd=ROOT,
        env={
            **os.environ,
            "BACKUP": str(dump),
            "TARGET_DATABASE_URL": cluster.url("postgres", "opennrm_damaged"),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr
