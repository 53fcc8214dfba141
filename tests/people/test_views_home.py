"""The home page: what the product is, and the signed-in user's memberships."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_sees_what_the_product_is_and_where_to_go(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    body = response.content.decode()
    for co in ("Co-commissioning", "Co-design", "Co-delivery", "Co-assessment"):
        assert co in body
    assert reverse("initiative-list") in body
    assert reverse("coproduction-map") in body
    assert reverse("login") in body
    assert "Your organisations" not in body


def test_owner_sees_memberships_and_staff_navigation(client, cast):
    client.force_login(cast.officer)

    response = client.get(reverse("home"))

    assert [m.organisation for m in response.context["memberships"]] == [cast.council]
    body = response.content.decode()
    assert "Northbridge City Council" in body
    assert "Frontline professional" in body
    assert reverse("initiative-create") in body
    assert reverse("api-tokens") in body


@pytest.mark.parametrize("persona", ["member", "citizen", "partner", "nobody"])
def test_non_staff_do_not_get_the_new_initiative_link(client, cast, persona):
    client.force_login(getattr(cast, persona))

    body = client.get(reverse("home")).content.decode()

    assert reverse("initiative-create") not in body
    assert reverse("logout") in body


def test_user_without_membership_sees_an_empty_state(client, cast):
    client.force_login(cast.nobody)

    response = client.get(reverse("home"))

    assert response.context["memberships"] == []
    assert "not a member of any organisation" in response.content.decode()


def test_outsider_sees_only_their_own_organisation(client, cast):
    client.force_login(cast.outsider)

    body = client.get(reverse("home")).content.decode()

    assert "Southport Borough Council" in body
    assert "Northbridge City Council" not in body


def test_admin_link_only_for_superusers(client, cast):
    client.force_login(cast.manager)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()

    cast.manager.is_superuser = True
    cast.manager.save()
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_pages_carry_no_inline_script_or_style(client, cast):
    client.force_login(cast.officer)

    body = client.get(reverse("home")).content.decode()

    assert "<script>" not in body
    assert "style=" not in body
    assert "<style" not in body
    assert 'href="#main"' in body  # the skip link
