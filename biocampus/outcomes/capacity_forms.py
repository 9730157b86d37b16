"""The capacity-advice page's forms: the question asked, and an operator's go-ahead."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.outcomes.capacity import QUARTERS_AHEAD, quarter_of

BUDGET_MAX = 100_000_000


def quarter_choices() -> list[tuple[str, str]]:
    quarter, out = quarter_of(timezone.localdate()), []
    for _step in range(QUARTERS_AHEAD + 1):
        out.append((quarter.label, quarter.label))
        quarter = quarter.next()
    return out


class CapacityQuestionForm(forms.Form):
    budget_eur = forms.IntegerField(
        label=_("Budget for extra seats (EUR)"), min_value=1, max_value=BUDGET_MAX, initial=100_000
    )
    quarter = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = quarter_choices()
        self.fields["quarter"].choices = choices
        self.fields["quarter"].initial = choices[1][0]  # the next quarter


class AdviceSessionsForm(forms.Form):
    budget_eur = forms.IntegerField(min_value=1, max_value=BUDGET_MAX, widget=forms.HiddenInput)
    quarter = forms.CharField(max_length=7, widget=forms.HiddenInput)
    first_day = forms.DateField(
        label=_("First session starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    room = forms.TypedChoiceField(
        label=_("Hold a room"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [("", _("No room yet")), *rooms]
