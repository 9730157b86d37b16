"""Crosswalks: a concept of one framework declares, by URI, the concepts of another that it
matches (`mappings`); the links exist once both frameworks are in the database."""

from django.db.models import Q

from biocampus.skills.models import LinkKind, Occupation, OccupationLink, Skill, SkillLink

CROSSWALK_KINDS = (LinkKind.EXACT_MATCH, LinkKind.CLOSE_MATCH)


def crosswalk_link() -> int:
    """Create the links every declared mapping can have now; returns how many exist."""
    total = 0
    for model, link_model in ((Skill, SkillLink), (Occupation, OccupationLink)):
        declared = list(
            model.objects.exclude(mappings=[]).values_list("id", "framework_id", "mappings")
        )
        uris = {m["uri"] for _id, _fw, mappings in declared for m in mappings}
        targets: dict[str, list[tuple[int, int]]] = {}
        for target_id, framework_id, uri in model.objects.filter(uri__in=uris).values_list(
            "id", "framework_id", "uri"
        ):
            targets.setdefault(uri, []).append((target_id, framework_id))
        wanted = {
            (source_id, target_id, m.get("kind", LinkKind.CLOSE_MATCH))
            for source_id, framework_id, mappings in declared
            for m in mappings
            for target_id, target_framework in targets.get(m["uri"], [])
            if target_framework != framework_id
        }
        # Every crosswalk link is derived from a mapping, so one no mapping wants goes.
        existing = link_model.objects.filter(kind__in=CROSSWALK_KINDS)
        have = set(existing.values_list("source_id", "target_id", "kind"))
        stale = have - wanted
        if stale:
            condition = Q()
            for source, target, kind in stale:
                condition |= Q(source_id=source, target_id=target, kind=kind)
            existing.filter(condition).delete()
        link_model.objects.bulk_create(
            [link_model(source_id=s, target_id=t, kind=k) for s, t, k in wanted - have],
            ignore_conflicts=True,
        )
        total += len(wanted)
    return total
