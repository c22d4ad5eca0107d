"""Production server settings: gunicorn managing uvicorn workers (HTTP and WebSockets, one port).

    gunicorn -c config/gunicorn.py config.asgi:application

Each worker is a stateless process: shared state lives in PostgreSQL and Redis, so workers (and
machines) can be added behind a load balancer. Every value can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "uvicorn_worker.UvicornWorker"
# Long enough for a large video upload on a slow link; WebSockets are not subject to it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak never becomes an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
# Our access log (nclex.access, with request ids) replaces gunicorn's.
accesslog = None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
