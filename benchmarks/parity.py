"""Model parity with YOLOv5 v7.0: parameters (unfused/fused) and GFLOPs at 640 for n/s/m/l/x.

    python benchmarks/parity.py
        prints yolofrz's figures beside YOLOv5's published ones (YOLOV5_REFERENCE below).
    python benchmarks/parity.py --oracle /path/to/venv-with-yolov5/bin/python
        also builds each model with the `yolov5` PyPI package (in its own venv, never a dependency of
        yolofrz) and compares state_dict keys and shapes, then loads YOLOv5's weights into yolofrz's model
        and compares outputs on the same input.
"""
import argparse, subprocess, tempfile
from pathlib import Path
import torch
from yolofrz.model import DetectionModel

YOLOV5_REFERENCE = {  # YOLOv5 v7.0's published figures at nc=80: unfused params, fused params, fused GFLOPs at 640
    'yolov5n': (1872157, 1867405, 4.5), 'yolov5s': (7235389, 7225885, 16.4), 'yolov5m': (21190557, 21172173, 48.9),
    'yolov5l': (46563709, 46533693, 109.1), 'yolov5x': (86749405, 86705005, 205.5)}

ORACLE = r'''
import json, sys, torch
from yolov5.models.yolo import DetectionModel
name, out = sys.argv[1], sys.argv[2]
torch.manual_seed(0)
from yolov5.models import yolo; import yolov5, os
cfg = os.path.join(os.path.dirname(yolov5.__file__), 'models', name + '.yaml')
m = DetectionModel(cfg).eval()
x = torch.rand(1, 3, 256, 256, generator=torch.Generator().manual_seed(1))
with torch.no_grad(): y = m(x)[0]
torch.save({'sd': m.state_dict(), 'x': x, 'y': y}, out)
'''

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', default='', help='python of a venv where `import yolov5` works')
    ap.add_argument('--models', nargs='+', default=list(YOLOV5_REFERENCE))
    a = ap.parse_args()
    print(f"{'model':<8}{'params':>10}{'YOLOv5':>10}{'fused':>10}{'YOLOv5':>10}{'GFLOPs':>8}{'YOLOv5':>8}  oracle")
    for name in a.models:
        p_ref, pf_ref, gf_ref = YOLOV5_REFERENCE[name]
        m = DetectionModel(f'{name}.yaml').eval()
        sd = m.state_dict()
        p = sum(x.numel() for x in m.parameters())
        note = ''
        if a.oracle:
            with tempfile.TemporaryDirectory() as d:
                out = Path(d)/'o.pt'
                subprocess.run([a.oracle, '-c', ORACLE, name, str(out)], check=True, capture_output=True)
                o = torch.load(out, weights_only=True)
            same_keys = list(o['sd']) == list(sd)
            same_shapes = same_keys and all(o['sd'][k].shape == sd[k].shape for k in sd)
            m.load_state_dict(o['sd'])
            with torch.no_grad(): y = m(o['x'])[0]
            note = f"keys {'=' if same_keys else '!='} shapes {'=' if same_shapes else '!='} max|dy| {(y - o['y']).abs().max():.1e}"
        f = m.fuse()
        pf, gf = sum(x.numel() for x in f.parameters()), f.gflops(640)
        print(f'{name:<8}{p:>10}{p_ref:>10}{pf:>10}{pf_ref:>10}{gf:>8.1f}{gf_ref:>8}  {note}')

if __name__ == '__main__': main()
