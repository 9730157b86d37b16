from django import forms
from django.utils.translation import gettext_lazy as _

from biocampus.outcomes.models import OutcomeStatus
from biocampus.skills.models import ClosedReason, Contract
from biocampus.skills.queries import campus_jobs

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


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your situation"), choices=OutcomeStatus.choices, widget=forms.RadioSelect
    )
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    occupation = forms.ModelChoiceField(
        label=_("Job"),
        queryset=campus_jobs(),
        required=False,
        empty_label=_("Choose a job (if it is listed)"),
    )
    contract = forms.ChoiceField(
        label=_("Contract"), choices=[("", "—"), *Contract.choices], required=False
    )
    start_date = forms.DateField(label=_("Started on"), widget=DATE, required=False)
    in_region = forms.TypedChoiceField(
        label=_("In the campus's region?"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )


class FollowUpDetailsForm(OutcomeForm):
    """The job behind an "employed" answer (the situation is already known)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]
