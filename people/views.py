"""Pages about the signed-in person: the home page, and their API token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from rest_framework.authtoken.models import Token

from .selectors import membership_list_for
from .services import api_token_regenerate, api_token_revoke


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(membership_list_for(request.user)) if request.user.is_authenticated else []
    return render(request, "people/home.html", {"memberships": memberships})


def _render_tokens(request: HttpRequest, *, new_key: str | None = None) -> HttpResponse:
    token = Token.objects.filter(user=request.user).only("created").first()
    response = render(
        request,
        "people/api_tokens.html",
        {"token_created": token.created if token else None, "new_key": new_key},
    )
    # The page may hold a key shown once: never keep it in a cache.
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_GET
def api_tokens(request: HttpRequest) -> HttpResponse:
    return _render_tokens(request)


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    token = api_token_regenerate(user=request.user)
    messages.success(request, _("A new API token was created. Any earlier token no longer works."))
    return _render_tokens(request, new_key=token.key)


@login_required
@require_POST
def api_token_delete(request: HttpRequest) -> HttpResponse:
    if api_token_revoke(user=request.user):
        messages.success(
            request, _("Your API token was revoked. Programs using it are now refused.")
        )
    else:
        messages.info(request, _("You had no API token to revoke."))
    return redirect("api-tokens")
