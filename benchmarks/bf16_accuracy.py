"""What bfloat16 costs in accuracy: the README's from-scratch recipe and the default freeze study, float32 against
bfloat16 mixed precision (`--bf16`), same seed, same data, each run in a process of its own.

    python benchmarks/bf16_accuracy.py [--jobs scratch study] [--emulate] [--record]

- `scratch`: `yolofrz train --data shapes-source --cfg yolov5n.yaml --img 160 --epochs 60 --optimizer AdamW
  --hyp hyp.short.yaml --cache ram` (the README's recipe: mAP50 0.56 in float32);
- `study`: `yolofrz study freeze` (the main job: pretraining on shapes-source, then freeze 0, 10 and 24 on
  shapes-target), whose table gives one row per level.

bfloat16 runs where the processor computes it (AVX512-BF16 or AMX-BF16; yolofrz's own detection decides). On a CPU
without it `--bf16` runs float32 (and says so), so the comparison would compare float32 with itself: `--emulate`
makes yolofrz take the bfloat16 path anyway. PyTorch then emulates bfloat16 (each operation rounds its inputs and
outputs to bfloat16 and accumulates in float32, as the native kernels do): the same numbers as a native run to
within rounding order, about five times slower than float32. The seconds of an emulated run say nothing of a
native one; the header says which ran. `--record` appends the tables to benchmarks/RESULTS.md.
"""
import argparse, csv, json, platform, re, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRATCH = ['train', '--data', 'shapes-source', '--cfg', 'yolov5n.yaml', '--img', '160', '--epochs', '60',
           '--optimizer', 'AdamW', '--hyp', 'hyp.short.yaml', '--cache', 'ram', '--quiet']
STUDY = ['study', 'freeze', '--quiet']
# in the child: `--emulate` makes yolofrz's bfloat16 detection say yes, so `--bf16` takes the bfloat16 path
CHILD = """import sys
if {emulate}:
    import yolofrz.utils
    yolofrz.utils.native_bf16 = lambda device, flags=None: True
from yolofrz.cli import main
sys.exit(main({argv!r}))
"""


def run(argv: list, emulate: bool) -> tuple[str, float]:
    "Run yolofrz's command line in a process of its own; its output and wall seconds."
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, '-c', CHILD.format(emulate=emulate, argv=argv)], capture_output=True, text=True)
    if p.returncode: sys.exit(f'yolofrz {" ".join(argv)} failed (rc {p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}')
    return p.stdout + p.stderr, time.perf_counter() - t0


def scratch(precision: str, project: Path, emulate: bool) -> list[dict]:
    out, s = run(SCRATCH + ['--project', str(project), '--name', f'scratch-{precision}']
                 + (['--bf16'] if precision == 'bf16' else []), emulate and precision == 'bf16')
    m = re.search(r'mAP50 ([\d.]+) mAP50-95 ([\d.]+)', out)
    if not m: sys.exit(f'no closing line in the scratch run:\n{out[-3000:]}')
    return [dict(job='scratch', level='-', precision=precision, mAP50=float(m[1]), mAP50_95=float(m[2]), seconds=s)]


def study(precision: str, project: Path, emulate: bool) -> list[dict]:
    out, s = run(STUDY + ['--project', str(project), '--name', f'study-{precision}']
                 + (['--bf16'] if precision == 'bf16' else []), emulate and precision == 'bf16')
    with open(project/f'study-{precision}'/'study.csv', newline='') as f: rows = list(csv.DictReader(f))
    return [dict(job='study', level=r['freeze'], precision=precision, mAP50=float(r['mAP50']),
                 mAP50_95=float(r['mAP50-95']), seconds=s) for r in rows]


def table(rows: list[dict]) -> str:
    "One line per job and level: float32 and bfloat16 side by side, and the difference."
    key = lambda r: (r['job'], r['level'])
    by = {(key(r), r['precision']): r for r in rows}
    lines = ['| job | freeze | mAP50 fp32 | mAP50 bf16 | bf16 - fp32 | mAP50-95 fp32 | mAP50-95 bf16 | run s fp32 | run s bf16 |',
             '|---|---|---|---|---|---|---|---|---|']
    for k in dict.fromkeys(key(r) for r in rows):
        f, b = by.get((k, 'fp32')), by.get((k, 'bf16'))
        if not (f and b): continue
        lines.append(f"| {k[0]} | {k[1]} | {f['mAP50']:.3f} | {b['mAP50']:.3f} | {b['mAP50'] - f['mAP50']:+.3f} "
                     f"| {f['mAP50_95']:.3f} | {b['mAP50_95']:.3f} | {f['seconds']:.0f} | {b['seconds']:.0f} |")
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--jobs', nargs='+', default=['scratch', 'study'], choices=['scratch', 'study'])
    ap.add_argument('--emulate', action='store_true',
                    help='take the bfloat16 path on a CPU without native bfloat16 (PyTorch emulates it: slow, same numbers)')
    ap.add_argument('--record', action='store_true', help='append the table to benchmarks/RESULTS.md')
    a = ap.parse_args()
    from yolofrz.utils import native_bf16
    native = native_bf16('cpu')
    if not native and not a.emulate:
        sys.exit('this CPU does not compute bfloat16 natively, so --bf16 would run float32: add --emulate to compare '
                 'the bfloat16 path anyway (slow; the same numbers)')
    header = (f"bfloat16 {'native' if native else 'emulated by PyTorch (this CPU has no AVX512-BF16/AMX-BF16)'}; "
              f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(header, flush=True)
    project = Path(tempfile.mkdtemp(prefix='bf16-accuracy-'))
    rows = []
    for job in a.jobs:
        for precision in ('bf16', 'fp32'):  # bfloat16 first: the long, unknown one
            rows += {'scratch': scratch, 'study': study}[job](precision, project, a.emulate)
            print(json.dumps(rows[-1]), flush=True)
    saved = HERE/'_data'/'bf16_accuracy.json'  # the jobs of earlier calls on this machine are kept beside these
    if saved.exists():
        before = json.loads(saved.read_text())
        if before['header'] == header: rows = [r for r in before['rows'] if r['job'] not in a.jobs] + rows
    saved.parent.mkdir(exist_ok=True)
    saved.write_text(json.dumps(dict(header=header, rows=rows), indent=1))
    text = f"{header}\n\n{table(rows)}"
    print(text)
    if a.record:
        with open(HERE/'RESULTS.md', 'a', encoding='utf-8') as f:
            f.write(f"\n## bfloat16 accuracy (`python benchmarks/bf16_accuracy.py{' --emulate' if a.emulate else ''}`)\n\n{text}\n")
    print(f'runs kept in {project}')


if __name__ == '__main__':
    main()
