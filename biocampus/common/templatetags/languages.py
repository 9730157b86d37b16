"""`{% language_url "fr" %}`: this page's absolute URL in another language, its other
query parameters kept (the page and filters a search engine indexed)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, code: str = "") -> str:
    request = context["request"]
    query = request.GET.copy()
    query.pop("lang", None)
    if code:
        query["lang"] = code
    encoded = query.urlencode()
    return request.build_absolute_uri(request.path + (f"?{encoded}" if encoded else ""))
