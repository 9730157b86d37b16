from django.db.models import Count, QuerySet

from biocampus.outbox.models import EmailStatus, OutboundEmail


def emails_in_state(state: str) -> QuerySet[OutboundEmail]:
    """For the campus's delivery page: newest first, without the stored text."""
    if state not in EmailStatus.values:
        state = EmailStatus.FAILED
    return (
        OutboundEmail.objects.filter(status=state)
        .select_related("user")
        .defer("message", "params")
        .order_by("-created_at", "-id")
    )


def counts_by_state() -> dict[str, int]:
    rows = OutboundEmail.objects.values("status").annotate(n=Count("id")).order_by()
    found = {row["status"]: row["n"] for row in rows}
    return {state: found.get(state, 0) for state in EmailStatus.values}
