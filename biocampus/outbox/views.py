from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from biocampus.outbox.models import Topic
from biocampus.outbox.preferences import preferences_set, read_token, unsubscribe, wants


class PreferencesForm(forms.Form):
    topics = forms.MultipleChoiceField(
        choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False, label=""
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    initial = {"topics": [t for t in Topic.values if wants(request.user, t)]}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preferences_set(actor=request.user, topics_on=set(form.cleaned_data["topics"]))
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("outbox:preferences")
    return render(request, "outbox/preferences.html", {"form": form})


# A mail client's one-click unsubscribe (RFC 8058) is a POST with no CSRF token and no
# session; the signed token in the URL is what authorises it.
@csrf_exempt
def unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(token)
    if found is None:
        return render(request, "outbox/unsubscribe.html", {"invalid": True}, status=404)
    user, topic = found
    if request.method == "POST":
        unsubscribe(user=user, topic=topic)
        return render(request, "outbox/unsubscribe.html", {"done": True, "topic": Topic(topic)})
    return render(request, "outbox/unsubscribe.html", {"topic": Topic(topic), "token": token})
