from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat

from biocampus.accelerator.models import Application, ApplicationStatus
from biocampus.accelerator.services.applications import APPLICATION_FIELDS
from biocampus.accounts.models import User
from biocampus.accounts.services import INVALID_ENTERPRISE_NUMBER


class ApplicationForm(forms.ModelForm):
    # Stored compact (ten digits); typed with dots and spaces, or a BE prefix.
    enterprise_number = forms.CharField(
        label=_("Enterprise number"),
        max_length=20,
        required=False,
        help_text=_("For example 0403.170.701."),
    )

    class Meta:
        model = Application
        fields = list(APPLICATION_FIELDS)
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "pitch": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, questions=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        for q in questions:
            self.fields[f"q_{q.pk}"] = forms.CharField(
                label=q.text,
                required=False,
                initial=answers.get(q.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_enterprise_number(self):
        value = self.cleaned_data["enterprise_number"].strip()
        if value and not vat.is_valid(value):
            raise forms.ValidationError(INVALID_ENTERPRISE_NUMBER)
        return vat.compact(value) if value else ""

    def answers(self) -> dict[int, str]:
        return {
            int(name[2:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_")
        }

    def application_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    sector = forms.CharField(label=_("Sector focus"), max_length=120, required=False)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    cohort_size = forms.IntegerField(label=_("Cohort size"), min_value=1, max_value=200, initial=8)
    blind = forms.BooleanField(
        label=_("Blind review (reviewers do not see who applied)"), required=False
    )
    criteria = forms.CharField(
        label=_("Scoring criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name; weight; highest score. For example: Team; 2; 5"),
    )
    questions = forms.CharField(
        label=_("Eligibility questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )

    def clean_criteria(self):
        criteria = []
        for n, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                name, weight, scale = parts[0], Decimal(parts[1]), int(parts[2])
            except (IndexError, ValueError, ArithmeticError) as exc:
                raise forms.ValidationError(
                    _("Line %(n)d: write name; weight; highest score.") % {"n": n}
                ) from exc
            if not name or weight <= 0 or not 1 <= scale <= 100:
                raise forms.ValidationError(
                    _("Line %(n)d: a name, a positive weight and a highest score of 1 to 100.")
                    % {"n": n}
                )
            criteria.append({"name": name, "weight": weight, "scale_max": scale})
        if not criteria:
            raise forms.ValidationError(_("Give at least one criterion."))
        return criteria

    def clean_questions(self):
        return [
            {"text": line.strip()[:500], "required": True}
            for line in self.cleaned_data["questions"].splitlines()
            if line.strip()
        ]

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            raise forms.ValidationError(_("The call must close after it opens."))
        return data


class KpiForm(forms.Form):
    quarter = forms.DateField(
        label=_("Quarter (any day in it)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    jobs_fte = forms.DecimalField(
        label=_("Jobs created (FTE)"), min_value=0, max_digits=7, decimal_places=1
    )
    funds_raised = forms.DecimalField(
        label=_("Funds raised (EUR)"), min_value=0, max_digits=12, decimal_places=2
    )
    revenue = forms.DecimalField(
        label=_("Revenue (EUR)"), min_value=0, max_digits=12, decimal_places=2
    )
    trl = forms.IntegerField(label=_("TRL"), min_value=1, max_value=9)
    patents_filed = forms.IntegerField(
        label=_("Patents filed"), min_value=0, max_value=10000, initial=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].initial = timezone.localdate()


def _words(value: str) -> list[str]:
    return [w.strip() for w in value.split(",") if w.strip()]


class ProfileForm(forms.Form):
    """Mentor expertise or start-up needs, in the same terms."""

    tags = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_("Comma-separated, for example: fundraising, ip, regulatory, gmp"),
    )
    sectors = forms.CharField(
        label=_("Sectors"),
        required=False,
        help_text=_("Comma-separated, for example: cgt, vaccines"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=[("fr", "Français"), ("en", "English"), ("nl", "Nederlands"), ("de", "Deutsch")],
        widget=forms.CheckboxSelectMultiple,
    )

    def values(self) -> dict:
        return {
            "tags": _words(self.cleaned_data["tags"]),
            "sectors": _words(self.cleaned_data["sectors"]),
            "languages": self.cleaned_data["languages"],
        }


class MentorForm(ProfileForm):
    capacity = forms.IntegerField(
        label=_("Start-ups at a time"), min_value=0, max_value=20, initial=2
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class AssignReviewerForm(forms.Form):
    application = forms.ModelChoiceField(queryset=Application.objects.none())
    email = forms.EmailField(label=_("Reviewer's e-mail"))

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications

    def clean_email(self) -> User:
        reviewer = User.objects.filter(email__iexact=self.cleaned_data["email"].strip()).first()
        if reviewer is None:
            raise forms.ValidationError(_("No account with that e-mail address."))
        return reviewer


class SelectionForm(forms.Form):
    """One decision per ranked application; left empty, the application is not decided."""

    DECISIONS = [
        ("", "—"),
        (ApplicationStatus.ACCEPTED, _("Accept")),
        (ApplicationStatus.RESERVE, _("Reserve list")),
        (ApplicationStatus.REJECTED, _("Reject")),
    ]

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        for application in applications:
            self.fields[f"decision_{application.pk}"] = forms.ChoiceField(
                choices=self.DECISIONS, required=False
            )

    def decisions(self) -> dict[int, str]:
        return {
            int(name.removeprefix("decision_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class MatchAdjustForm(forms.Form):
    application = forms.ModelChoiceField(queryset=Application.objects.none())
    mentor = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args, applications=None, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["mentor"].queryset = mentors


class ScoresForm(forms.Form):
    """A score (0 to the criterion's scale) and a comment for every criterion of a call."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=c.name,
                min_value=0,
                max_value=c.scale_max,
                error_messages={"required": _("Give every criterion a score.")},
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(required=False, max_length=5000)

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }

    def messages(self) -> list[str]:
        """Every error once, for the page's error summary."""
        found = [str(m) for errors in self.errors.values() for m in errors]
        return list(dict.fromkeys(found))
