"""/healthz: 200 naming the database and broker state; 503 when the database is down."""

import pytest
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_healthy_answers_200_naming_database_and_broker(client, eager):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_health_is_never_cached(client, eager):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_health_needs_no_login(client, eager):
    client.logout()
    assert client.get("/healthz").status_code == 200


def test_an_unreachable_database_answers_503(client, eager, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "broker": "eager"}


def test_an_unreachable_broker_answers_503(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from coproduction.celery import app

    def refuse(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(app, "connection_for_write", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_health_answers_only_get(client, eager):
    assert client.post("/healthz").status_code == 405
