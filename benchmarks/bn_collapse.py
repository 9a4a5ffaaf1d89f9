"""Why fine-tuning with nothing frozen dips in the freeze study, and what removes the dips.

    python benchmarks/bn_collapse.py [--out runs/bn_collapse] [--variants base recalibrated precise-bn ...] [--weights W]

Pretrains yolov5n on the built-in 'source' data as the default freeze study does (20 epochs, hyp.short.yaml,
AdamW, seed 0), then fine-tunes it on 'target' at freeze 0 for 10 epochs once per variant of the recipe, and prints
each variant's mAP50 and mAP50-95 per epoch (validating the EMA model, as training does):

- base: the study's recipe (hyp.short.yaml: warmup_bias_lr 0.1, lr0 0.002);
- bias0 / bias-lr0: warmup_bias_lr 0 / 0.002 (lr0), the warmup term first suspected;
- lr0-half: lr0 0.001; lr-decay: discriminative learning rates, --lr-decay 0.5;
- recalibrated: the bias0 run again, and after each validation the same EMA model validated once more with the
  statistics of its BatchNorm layers recomputed on 30 training batches (weights unchanged);
- precise-bn / precise-bn-bias0: the base and bias0 recipes with --precise-bn 32 (recomputed before each validation:
  the freeze study's recipe since this measurement; every other variant runs without it).

A variant's curve that collapses while its training loss does not, and that recovers when only the BatchNorm
statistics are recomputed, says the statistics, not the weights, were stale.
"""
import argparse, copy, csv, warnings, yaml
from pathlib import Path
from yolofrz.config import find_cfg
from yolofrz.freeze import recompute_bn_stats
from yolofrz.freeze_study import freeze_study
from yolofrz.val import validate

VARIANTS = {  # name: (hyp overrides, train options)
    'base': ({}, {}), 'bias0': (dict(warmup_bias_lr=0.0), {}), 'bias-lr0': (dict(warmup_bias_lr=0.002), {}),
    'lr0-half': (dict(lr0=0.001), {}), 'lr-decay': ({}, dict(lr_decay=0.5)),
    'recalibrated': (dict(warmup_bias_lr=0.0), {}), 'precise-bn': ({}, dict(precise_bn=32)),  # the study's default
    'precise-bn-bias0': (dict(warmup_bias_lr=0.0), dict(precise_bn=32)),
}

class Recalibrated:
    "After each validation: the EMA model validated again with its trained BatchNorm statistics recomputed."
    def __init__(self): self.map50, self.map = [], []
    def on_val_end(self, state):
        m = copy.deepcopy(state.parts.ema.ema)
        recompute_bn_stats(m, (imgs.float() / 255 for _, (imgs, *_) in zip(range(30), state.loaders.train_loader)))
        r = validate(m, state.data.data_dict, imgsz=160, batch_size=32, workers=0, plots=False, quiet=True)[0]
        self.map50.append(float(r[2])); self.map.append(float(r[3]))

def curve(folder: Path, key: str) -> list:
    rows = [{k.strip(): v.strip() for k, v in r.items()} for r in csv.DictReader(open(folder / 'results.csv'))]
    return [float(r[key]) for r in rows]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default='runs/bn_collapse')
    ap.add_argument('--weights', default=None, help='pretrained weights to start from (default: pretrain them first)')
    ap.add_argument('--variants', nargs='+', default=[v for v in VARIANTS if v != 'bias0'], choices=list(VARIANTS),
                    help="default: all but bias0, whose run 'recalibrated' repeats (its callback changes no training)")
    a = ap.parse_args()
    warnings.filterwarnings('ignore')
    out = Path(a.out)
    base_hyp = yaml.safe_load(find_cfg('hyp.short.yaml', 'hyps').read_text())
    weights, lines = a.weights, []
    for name in a.variants:
        over, kw = VARIANTS[name]
        (out / 'hyps').mkdir(parents=True, exist_ok=True)
        hyp = out / 'hyps' / f'{name}.yaml'
        hyp.write_text(yaml.safe_dump({**base_hyp, **over}))
        recal = Recalibrated() if name == 'recalibrated' else None
        s = freeze_study(weights=weights, freeze=[0], hyp=str(hyp), project=out, name=name, quiet=True, plots=False,
                         workers=2, exist_ok=True, callbacks=[recal] if recal else (), **{'precise_bn': 0, **kw})
        weights = weights or s['weights']  # the first variant pretrains; the others start from its weights
        run = s['dir'] / 'freeze0'
        lines.append((name, curve(run, 'metrics/mAP_0.5'), curve(run, 'metrics/mAP_0.5:0.95'),
                      curve(run, 'val/obj_loss'), curve(run, 'train/obj_loss')))
        if recal: lines.append((name + ' (statistics recomputed)', recal.map50, recal.map, None, None))
    print(f'freeze 0 on shapes-target from {weights}; per epoch')
    for name, m50, m, vo, to in lines:
        print(f"{name:<38} mAP50    {' '.join(f'{v:.3f}' for v in m50)}")
        print(f"{'':<38} mAP50-95 {' '.join(f'{v:.3f}' for v in m)}")
        if vo: print(f"{'':<38} val obj  {' '.join(f'{v:.4f}' for v in vo)}  (train obj {to[0]:.4f} .. {to[-1]:.4f})")

if __name__ == '__main__': main()
