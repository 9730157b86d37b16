from django_tasks import task

from biocampus.outbox.delivery import send_all_due


@task(queue_name="email")
def deliver_outbox() -> dict:
    """Send what is due; the figures end up in the task's result for the admin."""
    sweep = send_all_due()
    return {"sent": sweep.sent, "retrying": sweep.retrying, "failed": sweep.failed}
