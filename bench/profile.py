"""Time (and optionally profile) endpoints in-process on the benchmark data set: no server, no
network, one request at a time — where a request's CPU goes, for before/after comparisons.

    .venv/bin/python -m bench.profile [--iterations 200] [--only NAME,...] [--pyinstrument NAME]

Uses bench/run.py's data set and cases (run `make bench` once first, or this builds the data set).
`--pyinstrument` needs `pip install pyinstrument` (not a project requirement).
"""

import argparse
import json
import statistics
import time

from bench.run import _twin, setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--only", default="")
    parser.add_argument("--pyinstrument", default="", help="profile this case and print the call tree")
    parser.add_argument("--all", action="store_true", help="with --pyinstrument: show library frames too")
    parser.add_argument("--flat", action="store_true", help="with --pyinstrument: a flat list of self times")
    args = parser.parse_args()
    cases = setup(only=args.only or args.pyinstrument)
    from django.test import Client

    client = Client(HTTP_X_FORWARDED_PROTO="https")

    def call(request):
        method, path, token, body = request
        headers = {"authorization": f"Bearer {token}"} if token else {}
        data = json.dumps(body) if body else ""
        return client.generic(method, path, data, content_type="application/json", headers=headers)

    print(f"{'case':<32} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>8}")
    runs = []
    for case in cases:
        runs.append((case.name, case.prepare() if case.prepare else case.requests))
        if case.twin and not args.pyinstrument:
            runs.append(("  hand-written twin", [_twin(request) for request in case.requests]))
    for name, requests in runs:
        iterations = max(10, args.iterations // 10) if name == "login" else args.iterations
        for request in requests[:5]:
            call(request)
        samples, size = [], 0
        profiler = None
        if args.pyinstrument:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            profiler.start()
        for i in range(iterations):
            started = time.perf_counter()
            size = len(call(requests[i % len(requests)]).content)
            samples.append((time.perf_counter() - started) * 1000)
        if profiler:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=args.all, flat=args.flat))
        p99 = statistics.quantiles(samples, n=100)[98] if len(samples) > 2 else max(samples)
        print(f"{name:<32} {statistics.mean(samples):>8.2f} {statistics.median(samples):>8.2f} {p99:>8.2f} {size:>8}")


if __name__ == "__main__":
    main()
