"""What the navigation may offer: only links the person can open (no link to a 403)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from biocampus.accelerator.queries import operated_accelerators
from biocampus.facilities.access import is_facility_manager, member_org_ids


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_see_usage": False, "runs_calls": False}
    # Lazy: a page that shows neither link runs neither query.
    return {
        "can_see_usage": SimpleLazyObject(
            lambda: is_facility_manager(user) or bool(member_org_ids(user))
        ),
        "runs_calls": SimpleLazyObject(lambda: bool(operated_accelerators(user))),
    }
