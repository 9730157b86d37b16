from biocampus.skills.models.frameworks import (
    Framework,
    LinkKind,
    Occupation,
    OccupationKind,
    OccupationLink,
    OccupationSkill,
    Relation,
    Skill,
    SkillKind,
    SkillLink,
)

__all__ = [
    "Framework",
    "LinkKind",
    "Occupation",
    "OccupationKind",
    "OccupationLink",
    "OccupationSkill",
    "Relation",
    "Skill",
    "SkillKind",
    "SkillLink",
]
