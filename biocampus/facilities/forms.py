import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.facilities.models import Feature, Purpose, ResourceKind


class SearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *list(ResourceKind.choices)], required=False
    )
    features = forms.ModelMultipleChoiceField(
        label=_("Features"),
        queryset=Feature.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_capacity = forms.IntegerField(label=_("People"), min_value=1, required=False)
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        given = [data.get("day"), data.get("start"), data.get("end")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Give the day, and the start and end times."))
        if all(given) and data["end"] <= data["start"]:
            raise forms.ValidationError(_("The end must come after the start."))
        return data

    def window(self) -> tuple[dt.datetime, dt.datetime] | tuple[None, None]:
        data = self.cleaned_data
        if not data.get("day"):
            return None, None
        return (
            timezone.make_aware(dt.datetime.combine(data["day"], data["start"])),
            timezone.make_aware(dt.datetime.combine(data["day"], data["end"])),
        )


class BookingForm(forms.Form):
    organisation = forms.ChoiceField(label=_("For"))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[c for c in Purpose.choices if c[0] != Purpose.MAINTENANCE]
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    weeks = forms.IntegerField(
        label=_("Repeat weekly, in all (weeks)"), min_value=1, max_value=52, initial=1
    )
    free_only = forms.BooleanField(
        label=_("If some weeks are taken, book the free ones only"), required=False
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise forms.ValidationError(_("The end must come after the start."))
        return data

    def range(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        return (
            timezone.make_aware(dt.datetime.combine(data["day"], data["start"])),
            timezone.make_aware(dt.datetime.combine(data["day"], data["end"])),
        )
