"""Settings, all read from the environment; a bad value stops start-up with a clear message.

Unset, the product runs embedded: SQLite in the project folder and Celery tasks executed
eagerly in process. With DATABASE_URL and CELERY_BROKER_URL set it runs in its deployment
shape: PostgreSQL and real Celery workers on Redis.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; anything but a recognised spelling is an error."""
    raw = env.str(name, default="").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def _env_int(name: str, default: int) -> int:
    raw = env.str(name, default="").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from exc


def _env_decimal(name: str, default: Decimal, *, low: Decimal, high: Decimal) -> Decimal:
    """A decimal from the environment, within [low, high]; anything else is an error."""
    raw = env.str(name, default="").strip()
    if raw == "":
        return default
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"{name} must be a decimal number; got {raw!r}") from exc
    if not value.is_finite() or not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}; got {raw!r}")
    return value


DEBUG = _env_bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "simple_history",
    "django_celery_beat",
    "people",
    "initiatives",
    "ledger",
    "assessment",
    "benefits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coproduction.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "people.context_processors.roles",
                "assessment.context_processors.surveys",
            ],
        },
    },
]

WSGI_APPLICATION = "coproduction.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = _env_int("CONN_MAX_AGE", 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets a page read while a background write is in flight.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures for a username from one address locks it for an hour.
AXES_FAILURE_LIMIT = _env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
LANGUAGES = [("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: strict unless DEBUG is on; each can be relaxed explicitly (e.g. behind plain HTTP).
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis where configured) and written through to the
# database: a signed-in request reads no session row.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script and no third-party origin: everything is served from this host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("API_USER_RATE", default="10000/hour")},
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "coproduction.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Co-production platform API",
    "DESCRIPTION": (
        "Initiatives classified by the co-production taxonomy, citizen contributions and "
        "public inputs, and their accounts. Authenticate with `Authorization: Token <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "initiatives.models.Status",
        "ContributionKindEnum": "ledger.models.Kind",
        "ContributionStatusEnum": "ledger.models.ContributionStatus",
        "ContributionMethodEnum": "ledger.models.ContributionMethod",
        "PublicInputKindEnum": "ledger.models.PublicInputKind",
        "PublicInputMethodEnum": "ledger.models.PublicInputMethod",
        "MeasurementStatusEnum": "assessment.models.MeasurementStatus",
        "InspectionStatusEnum": "assessment.models.InspectionStatus",
        "OutcomeMeasureEnum": "assessment.models.Measure",
        "SurveyAudienceEnum": "assessment.models.Audience",
        "QuestionKindEnum": "assessment.models.QuestionKind",
        "RecommendationDecisionEnum": "assessment.models.Decision",
    },
}

# Celery: with no broker, tasks run eagerly in process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = _env_int("CELERY_TASK_SOFT_TIME_LIMIT", 1800)
CELERY_TASK_TIME_LIMIT = _env_int("CELERY_TASK_TIME_LIMIT", 2100)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "close-ended-initiatives-nightly": {
        "task": "initiatives.tasks.close_ended_initiatives_task",
        "schedule": 60 * 60 * 24,
    },
    # Writes also enqueue the stale-bucket roll-up when they commit; this catches the rest.
    "rollup-stale-buckets": {
        "task": "benefits.tasks.rollup_stale_task",
        "schedule": 60,
    },
    "rollup-rebuild-nightly": {
        "task": "benefits.tasks.rollup_rebuild_task",
        "schedule": crontab(hour=2, minute=30),
    },
}
# Roll-ups: a full rebuild recomputes this many initiatives per transaction.
ROLLUP_CHUNK_INITIATIVES = _env_int("ROLLUP_CHUNK_INITIATIVES", 50)
if ROLLUP_CHUNK_INITIATIVES < 1:
    raise ImproperlyConfigured("ROLLUP_CHUNK_INITIATIVES must be 1 or more")
# Roll-ups on PostgreSQL: an incremental run with at least ROLLUP_PARALLEL_MIN_BUCKETS stale
# buckets splits them by initiative over ROLLUP_PARALLEL_CONNECTIONS connections at once.
ROLLUP_PARALLEL_CONNECTIONS = _env_int("ROLLUP_PARALLEL_CONNECTIONS", 2)
ROLLUP_PARALLEL_MIN_BUCKETS = _env_int("ROLLUP_PARALLEL_MIN_BUCKETS", 1000)
if ROLLUP_PARALLEL_CONNECTIONS < 1 or ROLLUP_PARALLEL_MIN_BUCKETS < 1:
    raise ImproperlyConfigured(
        "ROLLUP_PARALLEL_CONNECTIONS and ROLLUP_PARALLEL_MIN_BUCKETS must be 1 or more"
    )
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"

# Cache (dashboard figures, throttling): Redis when REDIS_CACHE_URL is set or, unset, when the
# Celery broker is Redis (all processes share it); otherwise per-process memory, which is only
# right for a single process running tasks eagerly.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            # Several deployments (or a benchmark) can share one Redis.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="coproduction"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Dashboard figures are kept this long at most (seconds); a roll-up run or a change of
# priorities makes them stale at once.
DASHBOARD_CACHE_SECONDS = _env_int("DASHBOARD_CACHE_SECONDS", 60 * 60)
# After a roll-up run that changed something, the worker computes the figures of every
# organisation's default dashboards (last twelve months, no filter: the organisation's, each
# ward's, the partner view and the stakeholders API), so readers do not wait for them.
DASHBOARD_WARM = _env_bool("DASHBOARD_WARM", True)

# SROI: present values are discounted at this rate a year (HM Treasury Green Book: 3.5%).
SROI_DISCOUNT_RATE = _env_decimal(
    "SROI_DISCOUNT_RATE", Decimal("0.035"), low=Decimal("0"), high=Decimal("1")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
