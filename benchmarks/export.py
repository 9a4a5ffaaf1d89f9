"""Inference speed per runtime: eager PyTorch, TorchScript, ONNX Runtime and OpenVINO (float32, bfloat16 where the CPU
has it, INT8), dense and channel-pruned.

    python benchmarks/export.py [--cfg yolov5s.yaml] [--img 320] [--amounts 0.3 0.5] [--batch-sizes 1 8] [--rounds 5] [--threads 2]
                                 [--runtime-threads N] [--same-process] [--dynamic]

Each model (random weights: speed does not depend on them) is dense or channel-pruned by each --amounts value,
fused, and made ready in each runtime by `yolofrz.export.runtime_model` (exported at a fixed shape per batch size
and loaded back, as `yolofrz export` writes and `yolofrz val` reads). Variants run round-robin, each round timing
--iters forwards of each, so every variant sees the same machine load; the medians over rounds are printed in ms
per image, with the speed-up over the dense model in eager PyTorch and over the dense model in the same runtime.
`--dynamic` adds, for each exported runtime, the same export with free batch, height and width (`R --dynamic`): what
a `yolofrz export --dynamic` file costs, measured beside the fixed-shape one.
By default each variant runs in a process of its own and the processes take turns (only one computes at a time), as
a deployed model runs alone: PyTorch's thread pool in the same process slows ONNX Runtime (`--same-process` measures
that way). INT8 runtimes (`onnxruntime-int8`, `openvino-int8`) run `yolofrz export --int8` files calibrated on 300
images of --data's train split (default: the built-in shapes-source, generated when missing). Needs `pip install "yolofrz[export]"` for ONNX Runtime and OpenVINO (runtimes not installed are skipped). PyTorch runs
on `--threads`; ONNX Runtime and OpenVINO on their own default thread pools (`--runtime-threads` to fix them): on
this 2-core machine that is faster for both than two threads asked for explicitly.
"""
import argparse, platform, statistics, subprocess, sys, tempfile, time, warnings
from functools import partial
import torch
from timing import round_robin
from yolofrz.export import runtime_model
from yolofrz.runtimes import available_runtimes
from yolofrz.model import DetectionModel
from yolofrz.prune import prune
from yolofrz.utils import cpu_flags

def worker(cfg: str, amount: float, runtime: str, imgsz: int, batch: int, threads: int | None, runtime_threads: int | None,
           data: str):
    "One variant ready in its own process; answers 'run N' with the seconds of N forwards (the others idle meanwhile)."
    warnings.filterwarnings('ignore')
    if threads and runtime in ('eager', 'torchscript'): torch.set_num_threads(threads)
    torch.manual_seed(0)
    m = DetectionModel(cfg).eval()
    if amount: prune(m, amount, 'channel', verbose=False)
    x = torch.rand(batch, 3, imgsz, imgsz)
    with tempfile.TemporaryDirectory() as folder, torch.inference_mode():
        base, dynamic = runtime.removesuffix(' --dynamic'), runtime.endswith(' --dynamic')
        model = runtime_model(m, base, imgsz, batch, folder, threads if base in ('eager', 'torchscript') else runtime_threads, dynamic,
                              data=data)
        model(x)
        print('READY', flush=True)
        for line in sys.stdin:
            if line.startswith('quit'): return
            n = int(line.split()[1]); t0 = time.perf_counter()
            for _ in range(n): model(x)
            print(f'RESULT {(time.perf_counter() - t0) / n}', flush=True)

def cpu_features() -> str:
    "The CPU's vector instructions that INT8 and bfloat16 kernels use (from /proc/cpuinfo; 'unknown' elsewhere)."
    flags = cpu_flags()
    if not flags: return 'CPU features unknown'
    wanted = ['avx2', 'avx512f', 'avx512_vnni', 'avx_vnni', 'avx512_bf16', 'amx_int8', 'amx_bf16']
    return 'CPU has ' + (', '.join(f for f in wanted if f in flags) or 'none of AVX2/AVX512/VNNI/AMX') + \
        '; lacks ' + (', '.join(f for f in wanted if f not in flags) or 'none of them')

