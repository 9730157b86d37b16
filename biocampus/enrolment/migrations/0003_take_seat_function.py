from django.db import migrations

# One self-enrolment of one seat, whole, in one statement: the session lock, the rules,
# the enrolment, the seat ledger, the audit row and the e-mail row. Called by
# services.enrolment_create on PostgreSQL and by the lean enrolment route; SQLite keeps
# the Python path. It writes nothing and returns no row when any rule refuses (closed,
# cancelled, unpublished, past the deadline, already enrolled), so the caller runs the
# Python path, which says why. Keep it in step with services.enrolment_create: the
# PostgreSQL test suite runs every single-seat enrolment through it. A change of rule
# needs a new migration (CREATE OR REPLACE): editing this one reaches no database that
# has already run it.
FORWARD = """
CREATE OR REPLACE FUNCTION enrolment_take_seat(
    p_learner bigint, p_session bigint, p_group text, p_now timestamptz
) RETURNS TABLE (
    enrolment_id bigint, status text, programme_title text, waitlist_ahead bigint
) LANGUAGE plpgsql AS $$
DECLARE
    v_capacity integer;
    v_confirmed integer;
    v_session_status text;
    v_deadline timestamptz;
    v_programme_status text;
    v_title text;
    v_status text;
    v_id bigint;
BEGIN
    -- The lock statement reads nothing else: under READ COMMITTED each later statement
    -- of this function sees what the lock waited for.
    SELECT s.capacity, s.confirmed_seats, s.status, s.enrolment_deadline, p.status, p.title
      INTO v_capacity, v_confirmed, v_session_status, v_deadline, v_programme_status, v_title
      FROM catalog_session s JOIN catalog_programme p ON p.id = s.programme_id
     WHERE s.id = p_session
       FOR UPDATE OF s;
    IF NOT FOUND OR v_session_status <> 'scheduled' OR v_programme_status <> 'published'
       OR p_now > v_deadline OR v_capacity < 1 THEN
        RETURN;
    END IF;
    IF EXISTS (
        SELECT 1 FROM enrolment_enrolment e
         WHERE e.session_id = p_session AND e.learner_id = p_learner
           AND e.status <> 'cancelled'
    ) THEN
        RETURN;
    END IF;
    v_status := CASE WHEN v_confirmed < v_capacity THEN 'confirmed' ELSE 'waitlisted' END;
    INSERT INTO enrolment_enrolment
        (session_id, learner_id, seats, group_name, status, queued_at, confirmed_at)
    VALUES (p_session, p_learner, 1, p_group, v_status, p_now,
            CASE WHEN v_status = 'confirmed' THEN p_now END)
    RETURNING id INTO v_id;
    IF v_status = 'confirmed' THEN
        UPDATE catalog_session SET confirmed_seats = confirmed_seats + 1 WHERE id = p_session;
    END IF;
    INSERT INTO common_auditevent (at, actor_id, action, object_type, object_id, data)
    VALUES (p_now, p_learner, 'enrolment.create', 'enrolment.enrolment', v_id::text,
            jsonb_build_object('status', v_status, 'seats', 1));
    INSERT INTO outbox_outboundemail
        (uid, kind, params, user_id, recipient, subject, status, attempts,
         next_attempt_at, last_error, created_at)
    VALUES (gen_random_uuid(), 'enrolment.' || v_status, jsonb_build_object('enrolment', v_id),
            p_learner, '', '', 'queued', 0, p_now, '', p_now);
    RETURN QUERY SELECT v_id, v_status, v_title,
        CASE WHEN v_status = 'waitlisted' THEN (
            SELECT count(*) FROM enrolment_enrolment e
             WHERE e.session_id = p_session AND e.status = 'waitlisted' AND e.id < v_id
        ) END;
END
$$
"""
BACKWARD = "DROP FUNCTION IF EXISTS enrolment_take_seat(bigint, bigint, text, timestamptz)"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("enrolment", "0002_numeric_bounds"),
        ("catalog", "0008_programme_refresher"),
        ("common", "0001_initial"),
        ("outbox", "0004_follow_up_topic"),
    ]

    operations = [migrations.RunPython(forward, backward)]
