"""Production HTTP server: gunicorn with threaded WSGI workers (`gthread`) for the REST API.

    gunicorn -c config/gunicorn.py          # serves config.wsgi:application

WebSockets (`/ws/`) have a server of their own, config/gunicorn_ws.py (uvicorn workers); the load
balancer routes `/ws/` there and everything else here. Why two: every view is synchronous Django,
and under ASGI each request crosses into a thread of its own, so no database connection can be
reused (config/settings.py keeps none there, CONN_MAX_AGE 0) and a bare view answers at about a
third of WSGI's rate on the same machine; under WSGI each thread keeps its connection (60 s, also
decided in config/settings.py). Measured in bench/RESULTS.md.

Each worker is a stateless process: shared state lives in PostgreSQL and Redis, so workers (and
machines) can be added behind a load balancer. Every value can be overridden from the environment.
"""

import gc
import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
# Threads per worker: requests in flight while others wait on PostgreSQL or Redis, and a slow
# client or a long video upload does not hold a whole process.
threads = int(os.environ.get("WEB_THREADS", "4"))
# A worker that stops answering its heartbeat for this long is replaced. With threads, a long
# request (a large upload on a slow link) does not count against it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak never becomes an outage. The app is imported once,
# in the master, so a restart is a fork rather than a Django boot (about a second of CPU each: at the
# bench's load a worker restarted every ~15 s and its boot showed in every other request's p99).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
preload_app = True
# Our access log (nclex.access, with request ids) replaces gunicorn's.
accesslog = None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    # The loaded app's objects (~130,000) live as long as the worker: moved out of the garbage
    # collector's generations, they are no longer traversed by every full collection in every worker
    # (measured in bench/RESULTS.md, "gc.freeze()"), and stay shared with the master copy-on-write.
    gc.freeze()
