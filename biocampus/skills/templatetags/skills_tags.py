from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ skills|get:item.skill_id }}`: look a key up in a dict."""
    return mapping.get(key) if mapping else None
