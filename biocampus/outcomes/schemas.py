import datetime as dt

from ninja import Field, Schema

from biocampus.api.bounds import Id
from biocampus.api.enums import one_of
from biocampus.outcomes.models import HireSource, HireStatus, OutcomeSource, OutcomeStatus
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
    """`learner` and `learner_name` are null for an external hire, and for a learner named
    by e-mail until they confirm (unless they had accepted your contact)."""

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


class OutcomeIn(Schema):
    status: one_of(OutcomeStatus)
    employer_name: str = Field("", max_length=200)
    occupation: Id | None = Field(None, description="An occupation of any framework.")
    contract: one_of(Contract) | None = None
    start_date: dt.date | None = None
    in_region: bool | None = Field(None, description="Is the job in the campus's region?")


class OutcomePatch(Schema):
    status: one_of(OutcomeStatus) | None = None
    employer_name: str | None = Field(None, max_length=200)
    occupation: Id | None = None
    contract: one_of(Contract) | None = None
    start_date: dt.date | None = None
    in_region: bool | None = None


class OutcomeOut(Schema):
    id: int
    status: one_of(OutcomeStatus)
    employer_name: str
    occupation: int | None
    contract: one_of(Contract) | None
    start_date: dt.date | None
    in_region: bool | None
    source: one_of(OutcomeSource)
    recorded_at: dt.datetime
    updated_at: dt.datetime
    after_programmes: list[int] = Field(
        description="The programmes completed in the year before the start date, the "
        "last one first: the training this job is attributed to."
    )


class OutcomeList(Schema):
    items: list[OutcomeOut]
