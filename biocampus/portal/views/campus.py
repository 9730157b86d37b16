from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from biocampus.accounts.roles import is_campus_admin
from biocampus.portal.queries import campus_overview


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not is_campus_admin(request.user):
        raise PermissionDenied
    return render(request, "portal/campus/overview.html", campus_overview())
