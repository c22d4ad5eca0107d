"""Real servers for the end-to-end and fault suites, each on a port the OS hands out.

- `app_server`: this project served by a separate process (uvicorn), or as in production (gunicorn:
  the HTTP API on threaded WSGI workers, `config/gunicorn.py`, with the WebSocket server beside it,
  `config/gunicorn_ws.py`), ready once `/api/health/` answers.
- `PostgresCluster`: a private PostgreSQL cluster in a temporary directory, which a test may stop,
  start and restart at will (never the shared server on 5432, which other tests and CI rely on).
- `RedisServer`: a private `redis-server`, which a test may stop, start, freeze and thaw.
- `static_site` and `http_stub`: small HTTP servers in a thread (a frontend page, a fake gateway).

Every process is started in its own session and stopped by its context manager or `stop()`,
whatever happened in the test; its output goes to a log file the test can read and print.
"""

# ruff: noqa: S603 - every command here is fixed by this module, none comes from input

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 60.0  # seconds; CI machines are small and busy


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_until(predicate: Callable[[], object], *, timeout: float, what: str, interval: float = 0.1):
    """Poll `predicate` until it returns something truthy (returned); AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def _stop_process(process: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout: float = 20.0) -> None:
    """Stop a process we started (and the children in its session): `sig`, then SIGKILL after `timeout`."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGCONT)  # a frozen process cannot act on SIGTERM
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# --- The app ----------------------------------------------------------------------------------


def database_url(settings_dict: Mapping) -> str:
    """A DATABASE_URL for the database Django is connected to (in tests: pytest's test database)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


@dataclass
class AppServer:
    process: subprocess.Popen
    port: int
    log_path: Path
    # Production serves WebSockets from a second server (the load balancer routes /ws/ there).
    websocket: AppServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return self.websocket.ws_url if self.websocket else f"ws://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") + (self.websocket.log() if self.websocket else "")

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines) + (f"\n{self.websocket.log_tail(lines)}" if self.websocket else "")

    def alive(self) -> bool:
        return self.process.poll() is None and (self.websocket is None or self.websocket.alive())

    def stop(self) -> None:
        _stop_process(self.process)
        if self.websocket:
            self.websocket.stop()


def app_server_command(kind: str, port: int) -> list[str]:
    if kind == "uvicorn":
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "5",
        ]
    if kind == "gunicorn":  # production HTTP: config/gunicorn.py, threaded WSGI workers
        return [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"]
    if kind == "gunicorn-ws":  # production WebSockets: config/gunicorn_ws.py, uvicorn workers
        return [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn_ws.py"]
    raise ValueError(f"unknown server kind {kind!r}")


def environment(overrides: Mapping[str, str | None]) -> dict[str, str]:
    """Ours, with `overrides` on top (a None value removes a variable), for a child process."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' switch; never a server's
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def start_app_server(
    env: Mapping[str, str | None],
    *,
    log_dir: Path,
    kind: str = "uvicorn",
    workers: int = 1,
    ready_timeout: float = READY_TIMEOUT,
) -> AppServer:
    """Start the app on a free port with the environment `env` over ours (a None value removes a
    variable); return once `/api/health/` answers 200. Retries on a port lost to a race.
    `kind="gunicorn"` starts the production pair: the HTTP server and, as its `websocket`, the
    WebSocket server (`ws_url`)."""
    websocket = None
    if kind == "gunicorn":
        websocket = start_app_server(
            env, log_dir=log_dir, kind="gunicorn-ws", workers=workers, ready_timeout=ready_timeout
        )
    try:
        server = _start_one(env, log_dir=log_dir, kind=kind, workers=workers, ready_timeout=ready_timeout)
    except BaseException:
        if websocket:
            websocket.stop()
        raise
    server.websocket = websocket
    return server


def _start_one(env: Mapping[str, str | None], *, log_dir: Path, kind: str, workers: int, ready_timeout: float):
    base = environment(env)
    log_dir.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        port = free_port()
        log_path = log_dir / f"{kind}-{port}.log"
        process_env = {**base, "WEB_CONCURRENCY": str(workers), "WS_CONCURRENCY": str(workers)}
        process_env["GUNICORN_WS_BIND" if kind == "gunicorn-ws" else "GUNICORN_BIND"] = f"127.0.0.1:{port}"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                app_server_command(kind, port),
                cwd=BASE_DIR,
                env=process_env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = AppServer(process=process, port=port, log_path=log_path)
        try:
            _wait_for_health(server, ready_timeout)
            return server
        except BaseException:
            server.stop()
            if attempt < 2 and "address already in use" in server.log().lower():
                continue
            raise
    raise AssertionError("unreachable")


