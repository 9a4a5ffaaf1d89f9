"""Inference latency of pruned models: dense, YOLOv5's L1 unstructured pruning, and channel pruning.

    python benchmarks/prune.py [--cfg yolov5s.yaml] [--img 320] [--amount 0.3] [--batch-sizes 1 8] [--rounds 5] [--threads 2]

Every model is fused (Conv+BatchNorm as one convolution, as `validate` and `detect` run it) and timed in eval mode
under torch.inference_mode on the same random batch. Variants run round-robin, each round timing `--iters` forward
passes per variant, and the medians over rounds are printed with the speed-up over the dense model. Unstructured
pruning only writes zeros into dense weight tensors, so its speed should equal the dense model's; channel pruning
removes channels, so parameters, GFLOPs and time all drop. Weights are random (speed does not depend on them).
"""
import argparse, platform
from functools import partial
import torch
from timing import round_robin
from yolofrz.model import DetectionModel
from yolofrz.prune import prune, sparsity

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cfg', default='yolov5s.yaml'); ap.add_argument('--img', type=int, default=320)
    ap.add_argument('--amount', type=float, default=0.3); ap.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8])
    ap.add_argument('--rounds', type=int, default=5); ap.add_argument('--iters', type=int, default=5)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    variants = {}
    for method in ('dense', 'l1', 'channel'):
        torch.manual_seed(0)
        m = DetectionModel(a.cfg).eval()
        if method != 'dense': prune(m, a.amount, method, verbose=False)
        m.fuse()
        variants[method] = m
    print(f'{a.cfg} at {a.img} px, {a.threads} threads, {platform.machine()} {platform.processor() or ""}, torch {torch.__version__}; '
          f'pruning amount {a.amount}; median of {a.rounds} rounds x {a.iters} forwards')
    print(f"{'model':<22}{'params':>10}{'GFLOPs':>8}{'sparsity':>10}" + ''.join(f"{f'b{b} ms/img':>12}{'speed-up':>10}" for b in a.batch_sizes))
    res = {k: {} for k in variants}
    with torch.inference_mode():
        for b in a.batch_sizes:
            x = torch.rand(b, 3, a.img, a.img)
            for k, t in round_robin({k: partial(m, x) for k, m in variants.items()}, a.rounds, a.iters).items(): res[k][b] = t / b
    names = {'dense': 'dense', 'l1': f'l1 unstructured {a.amount:g}', 'channel': f'channel {a.amount:g}'}
    for k, m in variants.items():
        cols = ''.join(f"{res[k][b] * 1e3:>12.2f}{res['dense'][b] / res[k][b]:>9.2f}x" for b in a.batch_sizes)
        print(f"{names[k]:<22}{sum(p.numel() for p in m.parameters()):>10}{m.gflops(a.img):>8.2f}{sparsity(m):>10.3f}{cols}")

if __name__ == '__main__': main()
