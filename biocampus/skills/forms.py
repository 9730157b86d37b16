import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.catalog.models import LANGUAGES, Pillar
from biocampus.skills.models import Contract, VacancyStatus
from biocampus.skills.queries import campus_jobs


class PathwayForm(forms.Form):
    objective = forms.ChoiceField(
        label=_("Shortest or cheapest?"),
        choices=[("time", _("Least time in training")), ("cost", _("Lowest cost"))],
        initial="time",
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of instruction"),
        choices=[("", _("Any language")), *list(LANGUAGES.items())],
        required=False,
    )
    max_budget_eur = forms.DecimalField(
        label=_("Budget (EUR)"), min_value=0, max_digits=9, decimal_places=2, required=False
    )
    start_after = forms.DateField(
        label=_("Start no earlier than"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    finish_before = forms.DateField(
        label=_("Finish by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, finish = data.get("start_after"), data.get("finish_before")
        if start and finish and finish <= start:
            raise forms.ValidationError(_("The finish date must come after the start date."))
        return data

    def moment(self, name: str, end_of_day: bool = False) -> dt.datetime | None:
        day = self.cleaned_data.get(name)
        if day is None:
            return None
        time = dt.time(23, 59) if end_of_day else dt.time()
        return timezone.make_aware(dt.datetime.combine(day, time))


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Paste a CV, a job ad or a course description"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class EmployerChoiceMixin:
    """The company a form acts for: a choice only when the person recruits for several;
    with one company there is nothing to choose, so nothing is shown."""

    def _employers(self, employers) -> None:
        field = self.fields["employer"]
        field.choices = [(e.pk, e.name) for e in employers]
        if len(field.choices) == 1:
            field.initial = field.choices[0][0]
            field.widget = forms.HiddenInput()


class VacancyForm(EmployerChoiceMixin, forms.Form):
    employer = forms.ChoiceField(label=_("Employer"))
    occupation = forms.ModelChoiceField(
        label=_("Occupation"),
        queryset=campus_jobs().order_by("code"),
        empty_label=_("Choose a job"),
        help_text=_("Its essential and optional skills become the vacancy's requirements."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    location = forms.CharField(label=_("Location"), max_length=120)
    contract = forms.ChoiceField(label=_("Contract"), choices=Contract.choices)
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=500, initial=1)
    closes_on = forms.DateField(
        label=_("Closing date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=VacancyStatus.choices)

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._employers(employers)


class ForecastForm(EmployerChoiceMixin, forms.Form):
    employer = forms.ChoiceField(label=_("Employer"))
    occupation = forms.ModelChoiceField(
        label=_("Occupation"),
        queryset=campus_jobs().order_by("code"),
        empty_label=_("Choose a job"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    headcount = forms.IntegerField(label=_("People to hire"), min_value=0, max_value=10000)

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._employers(employers)
        self.fields["year"].initial = timezone.localdate().year


class PillarFilterForm(forms.Form):
    pillar = forms.ModelChoiceField(
        label=_("Pillar"),
        queryset=Pillar.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        empty_label=_("All pillars"),
    )


class VerificationForm(forms.Form):
    enterprise_number = forms.CharField(
        label=_("Enterprise number"),
        max_length=20,
        help_text=_("Your company's Belgian enterprise number, for example 0403.170.701."),
    )
