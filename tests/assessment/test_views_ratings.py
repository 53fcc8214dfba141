""""Rate this service" (one rating per citizen, changed on the same form) and the ratings
summary: mean, distribution as a table, comments without names, staff hiding a comment with a
reason."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from assessment import services
from assessment.models import Rating
from initiatives.models import ParticipationRole, Status

from ..factories import InitiativeFactory, UserFactory
from .factories import take_part

pytestmark = pytest.mark.django_db


def main(response) -> str:
    """The page's main content, without the header that names the signed-in user."""
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def stored() -> dict[str, list]:
    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for model in apps.get_app_config("assessment").get_models()
    }


@pytest.fixture
def initiative(cast):
    return InitiativeFactory(
        title="Library friends", lead_organisation=cast.council,
        partner_organisations=[cast.charity],
    )


def rate_url(initiative):
    return reverse("assessment-rate", args=[initiative.pk])


def summary_url(initiative):
    return reverse("assessment-ratings", args=[initiative.pk])


# --- rating -----------------------------------------------------------------------------------


def test_the_form_is_a_fieldset_of_five_scores_with_a_legend(client, cast, initiative):
    client.force_login(cast.citizen)

    response = client.get(rate_url(initiative))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<legend>How good is this service?</legend>" in body
    for score in range(1, 6):
        assert f'type="radio" name="score" value="{score}"' in body
    assert '<label for="id_comment">' in body


def test_a_citizen_rates_a_service(client, cast, initiative):
    client.force_login(cast.citizen)

    response = client.post(
        rate_url(initiative), {"score": "4", "comment": "Friendly volunteers"}, follow=True
    )

    rating = Rating.objects.get()
    assert (rating.user, rating.initiative, rating.score, rating.comment) == (
        cast.citizen, initiative, 4, "Friendly volunteers",
    )
    assert response.redirect_chain[-1][0] == summary_url(initiative)
    assert "Thank you for rating this service." in response.content.decode()


def test_rating_again_changes_the_one_rating(client, cast, initiative):
    client.force_login(cast.citizen)
    client.post(rate_url(initiative), {"score": "2", "comment": "Slow"})

    form = client.get(rate_url(initiative)).context["form"]
    assert form.initial == {"score": "2", "comment": "Slow"}
    response = client.post(rate_url(initiative), {"score": "5", "comment": "Much better now"},
                           follow=True)

    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (5, "Much better now")
    assert "your rating is changed" in response.content.decode()


@pytest.mark.parametrize("score", ["0", "6", "", "four"])
def test_a_score_outside_1_to_5_is_refused_on_its_field(client, cast, initiative, score):
    client.force_login(cast.citizen)
    before = stored()

    response = client.post(rate_url(initiative), {"score": score, "comment": "x"})

    assert response.status_code == 400
    assert response.context["form"].errors["score"] == ["Choose a score from 1 to 5."]
    assert 'href="#id_score_0"' in response.content.decode()
    assert stored() == before


def test_a_bad_score_leaves_an_existing_rating_as_it_was(client, cast, initiative):
    services.rating_create(user=cast.citizen, initiative=initiative, score=3, comment="Fine")
    client.force_login(cast.citizen)
    before = stored()

    response = client.post(rate_url(initiative), {"score": "6", "comment": "Changed"})

    assert response.status_code == 400
    assert stored() == before


def test_a_second_rating_by_the_same_citizen_is_refused_by_the_service_the_form_calls(
    cast, initiative
):
    """The form always edits the citizen's one rating; the service it calls refuses a second."""
    services.rating_create(user=cast.citizen, initiative=initiative, score=3)
    before = stored()

    with pytest.raises(services.ValidationError) as refusal:
        services.rating_create(user=cast.citizen, initiative=initiative, score=5)

    assert "initiative" in refusal.value.message_dict
    assert stored() == before


