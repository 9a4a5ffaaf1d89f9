"""Behaviour fingerprint: ten short training runs (plain, frozen+folded, SAM, gradual and kept sparsity, cosine AdamW with
label smoothing, --sr with rect, RAM cache, frozen-feature cache and its reference), a validation, a detect with
--save-txt and four augmented batches, reduced to weight hashes and rounded results. Two checkouts that behave the
same write the same file:

    python benchmarks/fingerprint.py a.json            # in one checkout (or PYTHONPATH=/path/to/other/checkout)
    cmp a.json b.json
"""
import json, sys, hashlib, tempfile, shutil, warnings
from pathlib import Path
warnings.filterwarnings('ignore')
from yolofrz.train import train
try: from yolofrz.results import read_results
except ImportError: from yolofrz.train import read_results  # checkouts before the results chapter
from yolofrz.val import validate
try: from yolofrz.detect import detect
except ImportError: from yolofrz.val import detect  # checkouts before the detection chapter
from yolofrz.datasets import shapes
from yolofrz.data import create_dataloader
from yolofrz.config import load_data_cfg
try: from yolofrz.hyp_fields import load_hyp
except ImportError: from yolofrz.config import load_hyp  # checkouts before the hyperparameter chapter
from yolofrz.checkpoint import read_checkpoint
tmp = Path(tempfile.mkdtemp())
out = {}
def sd_hash(p):
    ck = read_checkpoint(p); h = hashlib.sha256()
    for k, v in sorted((ck.get('ema') if isinstance(ck.get('ema'), dict) else ck['state_dict']).items()):
        h.update(k.encode()); h.update(v.float().numpy().tobytes())
    return h.hexdigest()[:16]
def res(d):
    r = read_results(d/'results.csv')
    return {k: [round(float(x), 6) for x in v] for k, v in r.items() if not k.startswith('time') and 'mem' not in k}
y = shapes(tmp/'shapes')
kw = dict(cfg='yolov5n.yaml', epochs=2, batch_size=8, imgsz=128, workers=0, project=tmp/'runs', quiet=True, plots=False, seed=3)
runs = {
 'plain': {},
 'freeze10_fold': dict(freeze=[10], fold_frozen=True),
 'sam': dict(sam=0.05),
 'prune_ramp': dict(prune=0.3, prune_ramp=1, epochs=3),
 'keep_sparse': dict(prune=0.3),
 'cos_adam': dict(cos_lr=True, optimizer='AdamW', label_smoothing=0.1),
 'sr_rect': dict(sr=1e-4, rect=True),
 'cache_ram': dict(cache='ram'),
}
for name, o in runs.items():
    st = train(y, name=name, **{**kw, **o})
    out[name] = dict(res=res(st.save_dir), w=sd_hash(st.save_dir/'weights'/'last.pt'))
src = tmp/'runs'/'plain'/'weights'/'last.pt'
no_aug = {f: 0.0 for f in ('hsv_h','hsv_s','hsv_v','degrees','translate','scale','shear','perspective','flipud','fliplr','mosaic','mixup')}
for name, o in {'fcache': dict(feature_cache='ram'), 'nofcache': {}}.items():
    st = train(y, name=name, **{**kw, 'cfg': '', 'weights': src, 'freeze': [10], 'hyp': no_aug, 'noval': False, **o})
    out[name] = dict(res=res(st.save_dir), w=sd_hash(st.save_dir/'weights'/'last.pt'))
v = validate(src, data=y, imgsz=128, batch_size=4, quiet=True, plots=False, workers=0)
out['val'] = [round(float(x), 6) for x in v[0]]
dets = detect(src, source=(lambda v: Path(v[0] if isinstance(v, list) else v))(load_data_cfg(y)['val']), imgsz=128, conf_thres=0.001, project=tmp/'det', save_txt=True, quiet=True) if 'save_txt' in detect.__code__.co_varnames else None
txts = sorted((tmp/'det').rglob('*.txt'))
out['detect'] = hashlib.sha256(b''.join(p.read_bytes() for p in txts)).hexdigest()[:16]
loader, ds = create_dataloader(load_data_cfg(y)['train'], 128, 8, 32, hyp=load_hyp('hyp.scratch-low.yaml'), augment=True, shuffle=True, seed=1, workers=0, verbose=False)
h = hashlib.sha256()
for i, (im, t, p, s) in enumerate(loader):
    h.update(im.numpy().tobytes()); h.update(t.numpy().tobytes())
    if i == 3: break
out['loader'] = h.hexdigest()[:16]
json.dump(out, open(sys.argv[1], 'w'), indent=1)
shutil.rmtree(tmp)
print('ok', sys.argv[1])
