import pytest

from biocampus.skills.models import LearnerSkill, SkillLink
from biocampus.skills.queries.gap import assess, gap_for
from biocampus.skills.tests.conftest import make_skill

pytestmark = pytest.mark.django_db

ESS, OPT = "essential", "optional"


def test_readiness_weighs_essential_thrice_and_declared_half():
    required = [(1, ESS), (2, ESS), (3, OPT)]
    assert assess(required, {}, {}).readiness == 0
    assert assess(required, {1: "verified", 2: "verified", 3: "verified"}, {}).readiness == 100
    # 3 (essential, verified) + 0.5 (optional, declared) out of 3 + 3 + 1
    result = assess(required, {1: "verified", 3: "declared"}, {})
    assert result.score == 3.5
    assert result.readiness == round(100 * 3.5 / 7)
    assert result.missing_essential == [2]
    assert [i.state for i in result.items] == ["verified", "missing", "declared"]


def test_an_equivalent_skill_covers_and_verified_beats_declared():
    required = [(1, ESS)]
    equivalent = {1: {7, 8}}
    result = assess(required, {7: "declared", 8: "verified"}, equivalent)
    assert (result.items[0].state, result.items[0].via_skill_id) == ("verified", 8)
    result = assess(required, {7: "declared"}, equivalent)
    assert (result.items[0].state, result.items[0].via_skill_id) == ("declared", 7)
    assert assess([], {1: "verified"}, {}).readiness == 0  # nothing required, nothing to score


def test_gap_for_a_learner_uses_their_profile_and_crosswalks(learner, framework, skills, qc_job):
    LearnerSkill.objects.create(learner=learner, skill=skills["gmp"], source="verified")
    LearnerSkill.objects.create(learner=learner, skill=skills["python"], source="declared")
    # The learner holds "HPLC" from another framework, mapped as the same skill.
    other = framework.__class__.objects.create(slug="other", name="Other")
    their_hplc = make_skill(other, "hplc-analysis")
    SkillLink.objects.create(source=their_hplc, target=skills["hplc"], kind="exact_match")
    LearnerSkill.objects.create(learner=learner, skill=their_hplc, source="declared")

    gap = gap_for(learner, qc_job)
    states = {gap.skills[i.skill_id].code: i.state for i in gap.assessment.items}
    assert states == {
        "gmp": "verified",
        "hplc": "declared",
        "chromatography": "missing",
        "python": "declared",
        "teamwork": "missing",
    }
    assert gap.assessment.missing_essential == [skills["chromatography"].pk]
    hplc_item = next(i for i in gap.assessment.items if i.skill_id == skills["hplc"].pk)
    assert gap.skills[hplc_item.via_skill_id] == their_hplc
    # 3 + 1.5 + 0.5 out of 3 * 3 + 2
    assert gap.assessment.readiness == round(100 * 5 / 11)
