"""Signing in through the form, and signing out (POST only)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_has_labelled_fields(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    body = response.content.decode()
    assert '<label for="id_username">' in body
    assert '<label for="id_password">' in body


def test_good_password_signs_in_and_goes_home(client):
    UserFactory(username="officer", password="correct horse battery")

    response = client.post(
        reverse("login"), {"username": "officer", "password": "correct horse battery"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"].username == "officer"


def test_bad_password_shows_an_error_summary_and_does_not_sign_in(client):
    UserFactory(username="officer", password="correct horse battery")

    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "correct username and password" in body
    assert not response.context["user"].is_authenticated


def test_missing_fields_are_named_in_the_summary(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})

    body = response.content.decode()
    assert 'href="#id_username"' in body
    assert 'href="#id_password"' in body


def test_logout_is_post_only(client, cast):
    client.force_login(cast.citizen)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert not client.get(reverse("home")).context["user"].is_authenticated
