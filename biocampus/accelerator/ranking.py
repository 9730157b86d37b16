"""A call's fair ranking.

Ranking shows two figures per application:
- the weighted total: each reviewer's score as a percentage of the maximum (criteria
  weighted), averaged over the application's reviewers;
- the normalised score: each reviewer's totals turned into z-scores over that reviewer's
  own assignments (how far above or below their usual mark), averaged — so a harsh or a
  lenient reviewer does not decide the cohort.
Where reviewers of one application disagree by more than DISAGREEMENT points (on the
0-100 total), the row is flagged.
"""

import statistics
from dataclasses import dataclass, field

from biocampus.accelerator.models import Application, ApplicationStatus, Call, Score

DISAGREEMENT = 25.0


@dataclass
class RankRow:
    application: Application
    weighted: float | None  # 0-100, mean over reviewers
    normalised: float | None  # mean z-score
    reviewer_totals: dict[int, float] = field(default_factory=dict)

    @property
    def spread(self) -> float:
        values = list(self.reviewer_totals.values())
        return max(values) - min(values) if len(values) > 1 else 0.0

    @property
    def disagreement(self) -> bool:
        return self.spread > DISAGREEMENT


def reviewer_totals(call: Call) -> dict[tuple[int, int], float]:
    """(reviewer, application) -> weighted total, 0-100, for every completed review."""
    criteria = {c.pk: c for c in call.criteria.all()}
    weight_sum = sum(float(c.weight) for c in criteria.values())
    totals: dict[tuple[int, int], float] = {}
    rows = Score.objects.filter(
        assignment__application__call=call,
        assignment__conflict_declared_at=None,
        assignment__submitted_at__isnull=False,
    ).values_list("assignment__reviewer_id", "assignment__application_id", "criterion_id", "value")
    for reviewer_id, application_id, criterion_id, value in rows:
        c = criteria[criterion_id]
        key = (reviewer_id, application_id)
        totals[key] = totals.get(key, 0.0) + float(c.weight) * value / c.scale_max
    return {k: 100 * v / weight_sum for k, v in totals.items()}


def z_scores(totals: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """Each reviewer's totals standardised over their own reviews (population standard
    deviation); a reviewer with one review, or all equal, gives 0."""
    by_reviewer: dict[int, list[float]] = {}
    for (reviewer_id, _app), total in totals.items():
        by_reviewer.setdefault(reviewer_id, []).append(total)
    result = {}
    for (reviewer_id, app), total in totals.items():
        values = by_reviewer[reviewer_id]
        spread = statistics.pstdev(values) if len(values) > 1 else 0.0
        result[reviewer_id, app] = (total - statistics.fmean(values)) / spread if spread else 0.0
    return result


def ranking(call: Call) -> list[RankRow]:
    totals = reviewer_totals(call)
    z = z_scores(totals)
    rows = []
    for application in call.applications.exclude(status=ApplicationStatus.DRAFT).select_related(
        "company"
    ):
        mine = {r: t for (r, a), t in totals.items() if a == application.pk}
        zs = [v for (r, a), v in z.items() if a == application.pk]
        rows.append(
            RankRow(
                application=application,
                weighted=statistics.fmean(mine.values()) if mine else None,
                normalised=statistics.fmean(zs) if zs else None,
                reviewer_totals=mine,
            )
        )
    rows.sort(
        key=lambda r: (
            r.normalised is None,
            -(r.normalised or 0.0),
            -(r.weighted or 0.0),
            r.application.pk,
        )
    )
    return rows
