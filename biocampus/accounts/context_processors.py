from django.http import HttpRequest

from biocampus.accounts.roles import employer_org_ids, is_back_office_user, is_campus_admin


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_campus_admin": False, "is_back_office_user": False, "is_employer": False}
    return {
        "is_campus_admin": is_campus_admin(user),
        "is_back_office_user": is_back_office_user(user),
        "is_employer": bool(employer_org_ids(user)) or is_campus_admin(user),
    }
