"""Replay the seven worst hostile inputs against the `yolofrz` command, each in a process of its own.

    python tools/replay_hostile.py

Each input is made in a scratch folder (a foreign TorchScript program, a run folder whose lock is a link to the user's
file, class names that are paths, a checkpoint whose names are 2^40 shared lists, a data YAML with nc: 1000000000,
an ONNX model whose metadata says imgsz 100000, an OpenVINO folder whose metadata YAML (ok.yaml, metadata.yaml)
is an alias bomb). For each,
the command must end in one `yolofrz: error:` line or a correct run, write nothing outside its run folder, leave the
user's files as they were, and stay under 1.5 GB of memory and 60 s. Prints a row per input; exits 1 if any fails.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time, warnings
from pathlib import Path

LIMIT_S, LIMIT_MB = 60, 1536
WRAP = ('import resource, sys\nfrom yolofrz.cli import main\n'
        'try: rc = main(sys.argv[1:])\nexcept SystemExit as e: rc = e.code\n'
        'sys.stderr.write(f"\\n@@maxrss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")\n'
        'sys.exit(rc if isinstance(rc, int) else 1)')


def snapshot(root: Path) -> dict:
    "Every file under `root` with its size and modification time."
    return {str(p): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in root.rglob('*')}


def make_inputs(d: Path) -> list:
    "The seven inputs, and the command each is given to: [(name, argv, the run folder it may write)]."
    import numpy as np, torch, onnx
    import onnx.helper as oh
    from onnx import TensorProto
    from PIL import Image
    from torch import nn
    from yolofrz.checkpoint import save_checkpoint
    from yolofrz.datasets import shapes
    from yolofrz.export import export
    from yolofrz.model import DetectionModel
    img = d / 'img.jpg'
    Image.fromarray(np.full((96, 128, 3), 120, np.uint8)).save(img)
    data = shapes(d / 'data', 'source', n=16, imgsz=64, verbose=False)
    model = DetectionModel('yolov5n.yaml', nc=4)
    save_checkpoint(d / 'ok.pt', model)

    class Evil(nn.Module):
        def forward(self, x):
            print('EVIL RAN')  # stands for a file written, a loop, an allocation
            return x
    with warnings.catch_warnings():  # torch calls its TorchScript API deprecated; the hostile file needs it all the same
        warnings.simplefilter('ignore', FutureWarning)
        torch.jit.save(torch.jit.script(Evil()), str(d / 'evil.torchscript'),
                       _extra_files={'config.txt': json.dumps({'nc': 4, 'stride': 32})})

    (d / 'victim.txt').write_text('the user\'s file')
    (d / 'runs' / 'sym').mkdir(parents=True)
    (d / 'runs' / 'sym' / '.yolofrz.lock').symlink_to(d / 'victim.txt')

    named = DetectionModel('yolov5n.yaml', nc=4)
    named.names = {0: str(d / 'outside' / 'abs'), 1: '../../../../escaped', 2: '..', 3: '.hidden'}
    save_checkpoint(d / 'names.pt', named)

    shared = ['a']
    for _ in range(40): shared = [shared, shared]
    torch.save(dict(format='yolofrz', yaml=model.yaml, names=shared, state_dict=model.state_dict(), epoch=-1),
               d / 'shared.pt')

    (d / 'nc.yaml').write_text(f"path: {d / 'data'}\ntrain: images/train\nval: images/val\nnc: 1000000000\n")

    out = np.zeros((1, 252, 9), np.float32)
    const = oh.make_node('Constant', [], ['output0'], value=oh.make_tensor('v', TensorProto.FLOAT, out.shape, out.ravel()))
    g = oh.make_graph([const], 'g', [oh.make_tensor_value_info('images', TensorProto.FLOAT, [1, 3, 'h', 'w'])],
                      [oh.make_tensor_value_info('output0', TensorProto.FLOAT, [1, 'n', 9])])
    m = oh.make_model(g, opset_imports=[oh.make_opsetid('', 17)])
    m.ir_version = 8
    m.metadata_props.add(key='yolofrz', value=json.dumps({'imgsz': [100000, 100000], 'stride': 32, 'nc': 4}))
    onnx.save(m, d / 'meta.onnx')

    ov = export(d / 'ok.pt', include=['openvino'], imgsz=64, quiet=True)['openvino']
    xml = next(ov.glob('*.xml'))
    xml.write_text(re.sub(r'<yolofrz value="[^"]*" />', '', xml.read_text()))  # as other exporters' folders: YAML only
    bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n' + ''.join(
        f'{c}: &{c} [{", ".join([f"*{q}"] * 10)}]\n' for q, c in zip('abcdefgh', 'bcdefghi'))
    for f in (xml.with_suffix('.yaml'), ov / 'metadata.yaml'): f.write_text(bomb)  # YOLOv5's name and Ultralytics'

    det = lambda w, name, *more: ['detect', '--weights', str(w), '--source', str(img), '--project', str(d / 'runs'),
                                  '--name', name, *more]
    return [
        ('foreign TorchScript', det(d / 'evil.torchscript', 'evil'), d / 'runs' / 'evil'),
        ('symlinked lock', ['train', '--data', str(data), '--cfg', 'yolov5n.yaml', '--img', '64', '--epochs', '1',
                            '--batch-size', '8', '--workers', '0', '--project', str(d / 'runs'), '--name', 'sym',
                            '--exist-ok', '--quiet', '--noplots'], d / 'runs' / 'sym'),
        ('class names as paths', det(d / 'names.pt', 'crops', '--save-crop', '--conf-thres', '0.0001', '--img', '64'),
         d / 'runs' / 'crops'),
        ('2^40 shared names', ['val', '--weights', str(d / 'shared.pt'), '--data', str(data), '--project',
                               str(d / 'runs'), '--name', 'shared'], d / 'runs' / 'shared'),
        ('nc: 1000000000', ['val', '--weights', str(d / 'ok.pt'), '--data', str(d / 'nc.yaml'), '--project',
                            str(d / 'runs'), '--name', 'nc'], d / 'runs' / 'nc'),
        ('metadata imgsz 100000', det(d / 'meta.onnx', 'meta'), d / 'runs' / 'meta'),
        ('alias bomb in metadata.yaml', det(ov, 'bomb'), d / 'runs' / 'bomb'),
    ]


def replay(name: str, argv: list, run_dir: Path, d: Path) -> tuple[bool, str]:
    before = snapshot(d)
    t0 = time.time()
    r = subprocess.run([sys.executable, '-c', WRAP, *argv], capture_output=True, text=True, cwd=d, timeout=LIMIT_S * 3)
    seconds = time.time() - t0
    rss_mb = int(re.search(r'@@maxrss_kb (\d+)', r.stderr).group(1)) / 1024
    err = [l for l in r.stderr.replace(re.search(r'\n@@maxrss_kb \d+\n', r.stderr).group(0), '').splitlines()
           if l.strip() and 'Warning' not in l and not l.startswith('  ')]
    after = snapshot(d)
    touched = [p for p in after if p not in before or after[p] != before[p]]
    # the run's folder and the folders above it (made or listed anew), and the label cache a dataset keeps beside its
    # labels (as YOLOv5's), are where a run writes
    allowed = lambda p: (p.is_relative_to(run_dir) or p in run_dir.parents or p.name.endswith('.yolofrz.cache')
                         or p == d / 'data' / 'labels')
    outside = [p for p in touched if not allowed(Path(p))]
    outcome = f'error: {err[0][16:][:110]}' if r.returncode == 2 and len(err) == 1 and err[0].startswith('yolofrz: error: ') \
        else 'ran' if r.returncode == 0 else f'exit {r.returncode}: {r.stderr[-300:]}'
    ok = (r.returncode == 0 or outcome.startswith('error: ')) and not outside and seconds < LIMIT_S and rss_mb < LIMIT_MB \
        and 'EVIL RAN' not in r.stdout and (d / 'victim.txt').read_text() == "the user's file" and not (d / 'outside').exists()
    return ok, f"{'ok  ' if ok else 'FAIL'} {name:<28} {seconds:5.1f} s {rss_mb:6.0f} MB  {outcome}" + \
        (f'  written outside the run: {outside[:3]}' if outside else '')


if __name__ == '__main__':
    d = Path(tempfile.mkdtemp(prefix='yolofrz-hostile-')).resolve()
    try:
        cases = make_inputs(d)
        results = [replay(name, argv, run_dir, d) for name, argv, run_dir in cases]
        for _, line in results: print(line, flush=True)
    finally: shutil.rmtree(d, ignore_errors=True)
    sys.exit(0 if all(ok for ok, _ in results) else 1)
