"""Validation time outside model inference (target: < 15% for a CPU batch of 32 at 320 px).

    python benchmarks/val_speed.py --weights runs/train/exp/weights/best.pt [--data shapes-source] [--img 320] [--batch-size 32]

Runs validate() (workers 2, rectangular batches as val.py) and reports its own split of the time per image:
pre-process, inference, and NMS + matching + rescaling; then the wall time of the whole call, so decoding in
the loader is counted too. Untrained weights make NMS slower (thousands of candidates above conf 0.001), so
use a trained checkpoint.
"""
import argparse, time
import torch
from yolofrz.train import resolve_data
from yolofrz.val import validate

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--weights', required=True); ap.add_argument('--data', default='shapes-source')
    ap.add_argument('--img', type=int, default=320); ap.add_argument('--batch-size', type=int, default=32)
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--repeats', type=int, default=3)
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
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads; batch {a.batch_size} at {a.img} px, {r.seen} images; mAP50 {r[0][2]:.3f}')
    print(f'per image: {pre:.2f} ms pre-process, {inf:.2f} ms inference, {nms:.2f} ms NMS+matching; {wall:.2f} ms wall (incl. loading)')
    print(f'outside inference: {100 * (pre + nms) / (pre + inf + nms):.1f}% of the measured steps, {100 * (wall - inf) / wall:.1f}% of wall time')