def _wait_for_health(server: AppServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            raise AssertionError(f"app server exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            if requests.get(f"{server.url}/api/health/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"app server not healthy after {timeout:.0f}s:\n{server.log_tail()}")


@contextlib.contextmanager
def app_server(env: Mapping[str, str | None], **kwargs) -> Iterator[AppServer]:
    server = start_app_server(env, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def manage(*args: str, env: Mapping[str, str | None], timeout: float = 300) -> subprocess.CompletedProcess:
    """`python manage.py <args>` in a subprocess with `env` over ours; raises with its output on failure."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server binaries (Debian layout), or None."""
    candidates = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin/initdb") if p.parent.parent.name.isdigit()),
        key=lambda p: int(p.parent.parent.name),
    )
    return candidates[-1].parent if candidates else None


def _as_postgres_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; as root, run it as the `postgres` OS user instead.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def postgres_unavailable_reason() -> str | None:
    if postgres_bin_dir() is None:
        return "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a `postgres` OS user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "runuser is missing"
    return None


@dataclass
class PostgresCluster:
    """A throwaway cluster: trust auth for `postgres` on 127.0.0.1:`port`, no fsync (speed)."""

    root: Path
    port: int = field(default_factory=free_port)

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[PostgresCluster]:
        # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
        root = Path(tempfile.mkdtemp(prefix="nclex-pg-"))
        cluster = cls(root=root)
        try:
            cluster.init()
            cluster.start()
            yield cluster
        finally:
            with contextlib.suppress(Exception):
                cluster.thaw_postmaster()
            cluster.stop(mode="immediate")
            shutil.rmtree(root, ignore_errors=True)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        return self.root / "postgres.log"

    def _run(self, *command: str, timeout: float = 120) -> None:
        binary = str(postgres_bin_dir() / command[0])
        result = subprocess.run(
            _as_postgres_user([binary, *command[1:]]),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise AssertionError(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}\n{_tail(self.log_path)}")

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres", group="postgres")
        self._run("initdb", "-D", str(self.data_dir), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_path), "-o", options, "-w", "-t", "60", "start"
        )

    def stop(self, *, mode: str = "fast") -> None:
        """`fast`: what an operator's restart or a failover does (sessions are cut); `immediate`: a crash."""
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "-t", "60", "stop")

    def postmaster_pid(self) -> int:
        return int((self.data_dir / "postmaster.pid").read_text().split()[0])

    def freeze_postmaster(self) -> None:
        """Open sessions go on working, but no new connection is ever answered: to a client, a
        database host that stopped responding (only a connect timeout ends its wait)."""
        os.kill(self.postmaster_pid(), signal.SIGSTOP)

    def thaw_postmaster(self) -> None:
        os.kill(self.postmaster_pid(), signal.SIGCONT)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


# --- Redis ------------------------------------------------------------------------------------


def redis_unavailable_reason() -> str | None:
    return None if shutil.which("redis-server") else "redis-server is not installed"


@dataclass
class RedisServer:
    """A private, memory-only redis-server on a fixed free port, so a restart comes back on the same URL."""

    log_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @classmethod
    @contextlib.contextmanager
    def running(cls, log_dir: Path) -> Iterator[RedisServer]:
        server = cls(log_dir=log_dir)
        try:
            server.start()
            yield server
        finally:
            server.stop()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with (self.log_dir / f"redis-{self.port}.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    shutil.which("redis-server"),
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self.ping, timeout=30, what=f"redis-server on port {self.port}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            _stop_process(self.process, timeout=10)
            self.process = None

    def freeze(self) -> None:
        """Redis stops answering but keeps its connections open: only timeouts can save a client."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


# --- HTTP servers in a thread -----------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def static_site(directory: Path, *, port: int = 0, host: str = "127.0.0.1") -> Iterator[int]:
    """Serve the files in `directory` on `host:port` (0: a free port); yields the port."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with _serve(http.server.ThreadingHTTPServer((host, port), handler)) as bound_port:
        yield bound_port


@contextlib.contextmanager
def http_stub(handler_class: type[http.server.BaseHTTPRequestHandler]) -> Iterator[int]:
    """Serve `handler_class` on a free 127.0.0.1 port, one thread per request; yields the port."""
    with _serve(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)) as port:
        yield port


@contextlib.contextmanager
def _serve(server: http.server.ThreadingHTTPServer) -> Iterator[int]:
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
