from biocampus.accelerator.models.calls import (
    Answer,
    Application,
    ApplicationStatus,
    Attachment,
    Call,
    Criterion,
    Question,
)
from biocampus.accelerator.models.reviews import Assignment, Score

__all__ = [
    "Answer",
    "Application",
    "ApplicationStatus",
    "Assignment",
    "Attachment",
    "Call",
    "Criterion",
    "Question",
    "Score",
]
from biocampus.accelerator.models.cohort import (
    KpiReport,
    MentorMatch,
    MentorProfile,
    Milestone,
    MilestoneStatus,
    StartupNeeds,
)

__all__ += [
    "KpiReport",
    "MentorMatch",
    "MentorProfile",
    "Milestone",
    "MilestoneStatus",
    "StartupNeeds",
]
