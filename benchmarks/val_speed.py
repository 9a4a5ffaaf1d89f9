"""Validation time outside model inference (target: < 15% for a CPU batch of 32 at 320 px).

    python benchmarks/val_speed.py --weights runs/train/exp/weights/best.pt [--data shapes-source] [--img 320] [--batch-size 32] [--record]

Runs validate() (workers 2, rectangular batches as val.py) and reports its own split of the time per image, as
YOLOv5's `Speed:` line does: pre-process (cast and scale), inference (the model, including Detect's decoding of
boxes) and NMS + matching + rescaling; then the wall time of the whole call, which also counts loading the
checkpoint, starting the loader's workers and decoding JPEGs on the same cores. Untrained weights make NMS slower
(thousands of candidates above conf 0.001), so use a checkpoint trained at the size you validate at.
"""
import argparse, platform, time
from pathlib import Path
import torch
from yolofrz.datasets import resolve_data
from yolofrz.val import validate

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--weights', required=True); ap.add_argument('--data', default='shapes-source')
    ap.add_argument('--img', type=int, default=320); ap.add_argument('--batch-size', type=int, default=32)
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--record', action='store_true', help='append the figures to benchmarks/RESULTS.md')
    a = ap.parse_args()
    data = resolve_data(a.data)
    validate(a.weights, data, imgsz=a.img, batch_size=a.batch_size, workers=a.workers, plots=False, quiet=True, device='cpu')  # warm up
    rows = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        r = validate(a.weights, data, imgsz=a.img, batch_size=a.batch_size, workers=a.workers, plots=False, quiet=True, device='cpu')
        wall = (time.perf_counter() - t0) * 1e3 / r.seen
        rows.append((wall, *r[2]))
    rows.sort(); wall, pre, inf, nms = rows[len(rows) // 2]
    lines = [f'{time.strftime("%Y-%m-%d")}: {a.weights}, batch {a.batch_size} at {a.img} px, {r.seen} images, mAP50 {r[0][2]:.3f}; '
             f'CPU ({platform.machine()}, {torch.get_num_threads()} threads), torch {torch.__version__}; median of {a.repeats} calls',
             '', '| pre-process ms | inference ms | NMS + matching ms | outside inference (measured steps) | wall ms | outside inference (wall) |',
             '|---|---|---|---|---|---|',
             f'| {pre:.2f} | {inf:.2f} | {nms:.2f} | {100 * (pre + nms) / (pre + inf + nms):.1f}% | {wall:.2f} | {100 * (wall - inf) / wall:.1f}% |']
    print('\n'.join(lines))
    if a.record:
        with open(Path(__file__).resolve().parent/'RESULTS.md', 'a') as f:
            f.write('\n### Validation time outside inference (`python benchmarks/val_speed.py`)\n\n' + '\n'.join(lines) + '\n')
