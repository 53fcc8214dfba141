"""Background jobs for initiatives: thin tasks that call services."""

from celery import shared_task

from .services import close_ended_initiatives


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def close_ended_initiatives_task() -> int:
    """Nightly: complete initiatives whose end date has passed. Returns how many."""
    return close_ended_initiatives()
