"""How every form renders: labels without Django's trailing colon ("Email" rather than
"Email:"), as in the rest of the design. Set once as the FORM_RENDERER, so forms of
installed apps (sign-in, sign-up) follow too."""

from django.forms import BoundField
from django.forms.renderers import DjangoTemplates


class CampusBoundField(BoundField):
    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        suffix = "" if label_suffix is None else label_suffix
        return super().label_tag(contents, attrs, suffix, tag)


class FormRenderer(DjangoTemplates):
    bound_field_class = CampusBoundField
