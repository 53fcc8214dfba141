"""The product under gunicorn on a free loopback port, and the credentials the client sends."""

from __future__ import annotations

import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WORKERS = 2


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`gunicorn coproduction.wsgi:application --workers 2` with the given environment."""

    def __init__(self, environment: dict[str, str], *, label: str) -> None:
        self.environment = environment
        self.label = label
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the server
            prefix=f"bench-gunicorn-{label}-", suffix=".log", delete=False
        )

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.stop()
        if exc_type is None:  # the log is kept only when something went wrong
            Path(self.log.name).unlink(missing_ok=True)

    def start(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(GUNICORN), "coproduction.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(WORKERS),
                # Slow answers are measured, not cut off at the default 30 s.
                "--timeout", "300",
                "--log-level", "warning",
            ],
            cwd=ROOT, env=self.environment, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn ({self.label}) exited; see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(
                        f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                        "Connection: close\r\n\r\n".encode()
                    )
                    if b" 200 " in sock.recv(64):
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn ({self.label}) did not answer /healthz; see {self.log.name}")

    def stop(self) -> None:
        """SIGTERM to the master this object started (it stops its own workers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def session_cookie(user_id: int) -> str:
    """A signed-in session for the user, as the Cookie header a browser would send: the
    session, and the CSRF cookie any page with a form gave it."""
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.test import Client
    from django.utils.crypto import get_random_string

    from people.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (
        f"{settings.SESSION_COOKIE_NAME}={session}; "
        f"{settings.CSRF_COOKIE_NAME}="
        f"{get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)}"
    )


def api_token(user_id: int) -> str:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user_id=user_id)
    return f"Token {token.key}"


def collect_static() -> str:
    """`collectstatic`, as a deployment runs it before starting gunicorn (DEBUG off needs the
    manifest). Returns "" or, when the product's own storage refuses the files, the reason —
    then the files are collected with source-map references left unhashed, so the other
    targets can still be measured, and the run reports the problem."""
    from django.core.management import call_command
    from django.test import override_settings

    try:
        call_command("collectstatic", interactive=False, verbosity=0)
        return ""
    except Exception as exc:  # noqa: BLE001 - reported by the caller
        problem = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    tolerant = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "bench.server.SourceMapTolerantStorage"},
    }
    with override_settings(STORAGES=tolerant):
        call_command("collectstatic", interactive=False, verbosity=0)
    return problem


def _without_source_maps(patterns):
    def keep(pattern) -> bool:
        text = pattern[0] if isinstance(pattern, tuple) else pattern
        return "sourceMappingURL" not in text

    return tuple((glob, tuple(filter(keep, entries))) for glob, entries in patterns)


def _tolerant_storage_class():
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    class Tolerant(CompressedManifestStaticFilesStorage):
        patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)

    return Tolerant


def __getattr__(name: str):
    # Built on first use: importing whitenoise's storage needs Django's settings.
    if name == "SourceMapTolerantStorage":
        return _tolerant_storage_class()
    raise AttributeError(name)
