from django.conf import settings
from django.db.models import QuerySet


def page_of(qs: QuerySet, page: int, size: int | None = None) -> tuple[list, int]:
    """(items of 1-based `page`, total count)."""
    size = size or settings.API_PAGE_SIZE
    count = qs.count()
    start = (max(page, 1) - 1) * size
    return list(qs[start : start + size]), count
