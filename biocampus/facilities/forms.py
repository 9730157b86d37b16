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
    min_capacity = forms.IntegerField(
        label=_("People"), min_value=1, max_value=10000, required=False
    )
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


class TimetableForm(forms.Form):
    organisation = forms.ChoiceField(label=_("For"))
    window_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    window_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    unavailable = forms.CharField(
        label=_("Trainers away"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: trainer; from; to. For example: Ana; 2027-03-01 08:00; 2027-03-01 13:00"
        ),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]

    def clean_unavailable(self):
        away: dict[str, list] = {}
        for number, line in enumerate(self.cleaned_data["unavailable"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                trainer, start, end = (
                    parts[0],
                    dt.datetime.fromisoformat(parts[1]),
                    dt.datetime.fromisoformat(parts[2]),
                )
            except (IndexError, ValueError) as exc:
                raise forms.ValidationError(
                    _("Line %(n)d: write trainer; from; to.") % {"n": number}
                ) from exc
            away.setdefault(trainer, []).append(
                (timezone.make_aware(start).isoformat(), timezone.make_aware(end).isoformat())
            )
        return away


class TimetableMeetingForm(forms.Form):
    """One meeting to place: features are picked from the campus's list, so a name that
    matches no feature cannot silently find no room."""

    ref = forms.CharField(label=_("Meeting"), max_length=80)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=30, max_value=12 * 60)
    people = forms.IntegerField(label=_("People"), min_value=0, max_value=10000, required=False)
    trainer = forms.CharField(label=_("Trainer"), max_length=120, required=False)
    cohort = forms.CharField(label=_("Cohort"), max_length=120, required=False)
    features = forms.MultipleChoiceField(
        label=_("Features needed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, features=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The campus's features, read once per page by the view, not once per row.
        self.fields["features"].choices = features

    def meeting(self) -> dict:
        d = self.cleaned_data
        return {
            "ref": d["ref"].strip(),
            "duration_minutes": d["minutes"],
            "capacity": d.get("people") or 0,
            "features": list(d.get("features") or ()),
            "trainer": d.get("trainer", "").strip(),
            "cohort": d.get("cohort", "").strip(),
        }


# At most as many rows as the planner takes; `absolute_max` also caps what a forged
# management form can make the server build.
TimetableMeetingFormSet = forms.formset_factory(
    TimetableMeetingForm, extra=3, max_num=400, absolute_max=400, validate_max=True
)


def feature_choices() -> list[tuple[str, str]]:
    return [(f.code, str(f)) for f in Feature.objects.order_by("name")]


def meetings_to_place(formset) -> list[dict]:
    """The rows filled in (blank rows are left out)."""
    return [f.meeting() for f in formset.forms if f.has_changed() and f.is_valid()]
