from django import template
from django.utils import formats
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


@register.filter
def percent(share):
    """A share (0.62) as the page words it ("62 %"); a withheld or unknown one as "—"."""
    if share is None or share == "":
        return "—"
    return _("%(n)s %%") % {"n": formats.number_format(round(100 * float(share)), 0)}
