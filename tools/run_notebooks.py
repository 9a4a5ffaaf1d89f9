"""Run the chapters and store their outputs in the notebooks: what a reader sees on GitHub, in Colab and on the docs site.

    python tools/run_notebooks.py                    # every notebook in nbs/, default cells (as nbdev_test runs them)
    python tools/run_notebooks.py 03_freeze 07_val   # some of them
    python tools/run_notebooks.py --flags slow       # the slow cells too (hours on a CPU); cuda cells need a GPU

Cells skipped (slow or cuda flags not asked for, `eval: false`) keep the outputs they had, from the last run that
executed them; every other code cell gets exactly the outputs of this run. Progress bars are not stored, figures
are PNG at the inline backend's resolution
(JPEG when the PNG would exceed 200 KB: photographs, textures). A notebook whose run fails is left as it was, and the command exits 1.
Run `nbdev_clean` afterwards (it keeps outputs and removes execution counts and metadata).
"""
import argparse, base64, io, json, multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs = root/'nbs'


PNG_LIMIT = 200_000  # bytes: a larger figure is mostly photographs or textures, stored as JPEG instead


def _as_jpeg(png_b64: str) -> str:
    from PIL import Image
    im = Image.open(io.BytesIO(base64.b64decode(png_b64))).convert('RGB')
    buf = io.BytesIO(); im.save(buf, 'JPEG', quality=80, optimize=True)
    return base64.b64encode(buf.getvalue()).decode()


def _lean(outputs: list) -> list:
    "Outputs worth storing: no progress bars (fastprogress HTML; text bars as their last state), large figures as JPEG."
    keep = []
    for o in outputs:
        data = o.get('data', {})
        if '<progress' in ''.join(data.get('text/html', '')): continue
        if o.get('output_type') == 'stream':  # a line redrawn with \r (a text progress bar) is kept as a terminal shows it at the end
            lines = [l.rsplit('\r', 1)[-1] for l in ''.join(o.get('text', '')).split('\n')]
            text = '\n'.join(l for i, l in enumerate(lines) if l.strip() or i == len(lines) - 1)
            if not text.strip(): continue
            o = dict(o, text=text.splitlines(True))  # one string per line, as Jupyter stores it
        png = ''.join(data.get('image/png', ''))
        if len(png) * 3 // 4 > PNG_LIMIT:
            o = dict(o, data={**{k: v for k, v in data.items() if k != 'image/png'}, 'image/jpeg': _as_jpeg(png)})
        keep.append(o)
    return keep


def run_notebook(path: Path, flags: set) -> tuple[str, bool, float, str]:
    "Execute `path`'s cells (skipping cells flagged outside `flags`), then write their outputs into the file."
    from nbdev.config import get_config
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    from execnb.shell import CaptureShell
    os.environ['IN_TEST'] = '1'  # as nbdev_test: cells may check it
    if os.name == 'posix': multiprocessing.set_start_method('fork', force=True)  # DataLoader workers as under nbdev_test (this process was spawned)
    skip = set(get_config().tst_flags.split()) - flags
    nb = NBProcessor(path, procs=FrontmatterProc, process=True).nb
    shell = CaptureShell(path, mpl_format='png')
    outputs, t0 = {}, time.time()
    cwd = os.getcwd(); os.chdir(path.parent)
    try:
        for cell in nb.cells:
            if cell.cell_type != 'code': continue
            d = getattr(cell, 'directives_', {}) or {}
            if d.get('eval:', [''])[0].lower() == 'false' or skip & d.keys(): continue
            shell._cell_idx = cell.idx_ + 1  # for the traceback's "While Executing Cell #"
            # execnb drops a cell's printed output when its last line ends with ';' (there only to hide a figure's repr)
            outs = shell.run(cell.source + '\npass' if cell.source.rstrip().endswith(';') else cell.source)
            if shell.exc: return path.name, False, time.time() - t0, shell.prettytb(fname=path)
            outputs[cell.id] = _lean([dict(o) for o in outs])
    finally: os.chdir(cwd)
    raw = json.loads(path.read_text(encoding='utf-8'))
    for c in raw['cells']:
        if c['cell_type'] == 'code' and c.get('id') in outputs: c['outputs'] = outputs[c['id']]
    text = json.dumps(raw, indent=1, ensure_ascii=False) + '\n'
    tmp = path.with_suffix('.ipynb.tmp'); tmp.write_text(text, encoding='utf-8'); os.replace(tmp, path)
    return path.name, True, time.time() - t0, ''


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('names', nargs='*', help='notebook names (default: all of nbs/)')
    ap.add_argument('--flags', default='', help='flags to run that are normally skipped (slow, cuda)')
    ap.add_argument('--workers', type=int, default=os.cpu_count(), help='notebooks run at once')
    a = ap.parse_args(argv)
    paths = [nbs/(n if n.endswith('.ipynb') else n + '.ipynb') for n in a.names] or sorted(nbs.glob('*.ipynb'))
    missing = [p.name for p in paths if not p.is_file()]
    if missing: sys.exit(f"no such notebook in nbs/: {', '.join(missing)}")
    sys.path.insert(0, str(root))
    os.chdir(root)
    # one fresh process per notebook: a notebook's shell takes over __main__, and no state leaks into the next chapter
    with ProcessPoolExecutor(a.workers, mp_context=multiprocessing.get_context('spawn'), max_tasks_per_child=1) as ex:
        results = list(ex.map(run_notebook, paths, [set(a.flags.split())] * len(paths)))
    for name, ok, secs, tb in results:
        print(f"{'ok    ' if ok else 'FAILED'} {name} ({secs:.0f} s)")
        if not ok: print(tb, file=sys.stderr)
    return 0 if all(ok for _, ok, _, _ in results) else 1


if __name__ == '__main__': sys.exit(main())
