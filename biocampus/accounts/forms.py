from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Audience
from biocampus.accounts.services import user_profile_set


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
        data = self.cleaned_data
        user_profile_set(
            actor=user,
            full_name=data["full_name"],
            audience=data["audience"],
            preferred_language=data["preferred_language"],
        )
