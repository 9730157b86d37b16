from django import forms
from django.utils.translation import gettext_lazy as _

from biocampus.skills.models import ClosedReason, Contract

DATE = forms.DateInput(attrs={"type": "date"})


class HireForm(forms.Form):
    """An opening filled: by a candidate who accepted contact, a campus learner named by
    e-mail, or someone from outside."""

    who = forms.ChoiceField(label=_("Hired"))
    learner_email = forms.EmailField(
        label=_("The learner's e-mail address"),
        required=False,
        help_text=_("For a campus learner who is not among your candidates; they confirm."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    contract = forms.ChoiceField(label=_("Contract"), choices=Contract.choices)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [
            ("external", _("Someone from outside the campus")),
            ("email", _("A campus learner, by e-mail")),
            *((str(c.pk), c.full_name or c.email) for c in candidates),
        ]

    def clean(self):
        data = super().clean()
        if data.get("who") == "email" and not data.get("learner_email"):
            self.add_error("learner_email", _("Give the learner's e-mail address."))
        return data


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why it closes"), choices=ClosedReason.choices)
