import datetime as dt

import pytest
from django.utils import timezone

from biocampus.common.errors import DomainError, Forbidden, NotFound
from biocampus.common.models import AuditEvent
from biocampus.conftest import UserFactory
from biocampus.skills.models import LearnerSkill, VacancySkill
from biocampus.skills.queries.matching import candidate, candidates_for, vacancies_for
from biocampus.skills.services.profiles import consent_set
from biocampus.skills.services.vacancies import vacancy_create, vacancy_update

pytestmark = pytest.mark.django_db


def give(learner, skills, **sources):
    for code, source in sources.items():
        LearnerSkill.objects.create(learner=learner, skill=skills[code], source=source)


@pytest.fixture
def people(skills):
    ready = UserFactory(full_name="Ready Verified")
    give(ready, skills, gmp="verified", hplc="verified", chromatography="verified")
    declared = UserFactory(full_name="Declared Only")
    give(declared, skills, gmp="declared", hplc="declared", python="verified")
    hidden = UserFactory(full_name="Hidden Perfect")
    give(
        hidden,
        skills,
        gmp="verified",
        hplc="verified",
        chromatography="verified",
        python="verified",
        teamwork="verified",
    )
    unrelated = UserFactory(full_name="Unrelated")
    give(unrelated, skills, lean="verified")
    for user in (ready, declared, unrelated):
        consent_set(actor=user, findable=True)
    return {"ready": ready, "declared": declared, "hidden": hidden, "unrelated": unrelated}


def test_vacancy_takes_the_occupation_skills_by_default(vacancy, qc_job):
    rows = set(VacancySkill.objects.filter(vacancy=vacancy).values_list("skill_id", "relation"))
    assert rows == set(qc_job.skill_relations.values_list("skill_id", "relation"))


def test_vacancy_rules(recruiter_a, recruiter_b, company_a, qc_job, vacancy):
    base = {
        "employer_id": company_a.pk,
        "occupation_id": qc_job.pk,
        "title": "QC",
        "location": "Gosselies",
        "contract": "permanent",
        "closes_on": timezone.localdate() + dt.timedelta(days=5),
    }
    with pytest.raises(Forbidden):
        vacancy_create(actor=recruiter_b, **base)
    with pytest.raises(DomainError, match="closing date"):
        vacancy_create(
            actor=recruiter_a, **base | {"closes_on": timezone.localdate() - dt.timedelta(days=1)}
        )
    with pytest.raises(DomainError, match="contract"):
        vacancy_create(actor=recruiter_a, **base | {"contract": "forever"})
    with pytest.raises(DomainError, match="Openings"):
        vacancy_create(actor=recruiter_a, **base | {"openings": 0})
    with pytest.raises(Forbidden):
        vacancy_update(actor=recruiter_b, vacancy=vacancy, status="closed")
    updated = vacancy_update(actor=recruiter_a, vacancy=vacancy, openings=3, status="closed")
    assert (updated.openings, updated.status) == (3, "closed")


def test_candidates_are_ranked_explained_and_only_consenting(vacancy, people, skills):
    matches, total = candidates_for(vacancy)
    assert total == 2
    assert [m.learner for m in matches] == [people["ready"], people["declared"]]
    best = matches[0].assessment
    assert {i.skill_id: i.state for i in best.of("essential")} == {
        skills["gmp"].pk: "verified",
        skills["hplc"].pk: "verified",
        skills["chromatography"].pk: "verified",
    }
    second = matches[1].assessment
    assert second.missing_essential == [skills["chromatography"].pk]
    assert second.readiness < best.readiness

    # Not consenting: never listed, and not found even by id.
    assert people["hidden"] not in [m.learner for m in matches]
    with pytest.raises(NotFound):
        candidate(vacancy, people["hidden"].pk)
    assert candidate(vacancy, people["ready"].pk).readiness == best.readiness

    consent_set(actor=people["ready"], findable=False)
    matches, total = candidates_for(vacancy)
    assert [m.learner for m in matches] == [people["declared"]]
    with pytest.raises(NotFound):
        candidate(vacancy, people["ready"].pk)


def test_consent_is_time_stamped_and_audited(learner):
    profile = consent_set(actor=learner, findable=True)
    assert profile.findable
    first = profile.consent_changed_at
    assert first is not None
    profile = consent_set(actor=learner, findable=False)
    assert not profile.findable
    assert profile.consent_changed_at >= first
    actions = list(
        AuditEvent.objects.filter(actor=learner).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["consent.grant", "consent.revoke"]


def test_vacancies_for_a_learner_rank_open_ones_by_fit(
    recruiter_a, company_a, framework, skills, vacancy, learner
):
    from biocampus.skills.tests.conftest import make_job

    team_job = make_job(framework, "team-lead", essential=[skills["teamwork"], skills["lean"]])
    common = {
        "employer_id": company_a.pk,
        "location": "Charleroi",
        "contract": "permanent",
        "closes_on": timezone.localdate() + dt.timedelta(days=10),
    }
    lead = vacancy_create(
        actor=recruiter_a, occupation_id=team_job.pk, title="Lead", status="open", **common
    )
    vacancy_create(actor=recruiter_a, occupation_id=team_job.pk, title="Draft", **common)
    give(learner, skills, teamwork="verified", lean="declared")
    matches, total = vacancies_for(learner)
    assert total == 2  # the draft is not open
    assert [m.vacancy for m in matches] == [lead, vacancy]
    assert matches[0].readiness == 75
    assert matches[1].readiness == round(100 * 1 / 11)  # teamwork is optional there


def test_fast_ranking_agrees_with_the_explained_scores(vacancy, framework, skills):
    import random

    from biocampus.skills.models import SkillLink
    from biocampus.skills.queries.gap import assess, equivalents
    from biocampus.skills.queries.matching import rank_candidates, requirements
    from biocampus.skills.tests.conftest import make_skill

    other = framework.__class__.objects.create(slug="other", name="Other")
    twin = make_skill(other, "hplc-twin")
    SkillLink.objects.create(source=twin, target=skills["hplc"], kind="close_match")
    pool = [*skills.values(), twin]
    rng = random.Random(5)
    for _ in range(25):
        user = UserFactory()
        for skill in rng.sample(pool, rng.randint(1, 5)):
            LearnerSkill.objects.create(
                learner=user, skill=skill, source=rng.choice(["verified", "declared"])
            )
        consent_set(actor=user, findable=rng.random() < 0.8)
    ranked = rank_candidates(vacancy)
    required = requirements(vacancy)
    eq = equivalents([s for s, _r in required])
    for learner_id, score in ranked:
        held = dict(
            LearnerSkill.objects.filter(learner_id=learner_id).values_list("skill_id", "source")
        )
        assert assess(required, held, eq).score == pytest.approx(score)
    scores = [score for _l, score in ranked]
    assert scores == sorted(scores, reverse=True)
