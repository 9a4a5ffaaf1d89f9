"""What verifying a split costs on first use, and the part the corrupt-JPEG check adds.

    python benchmarks/scan.py [--n 500] [--imgsz 320] [--repeats 3]

Writes the built-in 'source' dataset under benchmarks/_data, then, with the label cache removed each time, times
`scan_split` (open, verify and label checks, plus the full JPEG decode that finds corrupt data) and, separately,
the decode pass `jpeg_warnings` alone. Medians of the repeats. The scan is paid once per change of the split: the
next run reads the label cache.
"""
import argparse, statistics, time
from pathlib import Path
from yolofrz.files import NUM_THREADS, jpeg_warnings, list_images, scan_split
from yolofrz.datasets import shapes

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=500)
    ap.add_argument('--imgsz', type=int, default=320)
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    root = Path(__file__).parent/'_data'/f'source-{a.n}-{a.imgsz}'
    shapes(root, 'source', n=a.n, imgsz=a.imgsz, val_fraction=0.0, verbose=False)
    ims = list_images(root/'images')
    scan, decode = [], []
    for _ in range(a.repeats):
        for f in (root/'labels').glob('*.yolofrz.cache'): f.unlink()
        t0 = time.perf_counter(); scan_split(ims, nc=4, verbose=False); scan.append(time.perf_counter() - t0)
        t0 = time.perf_counter(); jpeg_warnings(ims); decode.append(time.perf_counter() - t0)
    s, d = statistics.median(scan), statistics.median(decode)
    print(f'{len(ims)} JPEGs at {a.imgsz} px, {NUM_THREADS} threads: scan {s:.2f} s ({s / len(ims) * 1e3:.2f} ms/image), '
          f'of which the JPEG decode check {d:.2f} s ({d / len(ims) * 1e3:.2f} ms/image, {d / s:.0%})')

if __name__ == '__main__': main()
