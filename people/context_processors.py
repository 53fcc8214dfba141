"""Template context: which navigation the signed-in user should see."""

from django.http import HttpRequest

from .models import INSIDER_ROLES, STAFF_ROLES, Role
from .selectors import has_any_role


def roles(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_staff": False, "nav_is_manager": False, "nav_is_insider": False,
                "nav_is_citizen": False}
    superuser = user.is_superuser
    return {
        "nav_is_staff": superuser or has_any_role(user, STAFF_ROLES),
        "nav_is_manager": superuser or has_any_role(user, {Role.MANAGER}),
        "nav_is_insider": superuser or has_any_role(user, INSIDER_ROLES),
        "nav_is_citizen": has_any_role(user, {Role.CITIZEN}),
    }
