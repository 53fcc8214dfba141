"""Project package: settings, URLs, the API router and the Celery app. Wiring only."""

from .celery import app as celery_app

__all__ = ["celery_app"]
