"""Integration tests: a real PostgreSQL database and a real Celery worker on Redis.

.ci/run migrates a fresh database, starts a worker against it and runs `pytest -m
integration` with COPRODUCTION_EXTERNAL_TEST_DB=1. The worker is another process, so the
tests use that same database rather than a private test_<name> copy, and write with
`django_db(transaction=True)` so the worker sees committed rows.
"""

import os
from pathlib import Path

import pytest

EXTERNAL_DATABASE = os.environ.get("COPRODUCTION_EXTERNAL_TEST_DB") == "1"
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark everything here `integration`, so the unit run leaves it out."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    """Use the already-migrated database named by DATABASE_URL; create nothing, drop nothing.

    A transactional test ends by flushing every table, which would also empty the rows
    the data migrations seeded (the taxonomy, service areas). Serialising the database
    now, as Django's own test set-up does, lets a test marked
    `django_db(transaction=True, serialized_rollback=True)` have them back.
    """
    from django.db import connections

    if not EXTERNAL_DATABASE:
        pytest.fail(
            "Integration tests need a migrated database and a running Celery worker: "
            "run `make test-integration` (or `.ci/run integration`).",
            pytrace=False,
        )
    with django_db_blocker.unblock():
        for connection in connections.all():
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
