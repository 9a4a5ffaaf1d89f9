"""Encoded RAM cache vs plain RAM cache: memory and loader throughput.

    python benchmarks/cache.py [--n 500] [--imgsz 640] [--workers 2] [--batches N] [--repeats 3] [--data DATA.yaml] [--quality 90]

Writes the built-in 'source' dataset (n images at imgsz px) under benchmarks/_data (or takes --data, e.g. the real
photographs of `python benchmarks/photos.py --imgsz 320`), caches its training split
as 'ram' and as 'encoded', then times the augmented loader (hyp.scratch-low: mosaic, perspective, HSV, flips)
with the same workers, alternating the two, and prints medians and ratios, and the PSNR of the decoded images. Targets: encoded memory <= 1/5 of
'ram'; encoded images/s >= 0.8x of 'ram'.
"""
import argparse, math, statistics, time, platform, os
from pathlib import Path
import torch
from yolofrz.config import load_data_cfg
from yolofrz.data import create_dataloader
from yolofrz.datasets import shapes

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=500)
    ap.add_argument('--imgsz', type=int, default=640)
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--batches', type=int, default=0, help='batches timed per round (default: one epoch less its first batch)')
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--codec', default='jpeg')
    ap.add_argument('--quality', type=int, default=90)
    ap.add_argument('--data', default=None, help='a data YAML instead of the built-in shapes')
    a = ap.parse_args()
    t0 = time.time()
    if a.data: y = a.data
    else: y = shapes(Path(__file__).parent/'_data'/f'source-{a.n}-{a.imgsz}', 'source', n=a.n, imgsz=a.imgsz, val_fraction=0.0, verbose=False)
    print(f'dataset: {a.data or f"{a.n} built-in images"} at {a.imgsz} px (ready in {time.time() - t0:.1f} s)')
    dc = load_data_cfg(y)
    loaders = {}
    for kind in ('ram', 'encoded'):
        t0 = time.time()
        loaders[kind] = create_dataloader(dc['train'], imgsz=a.imgsz, batch_size=a.batch_size, hyp='hyp.scratch-low.yaml', augment=True,
                                          cache=kind, workers=a.workers, shuffle=True, nc=dc['nc'], verbose=False,
                                          cache_codec=a.codec, cache_quality=a.quality)
        ds = loaders[kind][1]
        print(f'{kind:>8}: {ds.cache_bytes / 2**20:8.1f} MB cached in {time.time() - t0:.1f} s')
    mem = loaders['encoded'][1].cache_bytes / loaders['ram'][1].cache_bytes
    def psnr(a, b):  # dB, 8-bit pixels
        mse = float(((a.astype('float64') - b.astype('float64')) ** 2).mean())
        return float('inf') if mse == 0 else 10 * math.log10(255 ** 2 / mse)
    ps = [psnr(e.region(), r) for e, r in zip(loaders['encoded'][1].ims, loaders['ram'][1].ims)]
    print(f'decoded vs raw: PSNR median {statistics.median(ps):.1f} dB, worst image {min(ps):.1f} dB')
    speeds = {k: [] for k in loaders}
    for r in range(a.repeats):
        for kind, (loader, _) in loaders.items():
            it = iter(loader); next(it)  # workers started, first batch out
            t0, n = time.perf_counter(), 0
            for _ in range(min(a.batches or len(loader), len(loader)) - 1):
                imgs = next(it)[0]; n += len(imgs)
            speeds[kind].append(n / (time.perf_counter() - t0))
            del it
    med = {k: statistics.median(v) for k, v in speeds.items()}
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, workers {a.workers}")
    for k, v in speeds.items(): print(f'{k:>8}: images/s median {med[k]:.1f}  (runs: {", ".join(f"{x:.1f}" for x in v)})')
    print(f'encoded/ram memory: {mem:.3f} (1/{1 / mem:.1f}; target <= 1/5)')
    paired = statistics.median(e / r for e, r in zip(speeds['encoded'], speeds['ram']))  # each round's pair, measured back to back
    print(f'encoded/ram speed:  {med["encoded"] / med["ram"]:.2f}x of the medians, {paired:.2f}x median of the rounds (target >= 0.8x)')

if __name__ == '__main__': main()
