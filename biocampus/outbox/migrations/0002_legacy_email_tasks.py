"""E-mail queued as tasks before the outbox existed moves into the outbox.

Those task functions are gone; left as they were, the waiting ones would fail on the next
deploy (mail lost) and every one, finished or not, would keep the full text of its message
(live password-reset links) readable in the task admin. Waiting ones become outbox rows;
all of them are deleted."""

from django.db import migrations

DELIVER = "biocampus.common.mail.deliver_email"
ENROLMENTS = "biocampus.enrolment.tasks.notify_enrolments"
DECISIONS = "biocampus.accelerator.tasks.notify_decisions"


def forwards(apps, schema_editor):
    Task = apps.get_model("django_tasks_database", "DBTaskResult")
    Email = apps.get_model("outbox", "OutboundEmail")
    Enrolment = apps.get_model("enrolment", "Enrolment")
    Application = apps.get_model("accelerator", "Application")
    legacy = Task.objects.filter(task_path__in=[DELIVER, ENROLMENTS, DECISIONS])
    rows = []
    for task in legacy.filter(status__in=["READY", "RUNNING"]):
        args = task.args_kwargs.get("args", [])
        kwargs = task.args_kwargs.get("kwargs", {})
        if task.task_path == DELIVER:
            message = {**(args[0] if args else kwargs.get("message", {})), "headers": {}}
            for recipient in message.get("to", []):
                rows.append(
                    Email(
                        kind="message",
                        message={**message, "to": [recipient], "cc": [], "bcc": []},
                        recipient=recipient,
                        subject=str(message.get("subject", ""))[:255],
                    )
                )
        elif task.task_path == ENROLMENTS:
            extra = {"reason": kwargs["reason"]} if kwargs.get("reason") else {}
            for pk, learner_id in Enrolment.objects.filter(
                pk__in=kwargs.get("enrolment_ids", [])
            ).values_list("pk", "learner_id"):
                rows.append(
                    Email(
                        kind=f"enrolment.{kwargs['event']}",
                        params={"enrolment": pk, **extra},
                        user_id=learner_id,
                    )
                )
        else:
            for pk, founder_id, status in Application.objects.filter(
                pk__in=kwargs.get("application_ids", []),
                status__in=["accepted", "reserve", "rejected"],
            ).values_list("pk", "founder_id", "status"):
                rows.append(
                    Email(
                        kind=f"application.{status}",
                        params={"application": pk},
                        user_id=founder_id,
                    )
                )
    Email.objects.bulk_create(rows)
    legacy.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("enrolment", "0002_numeric_bounds"),
        ("accelerator", "0003_numeric_bounds"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
