"""One augmented training item, yolofrz beside YOLOv5's `LoadImagesAndLabels`, with the time of each stage.

    python benchmarks/loader.py --oracle /path/to/yolov5-venv/bin/python [--data DATA.yaml] [--img 320] [--items 100] [--rounds 7]

Each side runs in its own process (YOLOv5's in the venv where `import yolov5` works) over the same training images
with the same hyperparameters (hyp.scratch-low: mosaic, random perspective, HSV, flips), no image cache, no
DataLoader workers: the item's own cost, as a worker pays it. The processes take turns: every round each makes
`--items` items (indices 0, 1, ...) while the other waits, so both see the same machine load; the medians over rounds
are reported. Inside each item the stages are timed by wrapping the functions that do them:

- yolofrz: `load_region`/`load_image` (read, decode, resize), `warp` (the perspective/affine resampling),
  `warp_targets`, `augment_hsv`, the rest of the item (mosaic layout, labels, flips, tensor);
- YOLOv5: `load_image` (cv2.imread + resize), `random_perspective` (cv2.warpAffine and the labels), `augment_hsv`,
  the rest.

Data: `--data` (a data YAML; its train split), else the built-in 'source' shapes at `--img` (250 images, under
benchmarks/_data/). The ratio column is YOLOv5's time over yolofrz's: above 1, yolofrz is faster.
"""
import argparse, json, os, platform, statistics, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent

def _timed(owner, name: str, totals: dict, key: str):
    "Replace `owner.name` by a wrapper adding its seconds to totals[key] (nested calls of the same key counted once)."
    f, depth = getattr(owner, name), [0]
    def wrapper(*args, **kwargs):
        if depth[0]: return f(*args, **kwargs)
        depth[0] += 1; t0 = time.perf_counter()
        try: return f(*args, **kwargs)
        finally: totals[key] += time.perf_counter() - t0; depth[0] -= 1
    setattr(owner, name, wrapper)

def worker(side: str, train: str, imgsz: int):
    "Build `side`'s augmented dataset, then answer 'run N' with the seconds of N items and the seconds of each stage."
    totals = {}
    if side == 'YOLOv5':
        import random
        import numpy as np
        import yolov5.utils.dataloaders as dl
        import yaml, yolov5
        hyp = yaml.safe_load(open(Path(yolov5.__file__).parent/'data'/'hyps'/'hyp.scratch-low.yaml'))
        stages = {'load_image': 'read+decode+resize', 'random_perspective': 'warp+labels', 'augment_hsv': 'hsv'}
        for k in stages.values(): totals[k] = 0.0
        _timed(dl.LoadImagesAndLabels, 'load_image', totals, stages['load_image'])
        _timed(dl, 'random_perspective', totals, stages['random_perspective'])
        _timed(dl, 'augment_hsv', totals, stages['augment_hsv'])
        ds = dl.LoadImagesAndLabels(train, imgsz, 16, augment=True, hyp=hyp, rect=False, cache_images=False, stride=32, prefix='')
        random.seed(0); np.random.seed(0)
    else:
        import yolofrz.data as data, yolofrz.image_cache as ic
        from yolofrz.data import YoloDataset
        stages = ['read+decode+resize', 'warp', 'warp_targets', 'hsv']
        for k in stages: totals[k] = 0.0
        _timed(ic.CachedImages, 'load_region', totals, 'read+decode+resize')
        _timed(ic.CachedImages, 'load_image', totals, 'read+decode+resize')
        _timed(data, 'warp', totals, 'warp')
        _timed(data, 'warp_targets', totals, 'warp_targets')
        _timed(data, 'augment_hsv', totals, 'hsv')
        ds = YoloDataset(train, imgsz, 16, augment=True, hyp='hyp.scratch-low.yaml', verbose=False)
    ds[0]  # warm up (imports, first decode)
    for line in sys.stdin:
        cmd = line.split()
        if cmd[0] == 'quit': return
        n = int(cmd[1])
        for k in totals: totals[k] = 0.0
        t0 = time.perf_counter()
        for i in range(n): ds[i % len(ds)]
        print('RESULT ' + json.dumps({'total': time.perf_counter() - t0, **totals}), flush=True)  # YOLOv5 prints too

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', required=True, help='python of a venv where `import yolov5` works (see README)')
    ap.add_argument('--data', default=None, help='a data YAML (its train split); default: built-in shapes')
    ap.add_argument('--img', type=int, default=320); ap.add_argument('--items', type=int, default=100)
    ap.add_argument('--rounds', type=int, default=7)
    ap.add_argument('--worker', default=None, help=argparse.SUPPRESS); ap.add_argument('--train', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: return worker(a.worker, a.train, a.img)
    from yolofrz.config import load_data_cfg
    from yolofrz.datasets import shapes
    cfg = load_data_cfg(a.data if a.data else shapes(HERE/'_data'/f'source-250-{a.img}', 'source', n=250, imgsz=a.img, verbose=False))
    train = cfg['train'][0] if isinstance(cfg['train'], list) else cfg['train']
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}  # as in a DataLoader worker
    cmd = lambda py, side: [py, str(Path(__file__).resolve()), '--oracle', a.oracle, '--worker', side, '--train', str(train), '--img', str(a.img)]
    procs = {'yolofrz': subprocess.Popen(cmd(sys.executable, 'yolofrz'), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env),
             'YOLOv5': subprocess.Popen(cmd(a.oracle, 'YOLOv5'), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                        cwd=Path(a.oracle).resolve().parent)}
    runs = {k: [] for k in procs}
    for r in range(a.rounds):
        for k, p in (procs.items() if r % 2 == 0 else reversed(procs.items())):
            p.stdin.write(f'run {a.items}\n'); p.stdin.flush()
            while not (line := p.stdout.readline()).startswith('RESULT '):
                if not line: raise SystemExit(f'the {k} worker stopped')
            runs[k].append(json.loads(line[7:]))
    for p in procs.values(): p.stdin.write('quit\n'); p.stdin.flush(); p.wait()
    import torch
    print(f'{train} at {a.img} px, {a.items} items x {a.rounds} rounds, one process each, {platform.machine()}, torch {torch.__version__}')
    med = {k: {s: statistics.median(r[s] for r in rs) * 1e3 / a.items for s in rs[0]} for k, rs in runs.items()}
    ratios = [y['total'] / f['total'] for f, y in zip(runs['yolofrz'], runs['YOLOv5'])]
    print(f"ms per item: yolofrz {med['yolofrz']['total']:.2f}, YOLOv5 {med['YOLOv5']['total']:.2f}; "
          f"YOLOv5/yolofrz {statistics.median(ratios):.2f}x (rounds: {', '.join(f'{x:.2f}' for x in ratios)})")
    for k, m in med.items():
        rest = m['total'] - sum(v for s, v in m.items() if s != 'total')
        print(f'  {k:<8}' + ''.join(f'{s} {v:.2f}  ' for s, v in m.items() if s != 'total') + f'rest {rest:.2f}')

if __name__ == '__main__': main()
