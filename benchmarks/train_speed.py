"""Training-step throughput of yolofrz against YOLOv5 itself, per freeze level, alternating the two.

    python benchmarks/train_speed.py --oracle /path/to/yolov5-venv/bin/python [--cfg yolov5n.yaml] [--img 320]
                                     [--batch-size 8] [--threads 2] [--rounds 7] [--cycles 1] [--freeze 0 10 24]
                                     [--device cuda] [--amp] [--bf16]

One *cycle* is what YOLOv5's train.py does for `nbs / batch` batches on CPU: forward, loss and backward per batch,
then gradient clipping (norm 10), the SGD step and the EMA update. Both sides start from the same weights (built
and seeded by yolofrz, loaded into YOLOv5's `Model` by name: the state_dicts are identical) and train on the same
fixed batch of built-in data with the same hyperparameters (hyp.scratch-low, gains scaled as train.py scales them).
YOLOv5 freezes as its train.py does (`requires_grad=False` on 'model.{i}.' parameters); yolofrz as `train()` does
by default (held BatchNorm, no-grad prefix, channels-last tensors), then with `--fold-frozen`, then with NCHW
tensors (`--no-channels-last`) to show what that lever is worth.

Each implementation runs in its own worker process (YOLOv5 in the venv given by --oracle, yolofrz in this one), so
the two never share a Python process; the main process tells them in turn to run `--cycles` cycles and reads back
the time, round-robin over `--rounds`. Only one worker computes at a time. Medians are printed, with yolofrz's
images/s over YOLOv5's, and appended to benchmarks/RESULTS.md with `--record`.

On CUDA (`--device cuda`) each side moves model and batch to the GPU and, with `--amp`, runs the cycle as YOLOv5's
train.py does under AMP: forward and loss in autocast, GradScaler's scaled backward, unscale before clipping,
scaler step and update. Each worker also reports its peak of allocated GPU memory over the timed cycles
(`torch.cuda.max_memory_allocated`, model, optimizer and EMA included), so the table gains a peak-memory column.

With `--bf16` each freeze level gains a row `yolofrz freeze N bf16`: the same cycle under bfloat16 autocast, as
`train --bf16` runs it (no GradScaler: bfloat16 has float32's range), beside YOLOv5 in float32, which is what a
YOLOv5 user gets on a CPU. The header says whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX);
where it does not, PyTorch emulates it and the row measures the emulation, not the feature.
"""
import argparse, platform, statistics, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent

def _cycle_fn(model, loss_fn, opt, ema, imgs, targets, accumulate, amp=False, bf16=False):
    import torch
    scaler = torch.amp.GradScaler(imgs.device.type, enabled=amp and not bf16)  # float16 only
    dtype = torch.bfloat16 if bf16 else torch.float16
    def cycle():
        for _ in range(accumulate):
            with torch.autocast(imgs.device.type, dtype, enabled=amp or bf16):
                loss, _ = loss_fn(model(imgs), targets)
            scaler.scale(loss).backward()
        scaler.unscale_(opt)
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=10.0)
        scaler.step(opt); scaler.update(); opt.zero_grad()
        ema.update(model)
    return cycle

