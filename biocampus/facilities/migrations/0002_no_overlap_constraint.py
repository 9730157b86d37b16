"""On PostgreSQL, the database itself refuses two approved bookings of one resource whose
half-open time ranges overlap (btree_gist lets the resource id share the GiST index).
SQLite has no such constraint; there the booking service serialises writers."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE facilities_booking ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status = 'approved');
"""
DROP = "ALTER TABLE facilities_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
