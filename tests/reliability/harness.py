"""The drills' own PostgreSQL cluster and web service, made and removed by the drills.

The machine's main PostgreSQL (port 5432) is never touched: each run makes a cluster with
`initdb` in a temporary folder, on a free loopback port, as the `postgres` user, and
removes it at the end. The service runs under gunicorn with production settings,
connecting as the runtime role that owns nothing; migrations run as the owner role
(scripts/create-database-roles.sql).
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
ROLES_SCRIPT = ROOT / "scripts" / "create-database-roles.sql"
OWNER, RUNTIME = "opennrm_owner", "opennrm_app"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, **kwargs)


def pg_bin(name: str) -> str:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed")
    return found


@dataclass
class Cluster:
    """A throw-away PostgreSQL cluster on 127.0.0.1:<port>."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, user: str = "postgres", database: str = "opennrm") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        try:
            self._pg_ctl_start()
        except subprocess.CalledProcessError as failure:
            log = (self.folder / "postgres.log").read_text()[-3000:]
            raise RuntimeError(f"PostgreSQL did not start: {failure.stdout}\n{log}") from None

    def _pg_ctl_start(self) -> None:
        as_postgres(
            pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "postgres.log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on",
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        as_postgres(pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def kill9(self) -> None:
        """A crash: SIGKILL to the postmaster and every server process it started."""
        pid = self.postmaster_pid()
        children = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
        for victim in [pid, *map(int, children)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not any(_alive(int(p)) for p in [pid, *children]):
                break
            time.sleep(0.1)
        # Where nothing reaps orphans (a container without an init), the dead postmaster
        # lingers as a zombie whose pid still "exists", and PostgreSQL would refuse to
        # start beside it. On a real machine the pid is gone; make it so here.
        for lock in (
            self.data / "postmaster.pid",
            self.folder / f".s.PGSQL.{self.port}.lock",
            self.folder / f".s.PGSQL.{self.port}",
        ):
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()

    def psql(self, sql: str, database: str = "opennrm", user: str = "postgres") -> str:
        return subprocess.run(
            [
                pg_bin("psql"),
                "-X",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                self.url(user, database),
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def create_service_database(self, name: str = "opennrm") -> None:
        """A database for the service, with the owner and runtime roles, migrated."""
        self.psql(f'CREATE DATABASE "{name}"', database="postgres")
        self.apply_roles(name)
        manage(
            "migrate",
            "--noinput",
            database_url=self.url(RUNTIME, name),
            migration_url=self.url(OWNER, name),
        )
        self.apply_roles(name)

    def apply_roles(self, database: str = "opennrm") -> None:
        subprocess.run(
            [pg_bin("psql"), "-X", "-q", self.url("postgres", database), "-f", str(ROLES_SCRIPT)],
            check=True,
            capture_output=True,
            text=True,
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (reaped later by init) no longer holds anything.
    with contextlib.suppress(FileNotFoundError):
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    return False


@contextlib.contextmanager
def temporary_cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="opennrm-reliability-"))  # 0700
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")  # the cluster's owner runs it
    cluster = Cluster(folder, free_port())
    as_postgres(
        pg_bin("initdb"), "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
    )
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


def service_environment(database_url: str, migration_url: str = "", **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "tests.reliability.settings",
        "DATABASE_URL": database_url,
        "MIGRATION_DATABASE_URL": migration_url,
        "SECRET_KEY": "reliability-drill-secret-key-" + "x" * 40,
        "OPENNRM_AUDIT_KEY": "reliability-drill-audit-key-" + "y" * 20,
        "OPENNRM_EVIDENCE_KEY": "cmVsaWFiaWxpdHktZHJpbGwtZXZpZGVuY2Uta2V5MzI=",
        "OPENNRM_AUDIT_CHECKPOINT_PATH": "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        # One address (loopback) plays every user: the drills are not about rate limits.
        "OPENNRM_API_RATE_PER_USER": "1000000",
        "OPENNRM_API_RATE_PER_ADDRESS": "1000000",
        **extra,
    }


def manage(*args: str, database_url: str, migration_url: str = "", **extra: str) -> str:
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=service_environment(database_url, migration_url, **extra),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@dataclass
class Service:
    """gunicorn serving OpenNRM on 127.0.0.1:<port>."""

    database_url: str
    folder: Path
    port: int = field(default_factory=free_port)
    workers: int = 3
    threads: int = 4
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        log = open(self.folder / f"gunicorn-{self.port}.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--keep-alive",
                "5",
            ],
            env=service_environment(self.database_url),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill -9 reaches every worker
        )
        try:
            self.wait_until_up(timeout)
        except TimeoutError:
            self.stop()  # never leave a half-started service behind
            raise

    def wait_until_up(self, timeout: float = 30) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            time.sleep(0.1)
        raise TimeoutError("the service did not come up")

    def kill9(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def issue_token(database_url: str, email: str) -> str:
    return manage("api_token", email, database_url=database_url).strip().splitlines()[-1]


def adult_body(n: int) -> dict:
    return {
        "kind": "nrm",
        "nation": "england",
        "organisation": "The Salvation Army",
        "person": {
            "under_18": "no",
            "under_18_at_exploitation": "no",
            "consent": True,
            "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
            "given_name": f"Drill{n}",
            "family_name": "Person",
            "date_of_birth": "1994-03-02",
            "gender": "female",
            "nationalities": ["Albanian"],
        },
        "exploitation": {"types": ["labour"], "location": "uk"},
        "account": f"Drill referral {n}: made to work in a car wash for no pay.",
    }


def submit(client: httpx.Client, token: str, body: dict, key: str | None = None) -> httpx.Response:
    return client.post(
        "/api/v1/referrals",
        content=json.dumps(body),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key or uuid.uuid4().hex,
        },
    )


def table_counts(cluster: Cluster, database: str) -> dict[str, int]:
    tables = cluster.psql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        database=database,
    ).split()
    return {
        table: int(cluster.psql(f'SELECT count(*) FROM "{table}"', database=database))
        for table in tables
    }


def verify_chain(database_url: str) -> str:
    return manage("verify_audit_chain", "--no-checkpoint", database_url=database_url)


if __name__ == "__main__":  # pragma: no cover - a manual smoke run
    with temporary_cluster() as cluster:
        cluster.create_service_database()
        print(table_counts(cluster, "opennrm"), file=sys.stderr)
