"""Settings come from the environment and fail loudly on a bad or missing value.

Each case imports the real settings module in a fresh interpreter, so nothing this test
process has already configured can hide a failure.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
    "settings.CELERY_TASK_ALWAYS_EAGER, ','.join(settings.ALLOWED_HOSTS))"
)

# Every variable the settings read; each case starts from none of them.
SETTINGS_VARIABLES = [
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND", "CONN_MAX_AGE", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "TIME_ZONE", "AXES_FAILURE_LIMIT",
]  # fmt: skip


def start(**variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "coproduction.settings"
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


GOOD_SECRET = "a-long-random-secret-for-this-test-only-0123456789abcdefghijklmnop"


def test_production_settings_start_with_a_secret_key():
    result = start(DEBUG="0", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    debug, engine, eager, hosts = result.stdout.split()
    assert (debug, engine, eager, hosts) == (
        "False", "django.db.backends.sqlite3", "True", "example.org",
    )  # fmt: skip


def test_debug_is_off_unless_asked():
    result = start(SECRET_KEY=GOOD_SECRET)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_production_refuses_to_start_without_a_secret_key():
    result = start(DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_development_runs_without_a_secret_key():
    result = start(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("SECURE_SSL_REDIRECT", "sometimes"),
        ("CONN_MAX_AGE", "forever"),
        ("SECURE_HSTS_SECONDS", "a year"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = start(**{"SECRET_KEY": GOOD_SECRET, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr
    assert value in result.stderr


def test_database_url_chooses_postgresql():
    result = start(
        SECRET_KEY=GOOD_SECRET, DATABASE_URL="postgres://postgres@127.0.0.1:5432/coproduction"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


def test_a_broker_url_turns_eager_tasks_off():
    result = start(SECRET_KEY=GOOD_SECRET, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[2] == "False"
