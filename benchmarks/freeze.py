"""Train-step throughput by freeze level: yolofrz's freezing (held BatchNorm, no-grad prefix, optional folding,
feature cache) against YOLOv5-style freezing (requires_grad only, BatchNorm statistics updating).

    python benchmarks/freeze.py [--cfg yolov5n.yaml] [--img 320] [--batch-size 8] [--steps 8] [--rounds 3] [--threads 2]

One training step = forward, loss, backward, SGD step on a fixed batch of the built-in data. Every variant is
timed in each round, round-robin, and the medians are printed with their ratio to the unfrozen step.
'YOLOv5-style' freezes exactly as YOLOv5's train.py does (requires_grad=False on 'model.{i}.' parameters, no
other change). On CUDA it also reports each variant's step memory: the peak of allocated GPU memory during its
steps above what was allocated before them (the variants' models live side by side in one process, so the peak
itself would count the others' weights; `train_speed.py` gives whole-process peaks).
"""
import argparse, statistics, time
from pathlib import Path
import torch
from yolofrz.config import load_data_cfg
from yolofrz.hyp_fields import load_hyp
from yolofrz.data import create_dataloader
from yolofrz.datasets import shapes
from yolofrz.freeze import freeze
from yolofrz.feature_cache import boundary_layers
from yolofrz.loss import ComputeLoss
from yolofrz.model import DetectionModel

def make_model(cfg, nc, device):
    torch.manual_seed(0)
    m = DetectionModel(cfg, nc=nc).to(device)
    m.hyp = load_hyp(); m.hyp['label_smoothing'] = 0.0
    return m

def yolov5_freeze(m, n):
    names = [f'model.{x}.' for x in range(n)]
    for k, p in m.named_parameters(): p.requires_grad = not any(x in k for x in names)

def step_fn(m, imgs, targets, cached=None, amp=False):
    loss_fn = ComputeLoss(m)
    opt = torch.optim.SGD([p for p in m.parameters() if p.requires_grad], lr=1e-4, momentum=0.9)
    k = m.no_grad_prefix
    scaler = torch.amp.GradScaler(imgs.device.type, enabled=amp)  # as train() under AMP
    def step():
        with torch.autocast(imgs.device.type, enabled=amp):
            preds = m.forward_features(cached, k) if cached is not None else m(imgs)
            loss, _ = loss_fn(preds, targets)
        scaler.scale(loss).backward(); scaler.step(opt); scaler.update(); opt.zero_grad(set_to_none=True)
    return step

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cfg', default='yolov5n.yaml'); ap.add_argument('--img', type=int, default=320)
    ap.add_argument('--batch-size', type=int, default=8); ap.add_argument('--steps', type=int, default=8)
    ap.add_argument('--rounds', type=int, default=3); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu'); ap.add_argument('--amp', action='store_true')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    if device.type == 'cuda': torch.backends.cudnn.benchmark = True  # as train(): fixed input size
    y = shapes(Path(__file__).parent/'_data'/'source-100-320', 'source', n=100, imgsz=320, val_fraction=0.0, verbose=False)
    loader, _ = create_dataloader(load_data_cfg(y)['train'], a.img, a.batch_size, hyp='hyp.scratch-low.yaml', augment=True, workers=0, nc=4, verbose=False)
    imgs, targets, _, _ = next(iter(loader))
    imgs, targets = imgs.to(device).float() / 255, targets.to(device)
    variants = {}
    for n in (0, 10, 24):
        m = make_model(a.cfg, 4, device).train(); yolov5_freeze(m, n); variants[f'YOLOv5-style freeze {n}'] = step_fn(m, imgs, targets, amp=a.amp)
        if n:
            m = make_model(a.cfg, 4, device).train(); freeze(m, n, verbose=False); variants[f'yolofrz freeze {n}'] = step_fn(m, imgs, targets, amp=a.amp)
            m = make_model(a.cfg, 4, device).train(); freeze(m, n, fold=True, verbose=False); variants[f'yolofrz freeze {n} folded'] = step_fn(m, imgs, targets, amp=a.amp)
            m = make_model(a.cfg, 4, device).train(); freeze(m, n, verbose=False)
            cap = {j: None for j in boundary_layers(m, n)}
            with torch.no_grad(): m.forward_layers(imgs, capture=cap)
            variants[f'yolofrz freeze {n} feature cache'] = step_fn(m, imgs, targets, cached={j: t.detach() for j, t in cap.items()}, amp=a.amp)
    times, mem = {k: [] for k in variants}, {}
    for f in variants.values(): f()  # warm up
    for r in range(a.rounds):
        for k, f in variants.items():
            if device.type == 'cuda': torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); resident = torch.cuda.memory_allocated()
            t0 = time.perf_counter()
            for _ in range(a.steps): f()
            if device.type == 'cuda': torch.cuda.synchronize(); mem[k] = (torch.cuda.max_memory_allocated() - resident) / 2**20
            times[k].append((time.perf_counter() - t0) / a.steps)
    base = statistics.median(times['YOLOv5-style freeze 0'])
    print(f'{a.cfg} at {a.img} px, batch {a.batch_size}, {device.type}{" AMP" if a.amp else ""}, {torch.get_num_threads()} threads, '
          f'median of {a.rounds} rounds x {a.steps} steps')
    print(f"{'variant':<34}{'ms/step':>9}{'img/s':>8}{'vs unfrozen':>12}" + (f"{'step MB':>9}" if mem else ''))
    for k, v in times.items():
        t = statistics.median(v)
        print(f'{k:<34}{t * 1e3:>9.1f}{a.batch_size / t:>8.1f}{base / t:>11.2f}x' + (f'{mem[k]:>9.0f}' if mem else ''))

if __name__ == '__main__': main()
