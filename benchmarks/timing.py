"""Round-robin timing shared by the inference benchmarks (prune.py, export.py).

Every variant is timed once per round, in turn, so a change in machine load during the run touches all of them
alike; the median over rounds is what the scripts report. A short pause before each variant lets the previous
one's worker threads go idle (PyTorch's OpenMP threads and ONNX Runtime's keep spinning for a while after a
forward pass), so they do not take the cores from the next variant.
"""
import statistics, time

def round_robin(calls: dict, rounds: int = 5, iters: int = 5, pause: float = 0.3) -> dict:
    "{name: median seconds per call} of each zero-argument callable in `calls`, after one warm-up call each."
    for f in calls.values(): f()
    times = {k: [] for k in calls}
    for _ in range(rounds):
        for k, f in calls.items():
            time.sleep(pause)  # the previous variant's idle threads (PyTorch's OpenMP pool spins a while) off the cores
            t0 = time.perf_counter()
            for _ in range(iters): f()
            times[k].append((time.perf_counter() - t0) / iters)
    return {k: statistics.median(v) for k, v in times.items()}
