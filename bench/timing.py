"""The benchmarks' in-process timing loop (no Django, no settings: any bench module may import it)."""

import time
from collections.abc import Callable


def samples_ms(call: Callable[[], object], iterations: int, *, warm: int = 0) -> list[float]:
    """`call()` `warm` times untimed (caches, connections), then `iterations` times, each timed in ms."""
    for _ in range(warm):
        call()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples
