"""Background jobs (django-tasks: immediate in dev and tests, a worker in production)."""

from django_tasks import task


@task()
def run_issue_batch(batch_id: int) -> None:
    from .services import batch_run

    batch_run(batch_id)
