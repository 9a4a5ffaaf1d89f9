"""Model parity with YOLOv5 v7.0 for every detection model file it ships (models/*.yaml and models/hub/*.yaml).

    python benchmarks/parity.py
        prints yolofrz's parameter counts beside YOLOv5's published ones (n/s/m/l/x with fused params and GFLOPs,
        and the P6 models' rounded millions).
    python benchmarks/parity.py --oracle /path/to/venv-with-yolov5/bin/python
        also builds each model with the `yolov5` PyPI package (in its own venv, never a dependency of yolofrz) and
        compares parameter counts, state_dict keys and shapes, then loads YOLOv5's weights into yolofrz's model and
        compares outputs on the same input (256 px; the P7 model needs a multiple of 128).
"""
import argparse, subprocess, tempfile
from pathlib import Path
import torch
from yolofrz.model import DetectionModel

YOLOV5_REFERENCE = {  # YOLOv5 v7.0's published figures at nc=80: unfused params, fused params, fused GFLOPs at 640
    'yolov5n': (1872157, 1867405, 4.5), 'yolov5s': (7235389, 7225885, 16.4), 'yolov5m': (21190557, 21172173, 48.9),
    'yolov5l': (46563709, 46533693, 109.1), 'yolov5x': (86749405, 86705005, 205.5)}
YOLOV5_P6_MILLIONS = {'yolov5n6': 3.2, 'yolov5s6': 12.6, 'yolov5m6': 35.7, 'yolov5l6': 76.8, 'yolov5x6': 140.7}  # README table
HUB = ['yolov3-spp', 'yolov3-tiny', 'yolov3', 'yolov5-bifpn', 'yolov5-fpn', 'yolov5-p2', 'yolov5-p34', 'yolov5-p6', 'yolov5-p7',
       'yolov5-panet', 'yolov5l6', 'yolov5m6', 'yolov5n6', 'yolov5s-LeakyReLU', 'yolov5s-ghost', 'yolov5s-transformer', 'yolov5s6',
       'yolov5x6']  # YOLOv5 v7.0's models/hub, less anchors.yaml (anchor presets, not a model)

ORACLE = r'''
import os, sys, torch, yolov5
from yolov5.models.yolo import DetectionModel
name, out, hub = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
torch.manual_seed(0)
cfg = os.path.join(os.path.dirname(yolov5.__file__), 'models', *(['hub'] if hub else []), name + '.yaml')
m = DetectionModel(cfg).eval()
x = torch.rand(1, 3, 256, 256, generator=torch.Generator().manual_seed(1))
with torch.no_grad(): y = m(x)[0]
torch.save({'sd': m.state_dict(), 'x': x, 'y': y, 'n': sum(p.numel() for p in m.parameters())}, out)
'''

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', default='', help='python of a venv where `import yolov5` works')
    ap.add_argument('--models', nargs='+', default=list(YOLOV5_REFERENCE) + HUB)
    a = ap.parse_args()
    print(f"{'model':<20}{'params':>12}{'published':>12}{'fused':>11}{'published':>11}{'GFLOPs':>8}{'published':>10}  oracle")
    for name in a.models:
        p_ref, pf_ref, gf_ref = YOLOV5_REFERENCE.get(name, (None, None, None))
        if name in YOLOV5_P6_MILLIONS: p_ref = f'{YOLOV5_P6_MILLIONS[name]}M'
        m = DetectionModel(f'{name}.yaml').eval()
        sd = m.state_dict()
        p = sum(x.numel() for x in m.parameters())
        note = ''
        if a.oracle:
            with tempfile.TemporaryDirectory() as d:
                out = Path(d)/'o.pt'
                subprocess.run([a.oracle, '-c', ORACLE, name, str(out), str(int(name in HUB))], check=True, capture_output=True)
                o = torch.load(out, weights_only=True)
            same_keys = list(o['sd']) == list(sd)
            same_shapes = same_keys and all(o['sd'][k].shape == sd[k].shape for k in sd)
            m.load_state_dict(o['sd'])
            with torch.no_grad(): y = m(o['x'])[0]
            note = (f"params {'=' if o['n'] == p else '!= ' + str(o['n'])} keys {'=' if same_keys else '!='} "
                    f"shapes {'=' if same_shapes else '!='} max|dy| {(y - o['y']).abs().max():.1e}")
        pf = gf = ''
        if name in YOLOV5_REFERENCE:
            f = m.fuse()
            pf, gf = sum(x.numel() for x in f.parameters()), f'{f.gflops(640):.1f}'
        show = lambda v: '' if v is None else v
        print(f'{name:<20}{p:>12}{show(p_ref):>12}{pf:>11}{show(pf_ref):>11}{gf:>8}{show(gf_ref):>10}  {note}')

if __name__ == '__main__': main()
