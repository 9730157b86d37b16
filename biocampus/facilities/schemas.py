import datetime as dt

from ninja import Field, Schema
from pydantic import field_validator

from biocampus.api.bounds import Id
from biocampus.api.enums import one_of
from biocampus.api.schemas import Clash, aware
from biocampus.facilities.models import Approval, BookingStatus, Purpose, ResourceKind


class FeatureOut(Schema):
    code: str
    name: str


class ResourceOut(Schema):
    id: int
    name: str
    kind: one_of(ResourceKind)
    capacity: int
    features: list[FeatureOut]
    hourly_rate: str = Field(description="Euros an hour, two decimals (a decimal string).")
    organisation: str
    space: str | None
    certification: str | None
    approval: one_of(Approval)


class BookingIn(Schema):
    resource: Id
    organisation: Id | None = None
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: one_of(Purpose) = "session"
    title: str = Field("", max_length=200)
    note: str = Field("", max_length=2000)
    rrule: str | None = Field(None, max_length=500)
    exdates: list[dt.date] = Field([], max_length=200)
    free_only: bool = False

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _aware(cls, value):
        return aware(value)


class BookingOut(Schema):
    id: int
    resource: int
    resource_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: one_of(BookingStatus)
    purpose: one_of(Purpose)
    organisation: str
    title: str | None = None  # private: the booking organisation and the manager only
    series: int | None = None


class BookingCreated(Schema):
    id: int
    status: one_of(BookingStatus)
    bookings: list[BookingOut]
    skipped: list[Clash] = Field(description="Occurrences not booked and what they clash with.")


class BookingPage(Schema):
    items: list[BookingOut]
    count: int


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 is Monday.")
    opens: str = Field(description="Local time, HH:MM:SS.")
    closes: str


class AvailabilityOut(Schema):
    resource: int
    busy: list[BookingOut]
    opening_hours: list[OpeningHoursOut]


class MaintenanceIn(Schema):
    resource: Id
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str = Field("", max_length=200)
    cancel_clashing: bool = False

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _aware(cls, value):
        return aware(value)
