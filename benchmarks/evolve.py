"""Does hyperparameter evolution pay on the built-in data? Evolved hyp against the base hyp on a held-out set.

    python benchmarks/evolve.py [--generations 8] [--epochs 10] [--img 160] [--batch-size 16] [--n 500] [--record]
                                [--hyp hyp.short.yaml] [--optimizer AdamW]
                                [--weights W] [--data shapes-target] [--freeze 0 10 24]

1. `evolve` runs `--generations` short trainings of yolov5n (generation 0 is the base hyp, `--hyp`), each
   scored on the data's val split, as YOLOv5's --evolve does.
2. The base hyp and the evolved one (hyp_evolve.yaml, with the evolved freeze level if `--freeze` gave levels to
   choose from) are trained again with the same budget and seed, and both are validated on a held-out set:
   `--n` / 2 images of the same domain drawn with another seed, which no generation saw.
Without `--weights` training is from scratch on the built-in 'source' domain; with `--weights` (e.g. a model
trained on 'source'), it fine-tunes on `--data` and the freeze level is part of the search.
"""
import argparse, platform, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--generations', type=int, default=8); ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--img', type=int, default=160); ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--n', type=int, default=500); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--weights', default=''); ap.add_argument('--data', default='shapes-source')
    ap.add_argument('--freeze', type=int, nargs='*', default=None, help='freeze levels to search (with --weights)')
    ap.add_argument('--hyp', default='hyp.short.yaml'); ap.add_argument('--optimizer', default='AdamW')
    ap.add_argument('--seed', type=int, default=0); ap.add_argument('--record', action='store_true')
    a = ap.parse_args()
    import torch
    from yolofrz.datasets import shapes
    from yolofrz.evolve import evolve, row_fitness
    from yolofrz.metrics import fitness
    from yolofrz.train import train
    from yolofrz.datasets import resolve_data
    from yolofrz.val import validate
    domain = a.data.split('-')[-1] if a.data.startswith('shapes-') else None
    data = resolve_data(a.data)
    heldout = shapes(HERE/'_data'/f'heldout-{domain or "custom"}-{a.n // 2}', domain or 'source', n=a.n // 2, imgsz=320, seed=a.seed + 1,
                     val_fraction=1.0, verbose=False) if domain else None
    if heldout is None: raise SystemExit('--data must be shapes-source or shapes-target (the held-out set is drawn from the same domain)')
    tmp = Path(tempfile.mkdtemp())
    kw = dict(cfg='' if a.weights else 'yolov5n.yaml', weights=a.weights, epochs=a.epochs, imgsz=a.img, batch_size=a.batch_size,
              workers=a.workers, seed=a.seed, optimizer=a.optimizer)
    t0 = time.time()
    e = evolve(a.generations, data, hyp=a.hyp, freeze=a.freeze or None, project=tmp/'evolve', quiet=False, **kw)
    t_evolve = time.time() - t0
    scores = {}
    for label, hyp, fz in ((f'base ({a.hyp})', a.hyp, (a.freeze or [0])[0]),
                           ('evolved', e['dir']/'hyp_evolve.yaml', int(e['freeze']) if e['freeze'] is not None else 0)):
        st = train(data, hyp=hyp, freeze=fz, project=tmp/'final', name='run', quiet=True, plots=False, **kw)
        r = validate(st.weights, data=heldout, imgsz=a.img, batch_size=32, plots=False, quiet=True, project=tmp/'val')
        res = [float(x) for x in r[0][:4]]
        scores[label] = (fz, res, float(fitness([res])[0]))
        print(f'{label}: freeze {fz}, held-out P {res[0]:.3f} R {res[1]:.3f} mAP50 {res[2]:.3f} mAP50-95 {res[3]:.3f} fitness {scores[label][2]:.4f}', flush=True)
    rows = e['rows']
    val_fit = [float(f) for f in row_fitness(rows)]
    desc = (f"yolov5n, {'fine-tuning ' + a.weights if a.weights else 'from scratch'} on {a.data} ({a.n} images) at {a.img} px, "
            f"batch {a.batch_size}, {a.optimizer}, base {a.hyp}, {a.epochs} epochs per generation, {a.generations} generations, seed {a.seed}; CPU "
            f"({platform.machine()}, {torch.get_num_threads()} threads), torch {torch.__version__}")
    (b, eo) = scores[f'base ({a.hyp})'], scores['evolved']
    lines = [f'{time.strftime("%Y-%m-%d")}, {desc}. Evolution took {t_evolve / 60:.1f} min; best generation {e["best"]}.', '',
             'Validation fitness (0.1 mAP50 + 0.9 mAP50-95) per generation: ' + ', '.join(f'{f:.4f}' for f in val_fit), '',
             '| hyp | freeze | held-out mAP50 | mAP50-95 | fitness |', '|---|---|---|---|---|',
             *[f'| {k} | {v[0]} | {v[1][2]:.3f} | {v[1][3]:.3f} | {v[2]:.4f} |' for k, v in scores.items()], '',
             f'Evolved / base held-out fitness: {eo[2] / max(b[2], 1e-9):.2f}x', '']
    print('\n'.join(lines))
    if a.record:
        with open(HERE/'RESULTS.md', 'a') as f:
            f.write('\n## Hyperparameter evolution (`python benchmarks/evolve.py`)\n\n' + '\n'.join(lines))

if __name__ == '__main__':
    main()