@pytest.mark.parametrize("persona", ["officer", "manager", "member", "partner", "nobody"])
def test_staff_and_people_who_are_not_citizens_may_not_rate(client, cast, initiative, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(rate_url(initiative)).status_code == 403
    assert client.post(rate_url(initiative), {"score": "5"}).status_code == 403
    assert not Rating.objects.exists()


def test_someone_taking_part_may_rate_without_a_citizen_membership(client, cast, initiative):
    service_user = UserFactory(username="service-user")
    take_part(service_user, initiative, ParticipationRole.SERVICE_USER)
    client.force_login(service_user)

    assert client.post(rate_url(initiative), {"score": "5"}).status_code == 302
    assert Rating.objects.filter(user=service_user).exists()


def test_an_initiative_outside_scope_is_not_found(client, cast):
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    client.force_login(cast.citizen)

    assert client.get(rate_url(proposed)).status_code == 404
    assert client.get(summary_url(proposed)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, initiative):
    for url in (rate_url(initiative), summary_url(initiative)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# --- the summary ------------------------------------------------------------------------------


@pytest.fixture
def rated(cast, initiative):
    """Scores 5, 4, 4 and 2 (mean 3.75), two comments."""
    people = [cast.citizen, cast.citizen2, UserFactory(first_name="Marjorie",
                                                      last_name="Quist", username="mq"),
              UserFactory(username="another")]
    for person in people[2:]:
        take_part(person, initiative)
    ratings = [
        services.rating_create(user=people[0], initiative=initiative, score=5,
                               comment="Lovely people"),
        services.rating_create(user=people[1], initiative=initiative, score=4),
        services.rating_create(user=people[2], initiative=initiative, score=4,
                               comment="Rude reply from the desk, call Bob on 07700 900123"),
        services.rating_create(user=people[3], initiative=initiative, score=2),
    ]
    return ratings


@pytest.mark.parametrize("persona", ["citizen", "citizen2", "officer", "partner", "member",
                                     "outsider"])
def test_the_summary_shows_mean_distribution_and_comments_without_names(
    client, cast, rated, initiative, persona
):
    client.force_login(getattr(cast, persona))

    response = client.get(summary_url(initiative))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Rated 3.75 out of 5 on average, by 4 citizens." in body
    assert "<caption>How many citizens gave each score</caption>" in body
    assert response.context["summary"].distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert '<th scope="row">4 out of 5</th>' in body
    assert "50%" in body and "25%" in body
    assert "Lovely people" in body
    for name in ("Marjorie", "Quist", "mq", "citizen", "citizen2", "another"):
        assert not re.search(rf"\b{name}\b", main(response)), name


@pytest.mark.parametrize(
    "persona, can_hide", [("officer", True), ("manager", True), ("partner", False),
                          ("member", False), ("citizen", False)]
)
def test_only_staff_get_the_hide_forms(client, cast, rated, initiative, persona, can_hide):
    client.force_login(getattr(cast, persona))

    body = client.get(summary_url(initiative)).content.decode()

    assert (reverse("assessment-rating-hide", args=[rated[2].pk]) in body) is can_hide


def test_staff_hide_a_comment_with_a_reason(client, cast, rated, initiative):
    rude = rated[2]
    client.force_login(cast.officer)

    response = client.post(
        reverse("assessment-rating-hide", args=[rude.pk]),
        {f"hide-{rude.pk}-reason": "Names a member of staff and a phone number."},
        follow=True,
    )

    rude.refresh_from_db()
    assert rude.comment_hidden
    assert rude.hidden_reason == "Names a member of staff and a phone number."
    assert rude.hidden_by == cast.officer
    body = response.content.decode()
    assert "Hidden comments" in body  # staff still see it, with the reason
    assert "Names a member of staff and a phone number." in body

    client.force_login(cast.citizen2)
    body = client.get(summary_url(initiative)).content.decode()
    assert "07700 900123" not in body
    assert "Rated 3.75 out of 5" in body  # the score still counts


def test_hiding_without_a_reason_is_refused_on_the_field(client, cast, rated, initiative):
    rude = rated[2]
    client.force_login(cast.officer)

    response = client.post(
        reverse("assessment-rating-hide", args=[rude.pk]), {f"hide-{rude.pk}-reason": " "}
    )

    assert response.status_code == 400
    assert "Say why the comment is hidden." in response.content.decode()
    rude.refresh_from_db()
    assert not rude.comment_hidden


def test_staff_show_a_hidden_comment_again(client, cast, rated, initiative):
    rude = rated[2]
    services.rating_comment_hide(rating=rude, hidden_by=cast.officer, reason="Abusive")
    client.force_login(cast.manager)

    client.post(reverse("assessment-rating-show", args=[rude.pk]))

    rude.refresh_from_db()
    assert not rude.comment_hidden


@pytest.mark.parametrize("persona, status", [("partner", 403), ("member", 403),
                                             ("citizen2", 404), ("outsider", 404)])
def test_others_may_not_hide(client, cast, rated, persona, status):
    rude = rated[2]
    client.force_login(getattr(cast, persona))

    response = client.post(
        reverse("assessment-rating-hide", args=[rude.pk]), {f"hide-{rude.pk}-reason": "No"}
    )

    assert response.status_code == status
    rude.refresh_from_db()
    assert not rude.comment_hidden


def test_a_citizen_sees_their_own_rating_on_the_summary(client, cast, rated, initiative):
    client.force_login(cast.citizen)

    body = client.get(summary_url(initiative)).content.decode()

    assert "Change your rating" in body
    assert "You rated it 5 out of 5." in body
