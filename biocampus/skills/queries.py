"""Reads for pages and the API: autocomplete over skills and occupations."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Length

from biocampus.skills.models import Occupation, OccupationKind, Skill, SkillKind
from biocampus.skills.text import fold


def _autocomplete(qs: QuerySet, q: str, framework: str | None) -> QuerySet:
    """Every word of `q` appears in some label (any language, accents and case ignored);
    a match at the start of the English label ranks first, then at the start of any label."""
    qs = qs.filter(status="released")
    if framework:
        qs = qs.filter(framework__slug=framework)
    folded = fold(q)
    if not folded:
        return qs.order_by("framework__slug", "id")
    for word in folded.split(" "):
        qs = qs.filter(search_text__contains=word)
    rank = Case(
        When(search_text__startswith=folded, then=Value(0)),
        When(search_text__contains="\n" + folded, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank, size=Length("search_text")).order_by("rank", "size", "id")


def skill_search(q: str = "", framework: str | None = None, *, groups: bool = False) -> QuerySet:
    qs = Skill.objects.select_related("framework")
    if not groups:
        qs = qs.exclude(kind=SkillKind.GROUP)
    return _autocomplete(qs, q, framework)


def occupation_search(q: str = "", framework: str | None = None) -> QuerySet:
    qs = Occupation.objects.select_related("framework").filter(kind=OccupationKind.OCCUPATION)
    return _autocomplete(qs, q, framework)
