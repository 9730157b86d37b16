"""The one lock on a session row. Every change to a session's seats, dates, meetings or
status takes it first, so enrolments, edits and cancellation are serialised per session."""

from django.db import connection
from django.utils.translation import gettext_lazy as _

from biocampus.catalog.models import Programme, Session
from biocampus.common.errors import NotFound

# Hand-written because this statement opens every enrolment of a rush: compiling the
# equivalent ORM query (select_related + select_for_update) cost more CPU than running it.
# The seat rules read only these programme columns; the others load on access.
_PROGRAMME_COLUMNS = ("operator_id", "status", "title")
_LOCK_SESSION_SQL = (
    "SELECT s.*, p.operator_id AS programme_operator_id, p.status AS programme_status, "
    "p.title AS programme_title FROM catalog_session s "
    "JOIN catalog_programme p ON p.id = s.programme_id WHERE s.id = %s"
)


def session_lock(session_id: int) -> Session:
    """The session, locked for the rest of the transaction, with the programme columns the
    rules need (the other programme fields load on access). Unknown: NotFound."""
    if not connection.in_atomic_block:
        raise RuntimeError("A session lock outside a transaction protects nothing.")
    # Serialises every change of this session: the one lock that prevents overselling.
    # (Nothing else may be read in this statement: under READ COMMITTED a subquery here
    # would see the snapshot from before the lock wait, not the state it locked.)
    sql = _LOCK_SESSION_SQL
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF s"  # SQLite writers are serialised by BEGIN IMMEDIATE instead
    session = next(iter(Session.objects.raw(sql, [session_id])), None)
    if session is None:
        raise NotFound(_("Not found."))
    loaded = {"id": session.programme_id}
    loaded.update((c, getattr(session, f"programme_{c}")) for c in _PROGRAMME_COLUMNS)
    # from_db takes the values in the model's field order.
    names = [f.attname for f in Programme._meta.concrete_fields if f.attname in loaded]
    session.programme = Programme.from_db(connection.alias, names, [loaded[n] for n in names])
    return session
