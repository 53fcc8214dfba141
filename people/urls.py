"""Pages of the people app: home, sign in and out, API tokens."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/tokens/", views.api_tokens, name="api-tokens"),
    path("accounts/tokens/new/", views.api_token_create, name="api-token-create"),
    path("accounts/tokens/revoke/", views.api_token_delete, name="api-token-revoke"),
]
