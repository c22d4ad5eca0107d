"""Celery: background work (emails, slow gateway calls) outside the request-response path.

The broker is Redis (REDIS_URL). With no REDIS_URL, tasks run eagerly in the calling process, so
the embedded default needs no worker. Start a worker with:
    celery -A config worker --loglevel=INFO
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("nclex")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
