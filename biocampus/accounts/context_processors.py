from django.http import HttpRequest

from biocampus.accounts.roles import (
    company_admin_org_ids,
    employer_org_ids,
    is_back_office_user,
    is_campus_admin,
)
from biocampus.facilities.access import is_facility_manager


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "is_campus_admin": False,
            "is_back_office_user": False,
            "is_employer": False,
            "is_facility_manager": False,
        }
    return {
        "is_campus_admin": is_campus_admin(user),
        "is_back_office_user": is_back_office_user(user),
        # Company admins see "Hiring" before verification too: it leads them to ask for it.
        "is_employer": bool(employer_org_ids(user) or company_admin_org_ids(user))
        or is_campus_admin(user),
        "is_facility_manager": is_facility_manager(user),
    }
