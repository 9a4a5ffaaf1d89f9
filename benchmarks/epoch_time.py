"""End-to-end epoch time: `yolofrz train` against YOLOv5's train.py on the same data and settings.

    python benchmarks/epoch_time.py --oracle /path/to/yolov5-venv/bin/python [--img 320] [--batch-size 16] [--n 250]
                                    [--workers 2] [--configs full f10-cache f24-cache] [--epochs 5] [--rounds 3] [--record]
                                    [--device cpu|0] [--cfg yolov5n.yaml] [--amp]

On a GPU (`--device 0`, as benchmarks/gpu.sh runs it: yolov5s at 640, batch 32, AMP on both sides, which is
both sides' default there) the same table compares the epochs a GPU user waits for.

Each side trains the model (yolov5n by default) from scratch for `--epochs` epochs in its own process, through its own command-line
entry point (YOLOv5's train.py `main`, `yolofrz train`'s), with one training callback added that notes the clock
at the start of every epoch. An epoch's time is the gap between two starts: loading, augmentation, steps, EMA,
validation and checkpointing, everything a user waits for. A second table splits the epoch into its training pass
(to YOLOv5's `on_train_epoch_end`, to the end of yolofrz's own `t_train` clock), validation (to YOLOv5's `on_fit_epoch_end`, yolofrz's `on_val_end`) and
the rest (saving, logging, the next epoch's start). Epoch 0 (which fills the frozen-feature caches) is left
out; the median of the remaining epochs is that run's figure. Sides alternate which goes first; with `--rounds R`
the table gives the median of R runs per side and the median of the per-round ratios.

- `full`: freeze 0, hyp.scratch-low (mosaic and all augmentation), the same flags on both sides;
- `f10-cache`, `f24-cache`: freeze 10 / 24 with hyp.no-aug; YOLOv5 as its train.py runs, yolofrz with
  `--feature-cache` (epochs after the first skip images, augmentation and the frozen layers, in training and in
  validation).

The data is the built-in 'source' domain (`--n` images at 320 px, 80% train), written under benchmarks/_data/.
Both sides use `--workers`, batch `--batch-size`, `--img`, `--device` (the CPU and its default thread count by
default) and the model `--cfg` (yolov5n), trained from scratch. With `--amp`, yolofrz trains with `--amp`
(on a CPU: bfloat16 autocast where the processor computes it) and YOLOv5 as it runs on a CPU (float32, which is
what a YOLOv5 user gets there); the header says whether this CPU has bfloat16, as yolofrz decides it.
"""
import argparse, json, os, platform, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
CONFIGS = {'full': (0, 'hyp.scratch-low.yaml', []), 'f10-cache': (10, 'hyp.no-aug.yaml', ['--feature-cache']),
           'f24-cache': (24, 'hyp.no-aug.yaml', ['--feature-cache'])}

