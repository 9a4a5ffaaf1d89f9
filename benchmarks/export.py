"""Inference speed per runtime: eager PyTorch, TorchScript, ONNX Runtime and OpenVINO, dense and channel-pruned.

    python benchmarks/export.py [--cfg yolov5s.yaml] [--img 320] [--amounts 0.3 0.5] [--batch-sizes 1 8] [--rounds 5] [--threads 2]

Each model (random weights: speed does not depend on them) is dense or channel-pruned by each --amounts value,
fused, and made ready in each runtime by `yolofrz.export.runtime_model` (exported at a fixed shape per batch size
and loaded back, as `yolofrz export` writes and `yolofrz val` reads). Variants run round-robin, each round timing
--iters forwards of each, so every variant sees the same machine load; the medians over rounds are printed in ms
per image, with the speed-up over the dense model in eager PyTorch and over the dense model in the same runtime.
Needs `pip install "yolofrz[export]"` for ONNX Runtime and OpenVINO (runtimes not installed are skipped). PyTorch runs
on `--threads`; ONNX Runtime and OpenVINO on their own default thread pools (`--runtime-threads` to fix them): on
this 2-core machine that is faster for both than two threads asked for explicitly.
"""
import argparse, platform, tempfile, warnings
from functools import partial
import torch
from timing import round_robin
from yolofrz.export import available_runtimes, runtime_model
from yolofrz.model import DetectionModel
from yolofrz.prune import prune

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cfg', default='yolov5s.yaml'); ap.add_argument('--img', type=int, default=320)
    ap.add_argument('--amounts', type=float, nargs='+', default=[0.3, 0.5]); ap.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8])
    ap.add_argument('--rounds', type=int, default=5); ap.add_argument('--iters', type=int, default=5)
    ap.add_argument('--threads', type=int, default=0, help="PyTorch's threads (eager, TorchScript); 0: its default, one per core")
    ap.add_argument('--runtime-threads', type=int, default=0, help="ONNX Runtime's and OpenVINO's threads (0: their own default)")
    ap.add_argument('--runtimes', nargs='+', default=None)
    a = ap.parse_args()
    warnings.filterwarnings('ignore')
    if a.threads: torch.set_num_threads(a.threads)  # asked for only: setting PyTorch's pool slows ONNX Runtime in the same process
    runtimes = a.runtimes or available_runtimes()
    models = {}
    for amount in [0.0] + a.amounts:
        torch.manual_seed(0)
        m = DetectionModel(a.cfg).eval()
        if amount: prune(m, amount, 'channel', verbose=False)
        models['dense' if not amount else f'channel {amount:g}'] = m
    print(f'{a.cfg} at {a.img} px, {a.threads or torch.get_num_threads()} PyTorch threads, runtimes\' {a.runtime_threads or "default"} threads, {platform.machine()} {platform.processor() or ""}, torch {torch.__version__}; '
          f'median of {a.rounds} rounds x {a.iters} forwards; speed-up over dense eager / over dense in the same runtime')
    res = {}
    with tempfile.TemporaryDirectory() as folder, torch.inference_mode():
        for b in a.batch_sizes:
            x = torch.rand(b, 3, a.img, a.img)
            threads = lambda r: (a.threads or None) if r in ('eager', 'torchscript') else (a.runtime_threads or None)
            ready = {(name, r): runtime_model(m, r, a.img, b, f'{folder}/{name.replace(" ", "-")}', threads(r))
                     for name, m in models.items() for r in runtimes}
            for k, t in round_robin({k: partial(m, x) for k, m in ready.items()}, a.rounds, a.iters).items():
                res[k + (b,)] = t / b * 1e3
    print(f"{'model':<14}{'runtime':<15}" + ''.join(f"{f'b{b} ms/img':>12}{'vs eager':>10}{'vs same':>9}" for b in a.batch_sizes))
    for name in models:
        for r in runtimes:
            cols = ''.join(f"{res[name, r, b]:>12.2f}{res['dense', 'eager', b] / res[name, r, b]:>9.2f}x{res['dense', r, b] / res[name, r, b]:>8.2f}x"
                           for b in a.batch_sizes)
            print(f'{name:<14}{r:<15}{cols}')

if __name__ == '__main__': main()
