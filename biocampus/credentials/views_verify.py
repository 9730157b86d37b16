"""Checking a credential in a browser: the page a shared link opens, and the public
verification page where anyone pastes or uploads one."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from biocampus.common.errors import TooMany
from biocampus.credentials.forms import VerifyForm
from biocampus.credentials.models import Credential
from biocampus.credentials.queries import (
    count_verification,
    credential_state,
    verify_any,
    verify_image,
)
from biocampus.credentials.sharing import skills_of
from biocampus.credentials.verify import Verification, verify_jwt

PNG = b"\x89PNG\r\n\x1a\n"


def shared_page(request: HttpRequest, credential: Credential) -> HttpResponse:
    """What an employer sees on opening a shared link: the credential, checked."""
    return render(
        request,
        "credentials/shared.html",
        {
            "credential": credential,
            "state": credential_state(credential),
            "skills": skills_of(credential),
            "result": verify_jwt(credential.jwt),
        },
    )


def _checked(form: VerifyForm) -> Verification:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        data = upload.read()
        if data.startswith(PNG):
            return verify_image(data)
        return verify_any(data.decode("utf-8", errors="replace"))
    return verify_any(form.cleaned_data["text"])


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count_verification(request)
            except TooMany as error:
                form.add_error(None, error.message)
            else:
                result = _checked(form)
    else:
        form = VerifyForm()
    status = 400 if request.method == "POST" and result is None else 200
    return render(
        request,
        "credentials/verify.html",
        {"form": form, "result": result, "credential": result and result.credential},
        status=status,
    )
