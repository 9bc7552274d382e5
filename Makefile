# OpenNRM: `make demo` runs the service with demo data; `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
# The embedded database the demo uses is the default one, so every manage.py command a
# newcomer runs afterwards sees the same data.
DEMO_DB := var/opennrm.sqlite3

.PHONY: install demo test test-fast lint format migrations-check deploy-check security \
	backup restore reliability vendor-frontend clean

$(STAMP): requirements.lock
	@bash scripts/require-python.sh
	@test -x $(PY) || python3.13 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## demo: embedded SQLite, demo data, served at http://127.0.0.1:8000
demo: install
	@mkdir -p var
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) $(PY) manage.py migrate --noinput --skip-checks
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) $(PY) manage.py collectstatic --noinput --verbosity 0
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) $(PY) manage.py seed_demo
	@echo "OpenNRM is running at http://127.0.0.1:8000 (Ctrl+C to stop)."
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) DEBUG=false $(PY) manage.py runserver 127.0.0.1:8000

## test: the whole suite (unit, integration, browser). PostgreSQL when DATABASE_URL is set.
## One worker per core (pytest-xdist); each worker has its own test database.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal

test-fast: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal -m "not e2e"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

deploy-check: install
	DJANGO_SETTINGS_MODULE=config.settings.production DEBUG=false \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  OPENNRM_AUDIT_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	  OPENNRM_EVIDENCE_KEY="$$($(PY) -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')" \
	  ALLOWED_HOSTS=opennrm.example.gov.uk $(PY) manage.py check --deploy --fail-level WARNING

## security: bandit (fails on high findings); pip-audit of the lock file when PIP_AUDIT=1.
security: install
	VENV=$(VENV) bash scripts/security-checks.sh

## backup: pg_dump (custom format) of the PostgreSQL database to BACKUP_DIR (var/backups).
backup: install
	@bash scripts/backup.sh

## restore: BACKUP=<dump> TARGET_DATABASE_URL=<new database> restores into a fresh database.
restore: install
	$(PY) scripts/restore.py

## reliability: backup/restore, concurrency, crash and load drills on a throw-away
## PostgreSQL cluster (needs initdb and pg_ctl; run as root or as postgres). Minutes.
reliability: install
	OPENNRM_RELIABILITY=1 $(PY) -m pytest -q -p no:cacheprovider -s tests/reliability

vendor-frontend:
	bash scripts/vendor-frontend.sh

clean:
	rm -rf $(VENV) var staticfiles
