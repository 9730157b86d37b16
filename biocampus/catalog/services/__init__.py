"""Every write to the catalogue: programmes (programmes.py) and the session lifecycle
(sessions.py)."""

from biocampus.catalog.services.programmes import (
    programme_create,
    programme_set_status,
    programme_update,
)
from biocampus.catalog.services.sessions import (
    MeetingSlot,
    session_cancel,
    session_create,
    session_room_hold,
    session_update,
)

__all__ = [
    "MeetingSlot",
    "programme_create",
    "programme_set_status",
    "programme_update",
    "session_cancel",
    "session_create",
    "session_room_hold",
    "session_update",
]
