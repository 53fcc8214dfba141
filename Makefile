# Everyday commands. `make run` serves the demo, `make test` runs the unit suite;
# both create the virtualenv in .venv first. .ci/run runs every suite CI runs.

# python3, or the newest python3.1x found when python3 is older than 3.11.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; \
	done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Unit suite: SQLite and eager Celery unless told otherwise.
UNIT_MARKERS := not integration and not e2e
# Base database for `make test-postgres`; pytest-django creates and drops test_<name>.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/coproduction
SCALE ?= 1000000
# Variables that would point the unit suite at real services.
SERVICE_VARS := -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND

.PHONY: venv run test test-postgres test-integration test-e2e lint bench clean

venv: $(STAMP)

# Re-installs only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" && $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed; name it with make PYTHON=/path/to/python3.x" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: venv
	DEBUG=1 $(BIN)/python manage.py migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: venv
	env $(SERVICE_VARS) $(BIN)/pytest -m "$(UNIT_MARKERS)"

test-postgres: venv
	env $(SERVICE_VARS) DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m "$(UNIT_MARKERS)"

# Needs PostgreSQL and Redis on 127.0.0.1; .ci/run starts and stops the Celery worker.
test-integration: venv
	bash .ci/run integration

test-e2e: venv
	@test -x /usr/bin/chromium \
		|| { echo "The browser tests drive Debian's Chromium: apt-get install chromium" >&2; exit 1; }
	env $(SERVICE_VARS) $(BIN)/pytest -m e2e

lint: venv
	$(BIN)/ruff check .

bench: venv
	$(BIN)/python bench/run.py --scale $(SCALE)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
