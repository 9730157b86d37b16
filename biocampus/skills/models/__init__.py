from biocampus.skills.models.contacts import ContactRequest, ContactStatus
from biocampus.skills.models.frameworks import (
    CAMPUS_FRAMEWORK,
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
from biocampus.skills.models.profiles import LearnerProfile, LearnerSkill, SkillSource
from biocampus.skills.models.programmes import ProgrammeOccupation, ProgrammeSkill, SkillRole
from biocampus.skills.models.vacancies import (
    ClosedReason,
    Contract,
    HiringForecast,
    Vacancy,
    VacancySkill,
    VacancyStatus,
)
from biocampus.skills.models.vectors import LabelVector

__all__ = [
    "CAMPUS_FRAMEWORK",
    "ClosedReason",
    "ContactRequest",
    "ContactStatus",
    "Contract",
    "Framework",
    "HiringForecast",
    "LabelVector",
    "LearnerProfile",
    "LearnerSkill",
    "LinkKind",
    "Occupation",
    "OccupationKind",
    "OccupationLink",
    "OccupationSkill",
    "ProgrammeOccupation",
    "ProgrammeSkill",
    "Relation",
    "Skill",
    "SkillKind",
    "SkillLink",
    "SkillRole",
    "SkillSource",
    "Vacancy",
    "VacancySkill",
    "VacancyStatus",
]
