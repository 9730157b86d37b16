from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ skills|get:item.skill_id }}`: look a key up in a dict."""
    return mapping.get(key) if mapping else None


@register.filter
def people(count):
    """A public count of people: a withheld one (1 to 4, None) reads "fewer than 5"."""
    return _("fewer than 5") if count is None else count
