import pytest
from django.core import mail

from biocampus.accelerator.models import Assignment
from biocampus.accelerator.ranking import ranking
from biocampus.accelerator.services.applications import application_submit
from biocampus.accelerator.services.reviews import (
    cohort_select,
    conflict_declare,
    reviewer_assign,
    scores_submit,
)
from biocampus.accelerator.tests.conftest import close, complete_application
from biocampus.accounts.models import Membership
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.common.models import AuditEvent
from biocampus.conftest import UserFactory

pytestmark = pytest.mark.django_db


def submitted(call, name):
    founder = UserFactory()
    application = complete_application(founder, call, name=name)
    return application_submit(actor=founder, application=application)


def score(reviewer, application, team, market):
    assignment = Assignment.objects.get(reviewer=reviewer, application=application)
    team_c, market_c = application.call.criteria.order_by("position")
    scores_submit(
        actor=reviewer,
        assignment=assignment,
        scores={team_c.pk: (team, "ok"), market_c.pk: (market, "")},
    )


def test_conflicts_of_interest(call, acc_staff):
    application = submitted(call, "Cellula")
    colleague = UserFactory()
    Membership.objects.create(user=colleague, organisation=application.company, role="staff")
    with pytest.raises(Conflict) as exc:
        reviewer_assign(actor=acc_staff, application=application, reviewer=colleague)
    assert exc.value.code == "conflict_of_interest"
    with pytest.raises(Conflict):
        reviewer_assign(actor=acc_staff, application=application, reviewer=application.founder)
    outsider = UserFactory()
    with pytest.raises(Forbidden):
        reviewer_assign(actor=outsider, application=application, reviewer=UserFactory())

    reviewer = UserFactory()
    assignment = reviewer_assign(actor=acc_staff, application=application, reviewer=reviewer)
    score(reviewer, application, 4, 7)
    with pytest.raises(Forbidden):
        conflict_declare(actor=outsider, assignment=assignment)
    conflict_declare(actor=reviewer, assignment=assignment, reason="Former employer")
    assignment.refresh_from_db()
    assert assignment.conflict_declared_at is not None
    assert not assignment.scores.exists()  # their scores no longer count
    assert AuditEvent.objects.filter(action="review.conflict").exists()
    with pytest.raises(Conflict):
        score(reviewer, application, 4, 7)


def test_scores_must_cover_every_criterion_within_its_scale(call, acc_staff):
    application = submitted(call, "Vectoria")
    reviewer = UserFactory()
    assignment = reviewer_assign(actor=acc_staff, application=application, reviewer=reviewer)
    team_c, market_c = call.criteria.order_by("position")
    with pytest.raises(DomainError) as exc:
        scores_submit(actor=reviewer, assignment=assignment, scores={team_c.pk: (3, "")})
    assert exc.value.code == "incomplete"
    with pytest.raises(DomainError) as exc:
        scores_submit(
            actor=reviewer, assignment=assignment, scores={team_c.pk: (6, ""), market_c.pk: (5, "")}
        )
    assert exc.value.code == "out_of_scale"


def test_normalised_ranking_against_a_hand_computed_example(call, acc_staff):
    """Team weighs 2 (0-5), Market 1 (0-10). Harsh H and lenient L review A1, A2, A3.

    Totals (0-100): H 40, 60, 20; L 100, 83.33, 93.33. Per reviewer z-scores
    (population sd): H 0, +1.2247, -1.2247; L +1.1355, -1.2978, +0.1622.
    Normalised: A1 0.5678, A2 -0.0366, A3 -0.5313; weighted: 70, 71.67, 56.67.
    """
    a1, a2, a3 = (submitted(call, n) for n in ("A1", "A2", "A3"))
    harsh, lenient = UserFactory(), UserFactory()
    for reviewer in (harsh, lenient):
        for application in (a1, a2, a3):
            reviewer_assign(actor=acc_staff, application=application, reviewer=reviewer)
    for application, (t, m) in zip((a1, a2, a3), [(2, 4), (3, 6), (1, 2)], strict=True):
        score(harsh, application, t, m)
    for application, (t, m) in zip((a1, a2, a3), [(5, 10), (4, 9), (5, 8)], strict=True):
        score(lenient, application, t, m)
    rows = {r.application: r for r in ranking(call)}
    assert rows[a1].normalised == pytest.approx(0.5678, abs=1e-4)
    assert rows[a2].normalised == pytest.approx(-0.0366, abs=1e-4)
    assert rows[a3].normalised == pytest.approx(-0.5313, abs=1e-4)
    assert rows[a2].weighted == pytest.approx(71.6667, abs=1e-4)
    assert [r.application for r in ranking(call)] == [a1, a2, a3]  # not the weighted order
    assert (rows[a1].disagreement, rows[a2].disagreement, rows[a3].disagreement) == (
        True,
        False,
        True,
    )
    assert rows[a3].spread == pytest.approx(73.3333, abs=1e-4)


def test_selection_respects_the_cohort_and_tells_applicants(
    call, acc_staff, django_capture_on_commit_callbacks
):
    a1, a2, a3 = (submitted(call, n) for n in ("A1", "A2", "A3"))
    with pytest.raises(Conflict) as exc:
        cohort_select(actor=acc_staff, call=call, decisions={a1.pk: "accepted"})
    assert exc.value.code == "call_open"
    close(call)
    with pytest.raises(Conflict) as exc:
        cohort_select(
            actor=acc_staff, call=call, decisions={a.pk: "accepted" for a in (a1, a2, a3)}
        )
    assert exc.value.code == "cohort_full"  # the cohort holds two
    with pytest.raises(Forbidden):
        cohort_select(actor=a1.founder, call=call, decisions={a1.pk: "accepted"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cohort_select(
            actor=acc_staff,
            call=call,
            decisions={a1.pk: "accepted", a2.pk: "accepted", a3.pk: "reserve"},
        )
    a3.refresh_from_db()
    assert a3.status == "reserve"
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Reserve list: “Biotech seed 2027”",
        "Selected: “Biotech seed 2027”",
        "Selected: “Biotech seed 2027”",
    ]
