"""The benchmark's own PostgreSQL database: created empty for one run and dropped after it.

BENCH_POSTGRES_URL names the server (default postgres://postgres@127.0.0.1:5432); the role
must be a superuser, because the loader skips foreign-key triggers while it writes rows that
are consistent by construction (session_replication_role = replica) and the drop is forced.
"""

from __future__ import annotations

import os
import secrets
from contextlib import closing
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432"


@dataclass
class BenchDatabase:
    server_url: str = field(
        default_factory=lambda: os.environ.get("BENCH_POSTGRES_URL", DEFAULT_SERVER_URL)
    )
    name: str = field(default_factory=lambda: f"coproduction_bench_{secrets.token_hex(4)}")

    @property
    def url(self) -> str:
        parts = urlsplit(self.server_url.rstrip("/"))
        return urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", "", ""))

    def _maintenance_connection(self):
        parts = urlsplit(self.server_url.rstrip("/"))
        url = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
        connection = psycopg2.connect(url)
        connection.autocommit = True
        return connection

    def create(self) -> None:
        with closing(self._maintenance_connection()) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if not cursor.fetchone()[0]:
                raise SystemExit(
                    "BENCH_POSTGRES_URL must name a superuser role: the loader bypasses "
                    "foreign-key triggers and the drop at the end is forced."
                )
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        connection = self._maintenance_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.name)
                    )
                )
        finally:
            connection.close()

    def connect(self, *, loader: bool = False):
        """A psycopg2 connection of its own (not Django's); a loader one skips FK triggers."""
        connection = psycopg2.connect(self.url)
        if loader:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SET maintenance_work_mem = '1GB'")
                cursor.execute("SET work_mem = '256MB'")
            connection.commit()
        return connection

    def server_version(self) -> str:
        with closing(self._maintenance_connection()) as connection, connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]


def product_environment(database_url: str, secret_key: str) -> dict[str, str]:
    """Production-like settings for the bench process, gunicorn and the Celery worker."""
    environment = dict(os.environ)
    environment.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="coproduction.settings",
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
    )
    # No broker: tasks run eagerly in process (only the worker target sets one, for its worker).
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_TASK_DEFAULT_QUEUE"):
        environment.pop(name, None)
    return environment
