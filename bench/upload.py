"""Upload a large generated video to POST /api/admin/courses/ and report the server's peak memory.

    .venv/bin/python bench/upload.py                    # 300 MB through uvicorn (ASGI), the default
    .venv/bin/python bench/upload.py --server gunicorn  # through gunicorn's sync worker (WSGI)
    .venv/bin/python bench/upload.py --server serve     # `make serve`'s HTTP server: gunicorn gthread workers
    .venv/bin/python bench/upload.py --server runserver # `manage.py runserver` (daphne, development)
    .venv/bin/python bench/upload.py --size-mb 1000

The script starts the server itself on a scratch SQLite database and media folder under
bench/.data/upload/ (git-ignored), creates an admin and a JWT for it, streams a multipart body whose file
part opens with an MP4 `ftyp` box and is generated on the fly (neither this client nor the server
should ever hold it whole), then reads VmHWM (peak resident memory) of the server process and its
children from /proc. The upload is checked (201, stored size), then the course is deleted.

Measured (300 MB, 2 CPUs): uvicorn 111 MB, gunicorn + uvicorn worker 110 MB, gunicorn sync worker
105 MB, against ~105 MB after warm-up; the same at 1000 MB. `make serve`'s HTTP server (gunicorn
gthread worker) 91 MB against 86 MB before the upload. Daphne (once the development
server) queued the whole request body in memory before Django saw it (3.7 GB peak for 300 MB), which
is why `make run` now serves with uvicorn too.

To measure a server you started yourself: --url http://127.0.0.1:8000 --pid <server pid> --token <admin
access JWT>. Not part of the test suite (pytest only collects test_*.py).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data" / "upload"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
BLOCK = 1024 * 1024
TARGET_MB = 150


class MultipartVideoBody:
    """A multipart/form-data body (a `title` field and a `video_file` part of `size` bytes), produced
    block by block. It has a length, so requests sends a Content-Length instead of chunking it."""

    def __init__(self, size: int):
        self.boundary = f"bench-{uuid.uuid4().hex}"
        self.size = size
        self.head = (
            f"--{self.boundary}\r\n"
            'Content-Disposition: form-data; name="title"\r\n\r\n'
            "Benchmark upload\r\n"
            f"--{self.boundary}\r\n"
            'Content-Disposition: form-data; name="video_file"; filename="bench.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self._parts = self._generate()
        self._pending = b""

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self.head) + self.size + len(self.tail)

    def _generate(self):
        yield self.head
        yield MP4_HEAD
        remaining = self.size - len(MP4_HEAD)
        zeros = bytes(BLOCK)
        while remaining > 0:
            step = min(BLOCK, remaining)
            yield zeros[:step]
            remaining -= step
        yield self.tail

    def read(self, amount: int = -1) -> bytes:
        while amount < 0 or len(self._pending) < amount:
            try:
                self._pending += next(self._parts)
            except StopIteration:
                break
        if amount < 0:
            amount = len(self._pending)
        chunk, self._pending = self._pending[:amount], self._pending[amount:]
        return chunk


def peak_rss_kb(pid: int) -> dict[int, int]:
    """VmHWM (peak RSS, kB) of `pid` and of every process descending from it."""
    family, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
            family.add(int(child))
            frontier.append(int(child))
    peaks = {}
    for member in family:
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks[member] = int(line.split()[1])
    return peaks


def server_env(port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{DATA / 'bench.sqlite3'}",
        MEDIA_ROOT=str(DATA / "media"),
        FILE_UPLOAD_TEMP_DIR=str(DATA / "tmp"),
        MAX_VIDEO_UPLOAD_MB=env.get("MAX_VIDEO_UPLOAD_MB", "1024"),
        DEBUG="True",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    return env


def prepare_database(env: dict) -> str:
    """Migrate the scratch database and return an access JWT for a bench admin."""
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    script = (
        "from accounts.models import User, Role\n"
        "from rest_framework_simplejwt.tokens import RefreshToken\n"
        "u, _ = User.objects.get_or_create(email='bench-admin@example.com',"
        " defaults={'full_name': 'Bench Admin', 'role': Role.ADMIN})\n"
        "print(RefreshToken.for_user(u).access_token)\n"
    )
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def start_server(kind: str, port: int, env: dict) -> subprocess.Popen:
    python = sys.executable
    gunicorn_options = ["--workers", "1", "--timeout", "600", "--log-level", "warning"]
    commands = {
        "uvicorn": [python, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--log-level", "warning"],
        "gunicorn": [python, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", *gunicorn_options],
        "runserver": [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        # `make serve`: the production HTTP server, gunicorn with threaded WSGI workers (one here).
        "serve": [python, "-m", "gunicorn", "-c", "config/gunicorn.py"],
    }
    return subprocess.Popen(commands[kind], cwd=ROOT, env=env)


def wait_until_up(base_url: str, server: subprocess.Popen | None) -> None:
    for _ in range(150):
        if server is not None and server.poll() is not None:
            sys.exit(f"server exited with code {server.returncode}")
        try:
            if requests.get(f"{base_url}/api/health/", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    sys.exit("server did not come up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--server", choices=["uvicorn", "gunicorn", "serve", "runserver"], default="uvicorn")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--url", help="target a running server instead of starting one (needs --pid, --token)")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--token")
    args = parser.parse_args()

    server = None
    if args.url:
        if not (args.pid and args.token):
            parser.error("--url needs --pid and --token")
        base_url, pid, token = args.url.rstrip("/"), args.pid, args.token
    else:
        shutil.rmtree(DATA, ignore_errors=True)
        (DATA / "tmp").mkdir(parents=True)
        env = server_env(args.port)
        token = prepare_database(env)
        server = start_server(args.server, args.port, env)
        base_url, pid = f"http://127.0.0.1:{args.port}", server.pid
    try:
        wait_until_up(base_url, server)
        auth = {"Authorization": f"Bearer {token}"}
        # Warm up: import and initialise everything a request touches, so the baseline is honest.
        requests.get(f"{base_url}/api/admin/courses/", headers=auth, timeout=30).raise_for_status()
        baseline = max(peak_rss_kb(pid).values())

        body = MultipartVideoBody(args.size_mb * 1024 * 1024)
        started = time.monotonic()
        response = requests.post(
            f"{base_url}/api/admin/courses/",
            data=body,
            headers={**auth, "Content-Type": body.content_type},
            timeout=600,
        )
        elapsed = time.monotonic() - started
        peaks = peak_rss_kb(pid)
        if response.status_code != 201:
            sys.exit(f"upload failed: {response.status_code} {response.text[:300]}")
        course = response.json()
        if not args.url:
            stored = next((DATA / "media" / "course_videos").iterdir())
            assert stored.stat().st_size == body.size, "stored file has the wrong size"
        requests.delete(f"{base_url}/api/admin/courses/{course['id']}/", headers=auth, timeout=60)

        peak = max(peaks.values())
        print(f"server: {args.server if not args.url else base_url} (pid {pid}; processes {sorted(peaks)})")
        print(f"uploaded {args.size_mb} MB in {elapsed:.1f} s ({args.size_mb / elapsed:.0f} MB/s) -> 201")
        print(f"peak RSS before upload: {baseline / 1024:.1f} MB")
        print(f"peak RSS of the server: {peak / 1024:.1f} MB (target < {TARGET_MB} MB)")
        sys.exit(0 if peak / 1024 < TARGET_MB else 1)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
