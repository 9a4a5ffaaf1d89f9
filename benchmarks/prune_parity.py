"""yolofrz's `sparsity` and `prune` (method 'l1') against YOLOv5's, on the same seeded weights.

    python benchmarks/prune_parity.py --oracle /path/to/yolov5-venv/bin/python [--cfg yolov5n.yaml] [--amount 0.3]

Builds the model in yolofrz (seeded), prunes a copy with yolofrz, has YOLOv5's `utils.torch_utils.prune` prune the
same weights in the oracle venv, and compares: global sparsity, the largest difference of any tensor, and whether
the zeros are in the same places.
"""
import argparse, subprocess, tempfile
from pathlib import Path
import torch
from yolofrz.model import DetectionModel
from yolofrz.prune import prune, sparsity

ORACLE = '''
import sys, torch, yolov5, pathlib
from yolov5.models.yolo import Model
from yolov5.utils.torch_utils import prune, sparsity
m = Model(str(pathlib.Path(yolov5.__file__).parent/'models'/sys.argv[1]))
m.load_state_dict(torch.load(sys.argv[2])); prune(m, float(sys.argv[3]))
ours = torch.load(sys.argv[4]); sd = m.state_dict()
print(float(sparsity(m)), max(float((sd[k].float() - ours[k].float()).abs().max()) for k in sd), all(torch.equal(sd[k] == 0, ours[k] == 0) for k in sd))
'''

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', required=True); ap.add_argument('--cfg', default='yolov5n.yaml'); ap.add_argument('--amount', type=float, default=0.3)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    torch.manual_seed(0)
    m = DetectionModel(a.cfg)
    torch.save({k: v.clone() for k, v in m.state_dict().items()}, tmp/'dense.pt')
    prune(m, a.amount, verbose=False)
    torch.save({k: v.clone() for k, v in m.state_dict().items()}, tmp/'pruned.pt')
    out = subprocess.run([a.oracle, '-c', ORACLE, a.cfg, str(tmp/'dense.pt'), str(a.amount), str(tmp/'pruned.pt')],
                         capture_output=True, text=True, check=True).stdout.split()[-3:]
    print(f'{a.cfg}, amount {a.amount}: yolofrz sparsity {sparsity(m):.6f}, YOLOv5 {float(out[0]):.6f}; '
          f'max abs difference {out[1]}; zeros in the same places: {out[2]}')

if __name__ == '__main__': main()