def worker(impl, setup, freeze, variant, threads, device='cpu', amp=False):
    "Build one side's training step from `setup`, then time cycles on request (stdin 'run N' -> 'seconds peak_MB')."
    import torch
    torch.set_num_threads(threads)
    device = torch.device(device)
    cuda = device.type == 'cuda'
    if cuda: torch.backends.cudnn.benchmark = True  # both trainers set it: fixed input size
    s = torch.load(setup, weights_only=True)
    imgs, targets, hyp = s['imgs'].to(device), s['targets'].to(device), s['hyp']
    if impl == 'yolov5':
        import yolov5
        from yolov5.models.yolo import Model
        from yolov5.utils.loss import ComputeLoss
        from yolov5.utils.torch_utils import ModelEMA, smart_optimizer
        model = Model(str(Path(yolov5.__file__).parent/'models'/s['cfg']), ch=3, nc=s['nc'])
        model.load_state_dict(s['state_dict'])
        model.to(device)
        names = [f'model.{x}.' for x in range(freeze)]
        for k, v in model.named_parameters(): v.requires_grad = not any(x in k for x in names)
    else:
        sys.path.insert(0, str(HERE.parent))
        from yolofrz.freeze import freeze as freeze_model
        from yolofrz.loss import ComputeLoss
        from yolofrz.model import DetectionModel
        from yolofrz.optim import ModelEMA, smart_optimizer
        model = DetectionModel(s['cfg'], nc=s['nc'])
        model.load_state_dict(s['state_dict'])
        model.to(device)
        if freeze: freeze_model(model, freeze, fold=variant == 'folded', verbose=False)
        if variant != 'nchw':  # as train() runs by default
            model.to(memory_format=torch.channels_last); imgs = imgs.contiguous(memory_format=torch.channels_last)
    model.hyp = hyp
    model.train()
    opt = smart_optimizer(model, 'SGD', hyp['lr0'], hyp['momentum'], hyp['weight_decay'])
    ema = ModelEMA(model)
    cycle = _cycle_fn(model, ComputeLoss(model), opt, ema, imgs, targets, s['accumulate'], amp=amp, bf16=variant == 'bf16')
    cycle(); cycle()  # warm up (cuDNN picks its algorithms on the first)
    print('ready', flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if cmd[0] == 'run':
            if cuda: torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
            t0 = time.perf_counter()
            for _ in range(int(cmd[1])): cycle()
            if cuda: torch.cuda.synchronize()
            print(time.perf_counter() - t0, torch.cuda.max_memory_allocated() / 2**20 if cuda else 0.0, flush=True)
        else: break

def make_setup(a, path):
    import torch
    from yolofrz.config import load_data_cfg
    from yolofrz.hyp_fields import load_hyp
    from yolofrz.data import create_dataloader
    from yolofrz.datasets import shapes
    from yolofrz.model import DetectionModel
    y = shapes(HERE/'_data'/'source-100-320', 'source', n=100, imgsz=320, val_fraction=0.0, verbose=False)
    loader, _ = create_dataloader(load_data_cfg(y)['train'], a.img, a.batch_size, hyp='hyp.scratch-low.yaml', augment=True, workers=0, nc=4, verbose=False)
    imgs, targets, _, _ = next(iter(loader))
    torch.manual_seed(0)
    model = DetectionModel(a.cfg, nc=4)
    hyp, nl, accumulate = load_hyp('hyp.scratch-low.yaml'), 3, max(round(64 / a.batch_size), 1)
    hyp['weight_decay'] *= a.batch_size * accumulate / 64
    hyp['box'] *= 3 / nl; hyp['cls'] *= 4 / 80 * 3 / nl; hyp['obj'] *= (a.img / 640) ** 2 * 3 / nl; hyp['label_smoothing'] = 0.0
    torch.save(dict(imgs=imgs.float() / 255, targets=targets, hyp=hyp, cfg=a.cfg, nc=4, accumulate=accumulate,
                    state_dict={k: v.clone() for k, v in model.state_dict().items()}), path)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', default='', help='python of a venv where `import yolov5` works (see README)')
    ap.add_argument('--cfg', default='yolov5n.yaml'); ap.add_argument('--img', type=int, default=320)
    ap.add_argument('--batch-size', type=int, default=8); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--rounds', type=int, default=7); ap.add_argument('--cycles', type=int, default=1)
    ap.add_argument('--freeze', type=int, nargs='+', default=[0, 10, 24]); ap.add_argument('--record', action='store_true')
    ap.add_argument('--device', default='cpu', help="'cpu' or 'cuda'"); ap.add_argument('--amp', action='store_true', help='mixed precision (CUDA)')
    ap.add_argument('--bf16', action='store_true', help='also yolofrz under bfloat16 autocast (train --bf16)')
    ap.add_argument('--worker', default=None, help=argparse.SUPPRESS); ap.add_argument('--setup', default=None, help=argparse.SUPPRESS)
    ap.add_argument('--level', type=int, default=0, help=argparse.SUPPRESS); ap.add_argument('--variant', default='', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: return worker(a.worker, a.setup, a.level, a.variant, a.threads, a.device, a.amp)
    tmp = Path(tempfile.mkdtemp())
    setup = tmp/'setup.pt'
    make_setup(a, setup)
    sides = []
    for n in a.freeze:
        if a.oracle: sides.append((f'YOLOv5 freeze {n}', a.oracle, 'yolov5', n, ''))
        sides.append((f'yolofrz freeze {n}', sys.executable, 'yolofrz', n, ''))
        if n: sides.append((f'yolofrz freeze {n} folded', sys.executable, 'yolofrz', n, 'folded'))
        sides.append((f'yolofrz freeze {n} NCHW', sys.executable, 'yolofrz', n, 'nchw'))
        if a.bf16: sides.append((f'yolofrz freeze {n} bf16', sys.executable, 'yolofrz', n, 'bf16'))
    procs = {}
    for name, py, impl, n, variant in sides:
        p = subprocess.Popen([py, __file__, '--worker', impl, '--setup', str(setup), '--level', str(n), '--variant', variant,
                              '--threads', str(a.threads), '--device', a.device] + ['--amp'] * a.amp, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs[name] = p
    for name, p in procs.items():  # the workers build and warm up side by side; the timing below is one at a time
        if p.stdout.readline().strip() != 'ready': raise SystemExit(f'{name}: worker failed to start')
    times, peak = {k: [] for k in procs}, {k: 0.0 for k in procs}
    for _ in range(a.rounds):
        for k, p in procs.items():
            p.stdin.write(f'run {a.cycles}\n'); p.stdin.flush()
            seconds, mb = map(float, p.stdout.readline().split())
            times[k].append(seconds); peak[k] = max(peak[k], mb)
    for p in procs.values(): p.stdin.write('quit\n'); p.stdin.flush(); p.wait()
    import torch
    acc = max(round(64 / a.batch_size), 1)
    img_per_cycle = a.batch_size * acc * a.cycles
    cuda = a.device.startswith('cuda')
    where = f'{torch.cuda.get_device_name()}{", AMP" if a.amp else ", fp32"}' if cuda else f'CPU, {a.threads} threads'
    if a.bf16:
        sys.path.insert(0, str(HERE.parent))
        from yolofrz.utils import native_bf16
        where += ', bfloat16 ' + ('native' if native_bf16(a.device) else 'EMULATED (this processor lacks it: not the feature)')
    desc = (f'{a.cfg} at {a.img} px, batch {a.batch_size} (x{acc} accumulated per optimizer step), {where}, '
            f'{platform.machine()}, torch {torch.__version__}; median of {a.rounds} rounds')
    lines = ['| variant | img/s | vs YOLOv5 at the same freeze level |' + (' peak GPU MB |' if cuda else ''),
             '|---|---|---|' + ('---|' if cuda else '')]
    print(desc)
    for k, v in times.items():
        ips = img_per_cycle / statistics.median(v)
        n = int(k.split('freeze ')[1].split()[0])
        ref = f'YOLOv5 freeze {n}'
        ratio = f'{(statistics.median(times[ref]) / statistics.median(v)):.2f}x' if ref in times else 'n/a'
        mem = f'{peak[k]:.0f}' if cuda else ''
        print(f'{k:<28}{ips:>8.1f} img/s   {ratio:>6}   {mem + " MB" if cuda else ""}')
        lines.append(f'| {k} | {ips:.1f} | {ratio} |' + (f' {mem} |' if cuda else ''))
    if a.record:
        with open(HERE/'RESULTS.md', 'a') as f:
            f.write(f'\n### `python benchmarks/train_speed.py` ({time.strftime("%Y-%m-%d")})\n\n{desc}\n\n' + '\n'.join(lines) + '\n')

if __name__ == '__main__': main()
