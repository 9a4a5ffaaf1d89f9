"""Metrics speed: matching and AP for 5,000 images with 100 detections each (target < 2 s on CPU).

    python benchmarks/metrics.py [--images 5000] [--dets 100] [--labels 20] [--repeats 3]

Times match_predictions over every image plus one ap_per_class over all detections (what validation does
after the model), and the same with YOLOv5's loop-based process_batch (the reference kept in yolofrz.metrics)
for comparison. Prints medians.
"""
import argparse, statistics, time
import numpy as np
import torch
from torchvision.ops import box_iou
from yolofrz.metrics import ap_per_class, match_predictions

def process_batch_reference(detections, labels, iouv):
    "YOLOv5's val.process_batch, loop and all: the reference `match_predictions` is tested against."
    correct = np.zeros((detections.shape[0], iouv.shape[0])).astype(bool)
    iou = box_iou(labels[:, 1:], detections[:, :4])
    correct_class = labels[:, 0:1] == detections[:, 5]
    for i in range(len(iouv)):
        x = torch.where((iou >= iouv[i]) & correct_class)
        if x[0].shape[0]:
            matches = torch.cat((torch.stack(x, 1), iou[x[0], x[1]][:, None]), 1).cpu().numpy()
            if x[0].shape[0] > 1:
                matches = matches[matches[:, 2].argsort()[::-1]]
                matches = matches[np.unique(matches[:, 1], return_index=True)[1]]
                matches = matches[np.unique(matches[:, 0], return_index=True)[1]]
            correct[matches[:, 1].astype(int), i] = True
    return torch.tensor(correct, dtype=torch.bool, device=iouv.device)

def make(n_images, n_dets, n_labels, nc=10, seed=0):
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(n_images):
        lab = torch.rand(n_labels, 5, generator=g); lab[:, 0] = (lab[:, 0] * nc).floor(); lab[:, 1:3] *= 600
        lab[:, 3:5] = lab[:, 1:3] + 10 + torch.rand(n_labels, 2, generator=g) * 100
        j = torch.randint(0, n_labels, (n_dets,), generator=g)
        det = torch.zeros(n_dets, 6); det[:, :4] = lab[j, 1:] + torch.randn(n_dets, 4, generator=g) * 8
        det[:, 4] = torch.rand(n_dets, generator=g); det[:, 5] = torch.where(torch.rand(n_dets, generator=g) < 0.8, lab[j, 0], (lab[j, 0] + 1) % nc)
        out.append((det[det[:, 4].argsort(descending=True)], lab))
    return out

def run(data, match):
    iouv = torch.linspace(0.5, 0.95, 10)
    t0 = time.perf_counter()
    stats = [(match(det, lab, iouv), det[:, 4], det[:, 5], lab[:, 0]) for det, lab in data]
    tp, conf, pc, tc = (torch.cat(x, 0).numpy() for x in zip(*stats))
    ap_per_class(tp, conf, pc, tc)
    return time.perf_counter() - t0

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--images', type=int, default=5000); ap.add_argument('--dets', type=int, default=100)
    ap.add_argument('--labels', type=int, default=20); ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(2)
    data = make(a.images, a.dets, a.labels)
    ours = statistics.median(run(data, match_predictions) for _ in range(a.repeats))
    ref = run(data[:500], process_batch_reference) * a.images / 500
    print(f'{a.images} images x {a.dets} detections: yolofrz {ours:.2f} s (median of {a.repeats}); '
          f"YOLOv5's loop (extrapolated from 500 images) {ref:.2f} s")
