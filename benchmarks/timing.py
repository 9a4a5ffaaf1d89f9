"""Round-robin timing shared by the inference benchmarks (prune.py, export.py).

Every variant is timed once per round, in turn, so a change in machine load during the run touches all of them
alike; the median over rounds is what the scripts report.
"""
import statistics, time

def round_robin(calls: dict, rounds: int = 5, iters: int = 5) -> dict:
    "{name: median seconds per call} of each zero-argument callable in `calls`, after one warm-up call each."
    for f in calls.values(): f()
    times = {k: [] for k in calls}
    for _ in range(rounds):
        for k, f in calls.items():
            t0 = time.perf_counter()
            for _ in range(iters): f()
            times[k].append((time.perf_counter() - t0) / iters)
    return {k: statistics.median(v) for k, v in times.items()}
