"""A newcomer's first commands say what to do, never print a traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_command_on_an_unmigrated_database_says_to_migrate(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "verify_audit_chain"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "has not been set up yet" in done.stderr
    assert "python manage.py migrate" in done.stderr
    assert "Traceback" not in done.stderr


def test_make_demo_uses_the_database_every_other_command_uses() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "DEMO_DB := var/opennrm.sqlite3" in makefile
    base = (ROOT / "config" / "settings" / "base.py").read_text()
    assert "opennrm.sqlite3" in base


def test_the_readme_sends_no_one_outside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme
    assert (ROOT / "docs" / "domain.md").exists()
