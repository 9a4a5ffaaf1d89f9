"""End-to-end epoch time: `yolofrz train` against YOLOv5's train.py on the same data and settings.

    python benchmarks/epoch_time.py --oracle /path/to/yolov5-venv/bin/python [--img 320] [--batch-size 16] [--n 250]
                                    [--workers 2] [--configs full f10-cache f24-cache] [--record]

For each configuration each side trains yolov5n from scratch twice, for 1 and for 3 epochs, as separate processes,
alternating the two sides; (T3 - T1) / 2 is then the wall time of one epoch after the first: loading, augmentation,
steps, EMA, validation and checkpointing, without start-up and the final validation of best.pt that both runs share.

- `full`: freeze 0, hyp.scratch-low (mosaic and all augmentation), the same flags on both sides;
- `f10-cache`, `f24-cache`: freeze 10 / 24 with hyp.no-aug; YOLOv5 as its train.py runs, yolofrz with
  `--feature-cache` (epochs after the first skip images, augmentation and the frozen layers).

The data is the built-in 'source' domain (`--n` images at 320 px, 80% train), written under benchmarks/_data/.
Both sides use `--workers`, batch `--batch-size`, `--img`, the CPU and its default thread count.
"""
import argparse, os, platform, subprocess, sys, tempfile, time
from pathlib import Path
import yaml

HERE = Path(__file__).resolve().parent
CONFIGS = {'full': (0, 'hyp.scratch-low.yaml', []), 'f10-cache': (10, 'hyp.no-aug.yaml', ['--feature-cache']),
           'f24-cache': (24, 'hyp.no-aug.yaml', ['--feature-cache'])}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', required=True, help='python of a venv where `import yolov5` works (see README)')
    ap.add_argument('--img', type=int, default=320); ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--n', type=int, default=250); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--configs', nargs='+', default=list(CONFIGS), choices=list(CONFIGS)); ap.add_argument('--record', action='store_true')
    a = ap.parse_args()
    from yolofrz.config import find_cfg, load_hyp
    from yolofrz.datasets import shapes
    data = shapes(HERE/'_data'/f'source-{a.n}-{a.img}', 'source', n=a.n, imgsz=a.img, verbose=False)
    tmp = Path(tempfile.mkdtemp())
    d = yaml.safe_load(Path(data).read_text()); d['path'] = str(Path(data).parent.resolve())  # YOLOv5 reads a relative path from its own folder
    data = tmp/'data.yaml'; data.write_text(yaml.safe_dump(d, sort_keys=False))
    yolov5_cfg = subprocess.run([a.oracle, '-c', 'import yolov5, pathlib; print(pathlib.Path(yolov5.__file__).parent/"models"/"yolov5n.yaml")'],
                                capture_output=True, text=True, check=True).stdout.strip()
    results = {}
    # YOLOv5 7.0 re-loads its checkpoints with torch.load's pre-2.6 default (weights_only=False)
    env = {**os.environ, 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD': '1'}
    for name in a.configs:
        level, hyp, extra = CONFIGS[name]
        hyp_file = tmp/hyp  # YOLOv5 reads only its own fields
        hyp_file.write_text(yaml.safe_dump({k: v for k, v in load_hyp(hyp).items() if k != 'vfl'}, sort_keys=False))
        common = ['--data', str(data), '--weights', '', '--hyp', str(hyp_file), '--img', str(a.img), '--batch-size', str(a.batch_size),
                  '--workers', str(a.workers), '--freeze', str(level), '--device', 'cpu', '--exist-ok']
        cmds = {'YOLOv5': [a.oracle, '-m', 'yolov5.train', '--cfg', yolov5_cfg, '--noplots'] + common,
                'yolofrz': [sys.executable, '-m', 'yolofrz.cli', 'train', '--cfg', 'yolov5n.yaml', '--quiet'] + common + extra}
        t = {}
        for epochs in (1, 3):
            for side, cmd in cmds.items():
                t0 = time.perf_counter()
                r = subprocess.run(cmd + ['--epochs', str(epochs), '--project', str(tmp/side), '--name', f'{name}-{epochs}'],
                                   capture_output=True, text=True, env=env)
                if r.returncode: raise SystemExit(f'{side} {name} failed:\n{r.stderr[-2000:]}')
                t[side, epochs] = time.perf_counter() - t0
        results[name] = {side: (t[side, 3] - t[side, 1]) / 2 for side in cmds}
        print(f"{name}: s/epoch YOLOv5 {results[name]['YOLOv5']:.1f}, yolofrz {results[name]['yolofrz']:.1f}, "
              f"yolofrz {results[name]['YOLOv5'] / results[name]['yolofrz']:.2f}x faster", flush=True)
    import torch
    desc = (f'yolov5n from scratch, built-in source data ({a.n} images, 80% train) at {a.img} px, batch {a.batch_size}, '
            f'{a.workers} workers, CPU ({platform.machine()}, {torch.get_num_threads()} threads), torch {torch.__version__}')
    lines = ['| configuration | YOLOv5 s/epoch | yolofrz s/epoch | yolofrz speed-up |', '|---|---|---|---|']
    lines += [f"| {k} | {v['YOLOv5']:.1f} | {v['yolofrz']:.1f} | {v['YOLOv5'] / v['yolofrz']:.2f}x |" for k, v in results.items()]
    print(desc); print('\n'.join(lines))
    if a.record:
        with open(HERE/'RESULTS.md', 'a') as f:
            f.write(f'\n### `python benchmarks/epoch_time.py` ({time.strftime("%Y-%m-%d")})\n\n{desc}\n\n' + '\n'.join(lines) + '\n')

if __name__ == '__main__': main()
