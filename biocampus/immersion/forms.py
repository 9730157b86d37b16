from django import forms
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation, OrganisationKind
from biocampus.immersion.models import MAX_PUPILS, ImmersionFormat, VisitLanguage
from biocampus.immersion.services import MAX_ADULTS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class VisitRequestForm(forms.Form):
    """What a teacher tells the campus about the class: counts, never names."""

    school = forms.ModelChoiceField(label=_("School"), queryset=Organisation.objects.none())
    format = forms.ModelChoiceField(
        label=_("Format"), queryset=ImmersionFormat.objects.filter(published=True)
    )
    class_name = forms.CharField(label=_("Class"), max_length=60, help_text=_("For example 3B."))
    school_year = forms.IntegerField(label=_("School year"), min_value=1, max_value=13)
    pupils = forms.IntegerField(label=_("Pupils"), min_value=1, max_value=MAX_PUPILS)
    adults = forms.IntegerField(
        label=_("Accompanying adults"), min_value=1, max_value=MAX_ADULTS, initial=2
    )
    language = forms.ChoiceField(label=_("Language of the day"), choices=VisitLanguage.choices)
    arrival = forms.TimeField(label=_("Arrival"), widget=_TIME, initial="09:00")
    departure = forms.TimeField(label=_("Departure"), widget=_TIME, initial="15:30")
    municipality = forms.CharField(label=_("School's municipality"), max_length=80, required=False)
    date_1 = forms.DateField(label=_("Preferred date"), widget=_DATE)
    date_2 = forms.DateField(label=_("Other acceptable date"), widget=_DATE, required=False)
    date_3 = forms.DateField(label=_("Other acceptable date"), widget=_DATE, required=False)
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the class needs (step-free access, quiet room), never a pupil's name."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = Organisation.objects.filter(
            kind=OrganisationKind.SCHOOL, memberships__user=user
        ).distinct()
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk

    def dates(self):
        return [d for d in (self.cleaned_data.get(f"date_{i}") for i in (1, 2, 3)) if d]


class ScheduleForm(forms.Form):
    date = forms.DateField(label=_("Visit date"), widget=_DATE)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the day for the class?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5: excellent, 1: poor."),
    )
    liked = forms.CharField(
        label=_("What the class liked"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    improve = forms.CharField(
        label=_("What we could improve"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please write no pupil's name."),
    )
