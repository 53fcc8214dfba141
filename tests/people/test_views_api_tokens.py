"""The API tokens page: see, create, regenerate and revoke one's own DRF token."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("api-tokens"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(reverse("api-token-create")).status_code == 302
    assert not Token.objects.exists()


@pytest.mark.parametrize("persona", ["officer", "member", "citizen", "partner", "outsider"])
def test_every_signed_in_persona_sees_the_page_without_a_token(client, cast, persona):
    client.force_login(getattr(cast, persona))

    response = client.get(reverse("api-tokens"))

    assert response.status_code == 200
    assert response.context["token_created"] is None
    assert "You have no API token." in response.content.decode()


def test_create_shows_the_key_once(client, cast):
    client.force_login(cast.partner)

    response = client.post(reverse("api-token-create"))

    token = Token.objects.get(user=cast.partner)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert token.key in response.content.decode()
    again = client.get(reverse("api-tokens"))
    assert token.key not in again.content.decode()
    assert again.context["token_created"] == token.created


def test_the_created_key_authenticates_the_api(client, cast):
    client.force_login(cast.partner)
    client.post(reverse("api-token-create"))
    key = Token.objects.get(user=cast.partner).key
    client.logout()

    response = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200


def test_regenerate_replaces_the_old_key(client, cast):
    old = Token.objects.create(user=cast.partner)
    client.force_login(cast.partner)

    client.post(reverse("api-token-create"))

    new = Token.objects.get(user=cast.partner)
    assert new.key != old.key
    assert not Token.objects.filter(key=old.key).exists()


def test_revoke_deletes_only_ones_own_token(client, cast):
    Token.objects.create(user=cast.partner)
    other = Token.objects.create(user=cast.officer)
    client.force_login(cast.partner)

    response = client.post(reverse("api-token-revoke"), follow=True)

    assert not Token.objects.filter(user=cast.partner).exists()
    assert Token.objects.filter(key=other.key).exists()
    assert "was revoked" in response.content.decode()


def test_revoke_without_a_token_says_so(client, cast):
    client.force_login(cast.citizen)

    response = client.post(reverse("api-token-revoke"), follow=True)

    assert "no API token to revoke" in response.content.decode()


def test_writes_are_post_only(client, cast):
    client.force_login(cast.partner)

    assert client.get(reverse("api-token-create")).status_code == 405
    assert client.get(reverse("api-token-revoke")).status_code == 405
    assert not Token.objects.exists()
