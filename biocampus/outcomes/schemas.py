import datetime as dt

from ninja import Field, Schema

from biocampus.api.bounds import Id
from biocampus.api.enums import one_of
from biocampus.outcomes.models import HireSource, HireStatus
from biocampus.outcomes.queries import FillState
from biocampus.skills.models import ClosedReason, Contract, VacancyStatus


class HireIn(Schema):
    learner: Id | None = Field(
        None, description="A candidate who accepted your contact request (campus learner)."
    )
    learner_email: str | None = Field(
        None,
        max_length=254,
        description="Or a campus learner named by e-mail; they confirm the hire.",
    )
    start_date: dt.date
    contract: one_of(Contract)


class HireOut(Schema):
    id: int
    vacancy: int
    source: one_of(HireSource)
    learner: int | None
    learner_name: str | None
    start_date: dt.date
    contract: one_of(Contract)
    status: one_of(HireStatus)
    recorded_at: dt.datetime
    answered_at: dt.datetime | None


class HireList(Schema):
    items: list[HireOut]
    fill_state: one_of(FillState)
    openings: int
    filled: int
    time_to_fill_days: float | None


class HireAnswerIn(Schema):
    accept: bool


class CloseIn(Schema):
    reason: one_of(ClosedReason)


class ClosedOut(Schema):
    id: int
    status: one_of(VacancyStatus)
    closed_reason: one_of(ClosedReason)
    fill_state: one_of(FillState)
