"""Settings for the test suite: production-like (DEBUG off) with test-safe defaults.

DATABASE_URL and CELERY_BROKER_URL from the environment still win, so the same suite runs
on PostgreSQL and against a real worker in CI.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-used-anywhere-else-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests never run collectstatic: let WhiteNoise serve from the finders instead.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Roll-up runs in the tests do not also compute every dashboard (tests that want it say so).
DASHBOARD_WARM = False
