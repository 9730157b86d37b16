"""The no-overlap constraint becomes DEFERRABLE (still checked at once by default), so
that moving several bookings of one resource together (a session's meetings shifted by an
hour) can defer the check to the end of the move instead of failing on a transient
overlap with a booking that moves next."""

from django.db import migrations

DROP = "ALTER TABLE facilities_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"
CREATE = """
ALTER TABLE facilities_booking ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status = 'approved') DEFERRABLE INITIALLY IMMEDIATE;
"""
CREATE_IMMEDIATE = """
ALTER TABLE facilities_booking ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status = 'approved');
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(CREATE_IMMEDIATE)


class Migration(migrations.Migration):
    dependencies = [("facilities", "0004_timetable_proposal")]
    operations = [migrations.RunPython(forwards, backwards)]