def isolated(a, runtimes, names) -> dict:
    "{(model, runtime, batch): ms per image}, each variant in its own process, taking turns (round-robin, medians)."
    res = {}
    for b in a.batch_sizes:
        procs = {}
        for name, amount in names.items():
            for r in runtimes:
                procs[name, r] = subprocess.Popen([sys.executable, __file__, '--worker', a.cfg, str(amount), r, str(a.img), str(b), str(a.threads), str(a.runtime_threads),
                                                  a.data],
                                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                while not (line := procs[name, r].stdout.readline()).startswith('READY'):  # one at a time: builds do not overlap
                    if not line: raise SystemExit(f'the {name} {r} worker stopped')
        times = {k: [] for k in procs}
        for _ in range(a.rounds):
            for k, p in procs.items():
                p.stdin.write(f'run {a.iters}\n'); p.stdin.flush()
                while not (line := p.stdout.readline()).startswith('RESULT '):
                    if not line: raise SystemExit(f'the {k} worker stopped')
                times[k].append(float(line.split()[1]))
        for p in procs.values(): p.stdin.write('quit\n'); p.stdin.flush(); p.wait()
        res.update({k + (b,): statistics.median(v) / b * 1e3 for k, v in times.items()})
        res.update({k + (b, 'spread'): (max(v) - min(v)) / statistics.median(v) for k, v in times.items()})
    return res

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cfg', default='yolov5s.yaml'); ap.add_argument('--img', type=int, default=320)
    ap.add_argument('--amounts', type=float, nargs='+', default=[0.3, 0.5]); ap.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8])
    ap.add_argument('--rounds', type=int, default=5); ap.add_argument('--iters', type=int, default=5)
    ap.add_argument('--threads', type=int, default=0, help="PyTorch's threads (eager, TorchScript); 0: its default, one per core")
    ap.add_argument('--runtime-threads', type=int, default=0, help="ONNX Runtime's and OpenVINO's threads (0: their own default)")
    ap.add_argument('--runtimes', nargs='+', default=None)
    ap.add_argument('--same-process', action='store_true', help='all variants in this process (PyTorch\'s thread pool beside the runtimes)')
    ap.add_argument('--dynamic', action='store_true', help='also each exported runtime with a --dynamic export')
    ap.add_argument('--data', default='shapes-source', help='the images INT8 runtimes calibrate on (300 of its train split)')
    if len(sys.argv) > 1 and sys.argv[1] == '--worker':
        cfg, amount, r, img, b, th, rth, data = sys.argv[2:10]
        return worker(cfg, float(amount), r, int(img), int(b), int(th) or None, int(rth) or None, data)
    a = ap.parse_args()
    warnings.filterwarnings('ignore')
    if a.threads: torch.set_num_threads(a.threads)  # asked for only: setting PyTorch's pool slows ONNX Runtime in the same process
    runtimes = a.runtimes or available_runtimes()
    if a.dynamic: runtimes += [f'{r} --dynamic' for r in runtimes if not r.startswith('eager')]  # eager shapes are free
    models = {}
    for amount in [0.0] + a.amounts:
        torch.manual_seed(0)
        m = DetectionModel(a.cfg).eval()
        if amount: prune(m, amount, 'channel', verbose=False)
        models['dense' if not amount else f'channel {amount:g}'] = m
    print(f'{a.cfg} at {a.img} px, {a.threads or torch.get_num_threads()} PyTorch threads, runtimes\' {a.runtime_threads or "default"} threads, {platform.machine()} {platform.processor() or ""}, torch {torch.__version__}; '
          f'median of {a.rounds} rounds x {a.iters} forwards, ' + ('one process' if a.same_process else 'a process per variant') +
          '; speed-up over dense eager / over dense in the same runtime')
    print(cpu_features())
    if not a.same_process:
        res = isolated(a, runtimes, {('dense' if not amount else f'channel {amount:g}'): amount for amount in [0.0] + a.amounts})
    else: res = {}
    with tempfile.TemporaryDirectory() as folder, torch.inference_mode():
        for b in (a.batch_sizes if a.same_process else []):
            x = torch.rand(b, 3, a.img, a.img)
            threads = lambda r: (a.threads or None) if r in ('eager', 'torchscript') else (a.runtime_threads or None)
            ready = {(name, r): runtime_model(m, r.removesuffix(' --dynamic'), a.img, b, f'{folder}/{name.replace(" ", "-")}',
                                              threads(r.removesuffix(' --dynamic')), r.endswith(' --dynamic'), data=a.data)
                     for name, m in models.items() for r in runtimes}
            for k, t in round_robin({k: partial(m, x) for k, m in ready.items()}, a.rounds, a.iters).items():
                res[k + (b,)] = t / b * 1e3
    print(f"{'model':<14}{'runtime':<25}" + ''.join(f"{f'b{b} ms/img':>12}{'vs eager':>10}{'vs same':>9}" for b in a.batch_sizes))
    for name in models:
        for r in runtimes:
            cols = ''.join(f"{res[name, r, b]:>12.2f}{res['dense', 'eager', b] / res[name, r, b]:>9.2f}x{res['dense', r, b] / res[name, r, b]:>8.2f}x"
                           for b in a.batch_sizes)
            print(f'{name:<14}{r:<25}{cols}')
    spreads = {k: v for k, v in res.items() if k[-1] == 'spread'}
    if spreads:  # rounds differ by this much: a ratio closer to 1 than this is within the machine's noise
        (name, r, b, _), worst = max(spreads.items(), key=lambda kv: kv[1])
        print(f'spread (slowest round - fastest, over the median): median {statistics.median(spreads.values()):.0%}, '
              f'widest {worst:.0%} ({name}, {r}, batch {b})')

if __name__ == '__main__': main()
