"""yolofrz's files in YOLOv5's own val.py, and YOLOv5's ONNX in yolofrz val: the same mAP on the same data.

A small model is trained here on the built-in data (or --weights is used), exported by yolofrz to ONNX, OpenVINO and
YOLOv5's checkpoint format; each file is validated by `yolofrz val` and by YOLOv5's `val.py` (the `yolov5` package
from PyPI, in a venv of its own: never a dependency of yolofrz). YOLOv5's `export.py` then writes its own ONNX from
the YOLOv5-format file, and `yolofrz val` validates that. Each pair is printed with its difference.

    python benchmarks/yolov5_interop.py --yolov5-python /path/to/yolov5-venv/bin/python [--weights best.pt]

YOLOv5 7.0 calls `torch.load` without `weights_only=False`, which torch >= 2.6 refuses for any pickled model (its own
release files too): its runs get TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1, as a YOLOv5 user on a current torch sets. Its
val.py also downloads a font for its plots; offline, a config folder of its own holds one (matplotlib's DejaVu Sans
under the name YOLOv5 looks for).
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path
import yaml

p = argparse.ArgumentParser()
p.add_argument('--yolov5-python', required=True, help="a Python with the `yolov5` package (pip install yolov5)")
p.add_argument('--weights', default=None, help='a checkpoint trained on shapes-source (default: train yolov5n on it for 10 epochs)')
p.add_argument('--img', type=int, default=160)
p.add_argument('--tol', type=float, default=1e-3)
a = p.parse_args()

from yolofrz.datasets import resolve_data
from yolofrz.export import export
from yolofrz.train import train
from yolofrz.val import validate

tmp = Path(tempfile.mkdtemp())
data = Path(resolve_data('shapes-source', root=tmp / 'datasets'))
d = yaml.safe_load(data.read_text())
d['path'] = str(data.parent.resolve())  # YOLOv5 resolves a relative path from its own package folder
v5_data = tmp / 'data_yolov5.yaml'
v5_data.write_text(yaml.safe_dump(d, sort_keys=False))
weights = Path(a.weights) if a.weights else train(
    data, cfg='yolov5n.yaml', epochs=10, imgsz=a.img, batch_size=16, workers=2, hyp='hyp.short.yaml',
    optimizer='AdamW', project=tmp / 'runs', quiet=True, plots=False).weights
files = export(weights, include=['onnx', 'openvino', 'yolov5'], imgsz=a.img, quiet=True)

def ours(f) -> tuple:
    r = validate(f, data, imgsz=a.img, batch_size=8, workers=2, plots=False, quiet=True, project=tmp / 'val')[0]
    return round(float(r[2]), 5), round(float(r[3]), 5)

import matplotlib
v5_config = tmp / 'yolov5-config'
v5_config.mkdir()
shutil.copy(Path(matplotlib.get_data_path()) / 'fonts' / 'ttf' / 'DejaVuSans.ttf', v5_config / 'Arial.ttf')
env = {**os.environ, 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD': '1', 'YOLOV5_CONFIG_DIR': str(v5_config)}

def theirs(f) -> tuple:
    out = subprocess.run([a.yolov5_python, '-m', 'yolov5.val', '--weights', str(f), '--data', str(v5_data),
                          '--img', str(a.img), '--batch-size', '8', '--project', str(tmp / 'v5val'), '--exist-ok'],
                         capture_output=True, text=True, env=env)
    row = re.search(r'^\s+all\s+\d+\s+\d+\s+\S+\s+\S+\s+(\S+)\s+(\S+)', out.stdout + out.stderr, re.M)
    if out.returncode or not row: raise SystemExit(f'YOLOv5 val.py on {f} failed:\n{(out.stdout + out.stderr)[-3000:]}')
    return float(row.group(1)), float(row.group(2))

rows = []
for fmt, f in files.items():
    rows.append((f'yolofrz {fmt}: {Path(f).name}', ours(f), theirs(f)))
out = subprocess.run([a.yolov5_python, '-m', 'yolov5.export', '--weights', str(files['yolov5']), '--include', 'onnx',
                      '--img', str(a.img)], capture_output=True, text=True, env=env)
v5_onnx = Path(files['yolov5']).with_suffix('.onnx')
if out.returncode or not v5_onnx.exists(): raise SystemExit(f'YOLOv5 export.py failed:\n{(out.stdout + out.stderr)[-3000:]}')
rows.append((f'YOLOv5 onnx: {v5_onnx.name}', ours(v5_onnx), theirs(v5_onnx)))
rows.append((f'checkpoint: {weights.name} (rect batches)', ours(weights), None))

print(f"{'file':<44}{'yolofrz val mAP50 / 50-95':>28}{'YOLOv5 val.py mAP50 / 50-95':>30}{'diff':>10}")
worst = 0.0
for name, o, t in rows:
    diff = max(abs(o[0] - t[0]), abs(o[1] - t[1])) if t else None
    worst = max(worst, diff or 0.0)
    print(f"{name:<44}{o[0]:>14.4f}{o[1]:>14.4f}" + (f"{t[0]:>15.4f}{t[1]:>15.4f}{diff:>10.4f}" if t else ''))
print(json.dumps({'worst_difference': worst, 'tolerance': a.tol, 'within': worst <= a.tol}))
shutil.rmtree(tmp, ignore_errors=True)
