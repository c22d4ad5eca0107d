"""Production WebSocket server: gunicorn with uvicorn (ASGI) workers, for `/ws/` only.

    gunicorn -c config/gunicorn_ws.py       # serves config.asgi:websocket_server_application on :8001

The load balancer sends `/ws/` here and all other paths to the HTTP server (config/gunicorn.py).
A socket is long-lived and mostly idle, so one async worker holds thousands; pushes from any
process reach it through the Redis channel layer. Plain HTTP is answered with a JSON 404 without
reading its body (REST traffic belongs on the WSGI server), except `GET /api/health/` for the load
balancer's health check.

uvicorn writes each handshake's request line, `?token=` included, to the `uvicorn.error` logger;
config.asgi puts core.logging's sanitizer on it, so the token is logged as `[redacted]`.
"""

import multiprocessing
import os

wsgi_app = "config.asgi:websocket_server_application"
bind = os.environ.get("GUNICORN_WS_BIND", f"0.0.0.0:{os.environ.get('WS_PORT', '8001')}")
workers = int(os.environ.get("WS_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "uvicorn_worker.UvicornWorker"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# On a restart, open sockets get this long to close; clients reconnect.
graceful_timeout = 30
keepalive = 5
# No max_requests: recycling a worker would drop every socket it holds.
accesslog = None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
