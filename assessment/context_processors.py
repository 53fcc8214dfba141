"""Template context for the header: whether to offer "Surveys" (staff always; anyone else only
while a survey waits for their answers)."""

from django.http import HttpRequest

from people.models import STAFF_ROLES
from people.selectors import has_any_role

from .selectors import surveys_open_to


def surveys(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_surveys": False}
    if user.is_superuser or has_any_role(user, STAFF_ROLES):
        return {"nav_surveys": True}
    return {"nav_surveys": surveys_open_to(user).exists()}
