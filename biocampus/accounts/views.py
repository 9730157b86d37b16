"""The user's own API tokens: list, create (the token is shown once) and revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from biocampus.accounts import services
from biocampus.accounts.access import get_token_for_user
from biocampus.accounts.queries import tokens_of
from biocampus.common.errors import DomainError
from biocampus.common.pages import form_error, paginate, report


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, initial="API")
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=services.MAX_TOKEN_DAYS,
        initial=90,
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            request.session["new_token"] = raw
            messages.success(request, _("Token created. Copy it now: it is shown only once."))
            return redirect("accounts:tokens")
    return render(
        request,
        "accounts/tokens.html",
        {
            "page": paginate(request, tokens_of(request.user), 30),
            "form": form,
            "new_token": request.session.pop("new_token", ""),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_token_for_user(request.user, token_id)
    try:
        services.api_token_revoke(actor=request.user, token_id=token.pk)
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Token revoked: it no longer works."))
    return redirect("accounts:tokens")
