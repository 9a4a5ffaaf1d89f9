#!/usr/bin/env bash
# Every CUDA check in one go, for a machine with a GPU (figures go to OUT_DIR, to be copied into RESULTS.md):
#   bash benchmarks/gpu.sh OUT_DIR [ORACLE_PYTHON] [SUITE_SECONDS]
# 1. train_speed.py: yolov5s, 640 px, batch 32, AMP, freeze 0/10/24: images/s and peak GPU memory per level, yolofrz
#    beside YOLOv5 when ORACLE_PYTHON imports `yolov5` (see README.md); without it, yolofrz's variants alone.
# 2. freeze.py: the same model and batch, per-step time and step memory of each freezing variant.
# 2b. epoch_time.py (with ORACLE_PYTHON): whole epochs, yolov5s at 640, batch 32, AMP, beside YOLOv5's train.py:
#    full, f10 + feature cache, f24 + feature cache, with the training pass / validation / rest split (one round).
# 3. The notebooks' tests with their `cuda` and `slow` cells (the two studies in a second runner started first, as
#    they are the longest), cut at SUITE_SECONDS. 16_freeze_tutorial is left out: its GPU cells download VOC and
#    the official weights.
set -u
out=${1:?usage: gpu.sh OUT_DIR [ORACLE_PYTHON] [SUITE_SECONDS]}; oracle=${2:-}; suite_s=${3:-3600}
mkdir -p "$out"; out=$(cd "$out" && pwd)
export PYTHONUNBUFFERED=1
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  python3 -c "import torch, torchvision; print('torch', torch.__version__, 'torchvision', torchvision.__version__, torch.cuda.get_device_name())"
} > "$out/gpu.txt" 2>&1
speed() { timeout 300 python3 benchmarks/train_speed.py --device cuda --amp --cfg yolov5s.yaml --img 640 --batch-size 32 \
            --cycles 3 --rounds 5 --threads 4 "$@" 2>&1 | tee "$out/train_speed.txt"; return "${PIPESTATUS[0]}"; }
if [ -n "$oracle" ]; then speed --oracle "$oracle" || speed; else speed; fi
timeout 180 python3 benchmarks/freeze.py --device cuda --amp --cfg yolov5s.yaml --img 640 --batch-size 32 --steps 10 \
  --rounds 3 --threads 4 2>&1 | tee "$out/freeze.txt"
[ -n "$oracle" ] && timeout 420 python3 benchmarks/epoch_time.py --oracle "$oracle" --device 0 --cfg yolov5s.yaml \
  --img 640 --batch-size 32 --n 1280 --workers 8 --epochs 3 --rounds 1 2>&1 | tee "$out/epoch_time.txt"
export OMP_NUM_THREADS=2
timeout "$suite_s" nbdev_test --flags "cuda slow" --n_workers 2 --do_print --timing --file_re '^1[34]_' > "$out/studies.txt" 2>&1 &
timeout "$suite_s" nbdev_test --flags "cuda slow" --n_workers 8 --do_print --timing \
  --skip_file_re '^([_.]|1[34]_|16_freeze_tutorial)' 2>&1 | tee "$out/nbdev_test.txt"
echo "suite exit ${PIPESTATUS[0]}" >> "$out/nbdev_test.txt"
wait $!; echo "studies exit $?" >> "$out/studies.txt"
cat "$out/studies.txt"
