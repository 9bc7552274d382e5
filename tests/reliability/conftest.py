"""The reliability drills run only from `make reliability` (OPENNRM_RELIABILITY=1): they
make their own PostgreSQL cluster, start gunicorn, kill things, and take minutes."""

import os
import tempfile
from pathlib import Path

import pytest

if os.environ.get("OPENNRM_RELIABILITY") != "1":
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def cluster():
    from tests.reliability.harness import temporary_cluster

    with temporary_cluster() as made:
        made.create_service_database()
        yield made


@pytest.fixture(scope="session")
def seeded(cluster):
    """Demo organisations, people and work, loaded as the runtime role."""
    from tests.reliability.harness import RUNTIME, manage

    manage("seed_demo", database_url=cluster.url(RUNTIME))
    return cluster


@pytest.fixture
def service(seeded):
    from tests.reliability.harness import RUNTIME, Service

    folder = Path(tempfile.mkdtemp(prefix="opennrm-service-"))
    running = Service(database_url=seeded.url(RUNTIME), folder=folder)
    running.start()
    yield running
    running.stop()


@pytest.fixture(autouse=True, scope="session")
def _quiet_http_client_logs():
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
