"""The OpenAPI schema and the interactive docs, served without any CDN."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/me/",
    "/api/v1/coproduction-types/",
    "/api/v1/coproduction-types/{slug}/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}/",
    "/api/v1/service-areas/",
    "/api/v1/service-areas/{slug}/",
    "/api/v1/initiatives/",
    "/api/v1/initiatives/{id}/",
    "/api/v1/initiatives/{id}/transition/",
]


def test_schema_is_served_and_names_every_path(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in PATHS:
        assert path in schema["paths"], path


def test_schema_documents_the_contract(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    initiatives = schema["paths"]["/api/v1/initiatives/"]
    assert set(initiatives) >= {"get", "post"}
    filters = {p["name"] for p in initiatives["get"]["parameters"]}
    assert filters >= {"type", "status", "service_area", "organisation", "area", "search", "page"}
    detail = schema["paths"]["/api/v1/initiatives/{id}/"]
    assert "patch" in detail and "put" not in detail and "delete" not in detail
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    status = schema["components"]["schemas"]["InitiativeStatusEnum"]["enum"]
    assert status == ["proposed", "active", "paused", "completed", "withdrawn"]


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns any warning (an untyped field, a guessed filter) into an error.
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/initiatives/{id}/transition/" in (tmp_path / "schema.yml").read_text()


def test_docs_load_without_any_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode().lower()
    for cdn in ("cdn", "jsdelivr", "unpkg", "//"):
        if cdn == "//":
            # no third-party origin at all: every URL is on this host
            assert not re.search(r"""(src|href)=["']https?://""", html)
        else:
            assert cdn not in html
    assert "swagger-ui" in html


def test_docs_assets_are_shipped_with_the_product(client):
    html = client.get("/api/v1/docs/").content.decode()
    static_urls = re.findall(r"""(?:src|href)=["']/static/([^"'?]+)""", html)
    assert static_urls, html
    for path in static_urls:
        assert finders.find(path), path
    script = re.search(r"""src=["'](/api/v1/docs/\?script=[^"']*)""", html)
    assert script, "the Swagger UI start-up script is served by the view, not inline"
    response = client.get(script.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert "/api/v1/schema/" in response.content.decode()
