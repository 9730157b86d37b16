from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from biocampus.common.errors import NotFound


def page_of(qs: QuerySet, page: int, size: int | None = None) -> tuple[list, int]:
    """(items of 1-based `page`, total count). A page past the last is a 404, so a
    client paging on learns it has reached the end; page 1 of nothing is empty."""
    size = size or settings.API_PAGE_SIZE
    count = qs.count()
    start = (max(page, 1) - 1) * size
    if page > 1 and start >= count:
        raise NotFound(
            _("There is no page %(page)d: the last is %(last)d.")
            % {"page": page, "last": max((count + size - 1) // size, 1)},
            code="no_such_page",
        )
    return list(qs[start : start + size]), count
