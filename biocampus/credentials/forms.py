from django import forms
from django.utils.translation import gettext_lazy as _

from biocampus.credentials.baking import MAX_BYTES


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