def worker(side: str, argv: list):
    "Train through `side`'s own command-line entry point, noting the clock at each epoch's start and its phases' ends."
    starts, trained, validated = [], [], []  # epoch start; training pass done; validation done
    clock = lambda times: (lambda *args, **kwargs: times.append(time.perf_counter()))
    if side == 'YOLOv5':
        from yolov5.train import main as yolov5_main, parse_opt
        from yolov5.utils.callbacks import Callbacks
        sys.argv = ['train.py', *argv]
        callbacks = Callbacks()
        for event, times in (('on_train_epoch_start', starts), ('on_train_epoch_end', trained), ('on_fit_epoch_end', validated)):
            callbacks.register_action(event, callback=clock(times))
        yolov5_main(parse_opt(True), callbacks)
    else:
        from yolofrz.cli import _run_train, build_parser
        class EpochClock:
            def on_epoch_start(self, state): starts.append(time.perf_counter())
            def on_val_end(self, state):
                validated.append(time.perf_counter())
                trained.append(starts[-1] + state.progress.t_train)  # the loop's own clock of its training pass
        args = build_parser().parse_args(['train', *argv])
        args.callbacks = [EpochClock()]  # becomes train(callbacks=...)
        _run_train(args)
    print('EPOCH_STARTS ' + json.dumps(dict(starts=starts, trained=trained, validated=validated)), flush=True)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', required=True, help='python of a venv where `import yolov5` works (see README)')
    ap.add_argument('--img', type=int, default=320); ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--n', type=int, default=250); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--configs', nargs='+', default=list(CONFIGS), choices=list(CONFIGS)); ap.add_argument('--record', action='store_true')
    ap.add_argument('--rounds', type=int, default=3, help='repeat the measurement; medians are reported')
    ap.add_argument('--epochs', type=int, default=5, help='epochs per run (epoch 0 is not timed)')
    ap.add_argument('--device', default='cpu', help="cpu, or a CUDA device number as both train.py take it: 0")
    ap.add_argument('--cfg', default='yolov5n.yaml', help='the model, by its YOLOv5 YAML name')
    ap.add_argument('--amp', action='store_true',
                    help='yolofrz with --amp: bfloat16 on a CPU that has it (YOLOv5 as it runs: float32 on a CPU)')
    a = ap.parse_args()
    from yolofrz.hyp_fields import load_hyp
    from yolofrz.datasets import shapes
    data = shapes(HERE/'_data'/f'source-{a.n}-{a.img}', 'source', n=a.n, imgsz=a.img, verbose=False)
    tmp = Path(tempfile.mkdtemp())
    d = yaml.safe_load(Path(data).read_text()); d['path'] = str(Path(data).parent.resolve())  # YOLOv5 reads a relative path from its own folder
    data = tmp/'data.yaml'; data.write_text(yaml.safe_dump(d, sort_keys=False))
    yolov5_cfg = subprocess.run([a.oracle, '-c', 'import yolov5, pathlib; print(pathlib.Path(yolov5.__file__).parent/"models"/"' + a.cfg + '")'],
                                capture_output=True, text=True, check=True).stdout.strip()
    rounds = {name: [] for name in a.configs}  # per round: {side: s/epoch}
    phases = {name: {'YOLOv5': [], 'yolofrz': []} for name in a.configs}  # per run: training pass, validation, the rest (s)
    # YOLOv5 7.0 re-loads its checkpoints with torch.load's pre-2.6 default (weights_only=False)
    env = {**os.environ, 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD': '1'}
    for rnd in range(a.rounds):
        for name in a.configs:
            level, hyp, extra = CONFIGS[name]
            hyp_file = tmp/hyp  # YOLOv5 reads only its own fields
            hyp_file.write_text(yaml.safe_dump({k: v for k, v in load_hyp(hyp).items() if k != 'vfl'}, sort_keys=False))
            common = ['--data', str(data), '--weights', '', '--hyp', str(hyp_file), '--img', str(a.img), '--batch-size', str(a.batch_size),
                      '--workers', str(a.workers), '--freeze', str(level), '--device', a.device, '--exist-ok']
            cmds = {'YOLOv5': [a.oracle, __file__, '--worker', 'YOLOv5', '--cfg', yolov5_cfg, '--noplots'] + common,
                    'yolofrz': [sys.executable, __file__, '--worker', 'yolofrz', '--cfg', a.cfg, '--quiet'] + common + extra
                               + ['--amp'] * a.amp}
            v = {}
            for side in (list(cmds) if rnd % 2 == 0 else list(cmds)[::-1]):  # who goes first alternates
                r = subprocess.run(cmds[side] + ['--epochs', str(a.epochs), '--project', str(tmp/side), '--name', name],
                                   capture_output=True, text=True, env=env)
                clocks = [json.loads(l.split(' ', 1)[1]) for l in r.stdout.splitlines() if l.startswith('EPOCH_STARTS ')]
                if r.returncode or not clocks: raise SystemExit(f'{side} {name} failed:\n{r.stdout[-1000:]}\n{r.stderr[-2000:]}')
                c = {k: np.array(t) for k, t in clocks[0].items()}
                n = len(c['starts']) - 1  # whole epochs: a start to the next one; epoch 0 left out below
                v[side] = float(np.median(np.diff(c['starts'])[1:]))
                phases[name][side].append([float(np.median(x[1:n])) for x in (c['trained'][:n] - c['starts'][:n],
                                           c['validated'][:n] - c['trained'][:n], c['starts'][1:] - c['validated'][:n])])
            rounds[name].append(v)
            v = rounds[name][-1]
            print(f"round {rnd + 1} {name}: s/epoch YOLOv5 {v['YOLOv5']:.1f}, yolofrz {v['yolofrz']:.1f}, "
                  f"yolofrz {v['YOLOv5'] / v['yolofrz']:.2f}x faster; train / val / rest s: " +
                  ', '.join(f"{side} {' / '.join(f'{x:.2f}' for x in phases[name][side][-1])}" for side in v), flush=True)
    med = lambda xs: float(np.median(xs))
    results = {name: {'YOLOv5': med([v['YOLOv5'] for v in rs]), 'yolofrz': med([v['yolofrz'] for v in rs]),
                      'ratio': med([v['YOLOv5'] / v['yolofrz'] for v in rs]),
                      'ratios': ' / '.join(f"{v['YOLOv5'] / v['yolofrz']:.2f}" for v in rs)} for name, rs in rounds.items()}
    import torch
    where = (f'GPU {a.device} ({torch.cuda.get_device_name(int(a.device))}, AMP)' if a.device != 'cpu' else
             f'CPU ({platform.machine()}, {torch.get_num_threads()} threads)')
    if a.amp and a.device == 'cpu':
        from yolofrz.utils import native_bf16
        where += f"; yolofrz --amp ({'bfloat16' if native_bf16(a.device) else 'float32: this processor lacks bfloat16'})"
    desc = (f'{Path(a.cfg).stem} from scratch, built-in source data ({a.n} images, 80% train) at {a.img} px, '
            f'batch {a.batch_size}, {a.workers} workers, {where}, torch {torch.__version__}')
    desc += f'; median of {a.rounds} rounds'
    lines = ['| configuration | YOLOv5 s/epoch | yolofrz s/epoch | yolofrz speed-up (median) | per round |', '|---|---|---|---|---|']
    lines += [f"| {k} | {v['YOLOv5']:.1f} | {v['yolofrz']:.1f} | {v['ratio']:.2f}x | {v['ratios']} |" for k, v in results.items()]
    lines += ['', '| configuration | phase | YOLOv5 s | yolofrz s |', '|---|---|---|---|']
    for k in results:
        med_phase = {side: np.median(np.array(phases[k][side]), axis=0) for side in ('YOLOv5', 'yolofrz')}
        lines += [f"| {k} | {phase} | {med_phase['YOLOv5'][j]:.2f} | {med_phase['yolofrz'][j]:.2f} |"
                  for j, phase in enumerate(('training pass', 'validation', 'saving, logging, the rest'))]
    print(desc); print('\n'.join(lines))
    if a.record:
        with open(HERE/'RESULTS.md', 'a') as f:
            f.write(f'\n### `python benchmarks/epoch_time.py` ({time.strftime("%Y-%m-%d")})\n\n{desc}\n\n' + '\n'.join(lines) + '\n')

if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == '--worker': worker(sys.argv[2], sys.argv[3:])
    else: main()
