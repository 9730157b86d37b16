import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Audience
from biocampus.catalog.models import (
    LANGUAGES,
    PILLARS,
    Format,
    Pillar,
    Programme,
    ProgrammeStatus,
)
from biocampus.catalog.queries import CatalogueFilters
from biocampus.catalog.services import MeetingSlot

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _any(label):
    return [("", label)]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=_any(_("All audiences")) + Audience.choices
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=_any(_("All formats")) + Format.choices
    )
    starts_after = forms.DateField(label=_("Starting from"), required=False, widget=DATE)
    starts_before = forms.DateField(label=_("Starting until"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = _any(_("All pillars")) + [
            (slug, names[0]) for slug, names in PILLARS.items()
        ]
        self.fields["language"].choices = _any(_("All languages")) + list(LANGUAGES.items())

    def clean(self):
        data = super().clean()
        after, before = data.get("starts_after"), data.get("starts_before")
        if after and before and before < after:
            raise forms.ValidationError(_("The end of the date range is before its start."))
        return data

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return CatalogueFilters(**{k: v for k, v in data.items() if v})


class EnrolForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=200, initial=1)
    group_name = forms.CharField(label=_("Class or group name"), required=False, max_length=120)


class ProgrammeForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of instruction"),
        choices=list(LANGUAGES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    # The model's bounds, also on the input so a browser offers only what is accepted.
    credential_valid_months = Programme._meta.get_field("credential_valid_months").formfield(
        min_value=1,
        max_value=120,
        help_text=_(
            "Leave empty if the credential does not expire; set e.g. 24 for an instrument "
            "certification that must be renewed."
        ),
    )

    class Meta:
        model = Programme
        fields = [
            "title",
            "summary",
            "pillar",
            "format",
            "audiences",
            "languages",
            "eqf_level",
            "duration_hours",
            "price",
            "seat_cost",
            "credential_valid_months",
            "refresher",
            "funding_note",
            "description",
            "learning_outcomes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = Pillar.objects.order_by("position")
        self.fields["pillar"].empty_label = None
        # Any published programme may renew a certification.
        self.fields["refresher"].queryset = (
            Programme.objects.filter(status=ProgrammeStatus.PUBLISHED)
            .exclude(pk=self.instance.pk)
            .order_by("title")
        )
        self.fields["refresher"].empty_label = _("None")
        if self.instance.pk:
            self.initial["audiences"] = [a.code for a in self.instance.audiences.all()]
            self.initial["languages"] = [lang.code for lang in self.instance.languages.all()]


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Capacity (seats)"), min_value=1, max_value=10000)
    enrolment_deadline = forms.DateTimeField(
        label=_("Enrolment deadline"),
        widget=DATETIME,
        required=False,
        help_text=_("Leave empty to accept enrolments until the session starts."),
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    start = forms.TimeField(label=_("From"), widget=TIME)
    end = forms.TimeField(label=_("To"), widget=TIME)
    title = forms.CharField(label=_("Topic"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("A meeting must end after it starts."))
        return data

    def slot(self) -> MeetingSlot:
        d = self.cleaned_data
        tz = timezone.get_current_timezone()
        return MeetingSlot(
            timezone.make_aware(dt.datetime.combine(d["day"], d["start"]), tz),
            timezone.make_aware(dt.datetime.combine(d["day"], d["end"]), tz),
            d.get("title", ""),
        )


MeetingFormSet = forms.formset_factory(MeetingForm, extra=2, can_delete=True, max_num=60)


def meeting_slots(formset) -> list[MeetingSlot]:
    return [
        f.slot()
        for f in formset.forms
        if f.has_changed() and f.is_valid() and not f.cleaned_data.get("DELETE")
    ]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("completed", _("Completed")),
            ("failed", _("Failed")),
            ("no_show", _("No-show")),
        ]
    )


class AttendanceForm(forms.Form):
    meeting = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    present = forms.TypedChoiceField(choices=[("1", _("Present")), ("0", _("Absent"))], coerce=int)


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit trail)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
