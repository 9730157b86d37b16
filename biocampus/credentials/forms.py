from django import forms
from django.utils.translation import gettext_lazy as _

from biocampus.credentials.baking import MAX_BYTES
from biocampus.skills.models import CAMPUS_FRAMEWORK, Skill, SkillKind


class VerifyForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the credential"),
        help_text=_("Its VC-JWT (eyJ…) or its JSON."),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=_("Or upload it"),
        help_text=_("A baked badge image (PNG), or a .json or .jwt file."),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("A credential file is at most 512 KB."))
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste a credential or upload one."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AssessmentForm(forms.Form):
    issuer = forms.ChoiceField(label=_("Issued in the name of"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    criteria = forms.CharField(
        label=_("What passing takes"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written into each credential: what the person showed, and how."),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills it verifies"),
        queryset=Skill.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("From the campus skills framework; hold Ctrl (or ⌘) to choose several."),
    )
    valid_months = forms.IntegerField(
        label=_("Credential valid for (months)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Leave empty if it does not expire; e.g. 24 for a competence to renew."),
    )

    def __init__(self, *args, issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [(o.pk, o.name) for o in issuers]
        self.fields["skills"].queryset = Skill.objects.filter(
            framework__slug=CAMPUS_FRAMEWORK, kind=SkillKind.SKILL
        ).order_by("code")
        self.fields["skills"].label_from_instance = lambda s: s.label()


class PassForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"))
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
