"""Marks the navigation link of the section the person is in (aria-current), so the
header shows where they are and screen readers announce it."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def current(context, url_name: str) -> str:
    request = context.get("request")
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    if request is not None and request.path.startswith(url):
        return mark_safe(' aria-current="page"')  # a constant, nothing from the request
    return ""
