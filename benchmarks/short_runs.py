"""Short from-scratch runs on the built-in data: which optimizer settings learn in a CPU's few minutes?

    python benchmarks/short_runs.py [--epochs 15] [--img 160] [--batch-size 16] [--configs sgd adamw adamw-nbs16] [--cache ram] [--record]

yolov5n from scratch on the built-in 'source' data (400 training images), validated once after the last epoch:
- `sgd`: YOLOv5's defaults (SGD, hyp.scratch-low: lr0 0.01, nominal batch 64, so ~6 optimizer steps per epoch here);
- `adamw`: AdamW at lr0 0.002, nominal batch 64;
- `adamw-nbs16`: hyp.short.yaml (AdamW at lr0 0.002, nominal batch 16: 4x the optimizer steps).
`--cache ram` keeps decoded, resized images in memory (`yolofrz train --cache ram`): the same images, faster epochs.
"""
import argparse, platform, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIGS = {'sgd': ('SGD', 'hyp.scratch-low.yaml', {}), 'adamw': ('AdamW', 'hyp.scratch-low.yaml', {'lr0': 0.002}),
           'adamw-nbs16': ('AdamW', 'hyp.short.yaml', {})}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--epochs', type=int, default=15); ap.add_argument('--img', type=int, default=160)
    ap.add_argument('--batch-size', type=int, default=16); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--configs', nargs='+', default=list(CONFIGS), choices=list(CONFIGS)); ap.add_argument('--record', action='store_true')
    ap.add_argument('--cache', choices=['ram', 'disk'], default=None)
    a = ap.parse_args()
    import torch
    from yolofrz.hyp_fields import load_hyp
    from yolofrz.train import train
    from yolofrz.datasets import resolve_data
    tmp = Path(tempfile.mkdtemp())
    lines = ['| optimizer | hyp | mAP50 | mAP50-95 | seconds |', '|---|---|---|---|---|']
    for name in a.configs:
        optimizer, hyp, over = CONFIGS[name]
        t0 = time.time()
        st = train(resolve_data('shapes-source'), cfg='yolov5n.yaml', hyp={**load_hyp(hyp), **over}, optimizer=optimizer, epochs=a.epochs,
                   imgsz=a.img, batch_size=a.batch_size, workers=a.workers, cache=a.cache, noval=True, quiet=True, plots=False, project=tmp, name=name)
        dt = time.time() - t0
        hyp_desc = hyp + ''.join(f', {k} {v:g}' for k, v in over.items())
        lines.append(f'| {optimizer} | {hyp_desc} | {st.results[2]:.3f} | {st.results[3]:.3f} | {dt:.0f} |')
        print(lines[-1], flush=True)
    desc = (f'{time.strftime("%Y-%m-%d")}: yolov5n from scratch on shapes-source (400 train images) at {a.img} px, batch {a.batch_size}, '
            f'{a.epochs} epochs{", --cache " + a.cache if a.cache else ""}, CPU ({platform.machine()}, {torch.get_num_threads()} threads), torch {torch.__version__}')
    print(desc); print('\n'.join(lines))
    if a.record:
        with open(HERE/'RESULTS.md', 'a') as f: f.write(f'\n## Short runs from scratch (`python benchmarks/short_runs.py`)\n\n{desc}\n\n' + '\n'.join(lines) + '\n')

if __name__ == '__main__': main()
