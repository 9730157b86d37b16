from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Audience


class SignupProfileForm(forms.Form):
    """Extra fields allauth's sign-up form asks for."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    audience = forms.ChoiceField(
        label=_("I am a"), choices=[("", "—"), *Audience.choices], required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="en"
    )

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.audience = self.cleaned_data["audience"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["full_name", "audience", "preferred_language"])
