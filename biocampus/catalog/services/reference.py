"""The catalogue's fixed reference data (created by migration 0002)."""

from biocampus.accounts.models import Audience
from biocampus.catalog.models import LANGUAGES, PILLARS, AudienceTag, Language, Pillar


def reference_data_ensure() -> None:
    """Create any missing pillar, audience or language row; changes nothing otherwise."""
    for position, slug in enumerate(PILLARS, start=1):
        Pillar.objects.get_or_create(slug=slug, defaults={"position": position})
    for code in Audience.values:
        AudienceTag.objects.get_or_create(code=code)
    for code in LANGUAGES:
        Language.objects.get_or_create(code=code)
