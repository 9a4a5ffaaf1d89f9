"""The main job's stored run (the default freeze study in nbs/images/) and the front page that shows it.

    python tools/main_job.py --write-index          # the front page's table and sentence from the stored run
    python tools/main_job.py --check FRESH.csv      # a fresh `yolofrz study freeze` against the stored run (CI)

The stored run is made by 13_freeze_study's default-study cell (`python tools/run_notebooks.py 13_freeze_study
--flags slow`), which keeps `freeze_study.csv`, `freeze_study.png` and `freeze_study.json` (the commit whose code
ran it) in nbs/images/. Seconds depend on the machine and are not compared; mAP, memory and trainable parameters are.
"""
import argparse, csv, json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
images = root/'nbs'/'images'
MAP_MARGIN = 0.01     # mAP50 and mAP50-95: a fresh run on the same kind of machine gives the same to ~1e-3
MEMORY_MARGIN = 0.10  # relative: autograd's saved tensors depend on the model and batch, not on timing


def read_rows(path) -> list[dict]:
    with open(path, newline='') as f: return list(csv.DictReader(f))


def stored():
    "The stored run's rows and what made it ({'commit': ..., ...})."
    return read_rows(images/'freeze_study.csv'), json.loads((images/'freeze_study.json').read_text(encoding='utf-8'))


def front_page_text(rows: list[dict], made: dict) -> str:
    "The front page's table and its sentence, from the stored run."
    r = {x['freeze']: x for x in rows}
    f = lambda lv, k, fmt: format(float(r[lv][k]), fmt)
    table = ['| freeze | mAP50 | mAP50-95 | seconds per epoch | memory MB | trainable parameters |',
             '|---|---|---|---|---|---|']
    table += [f"| {x['freeze']} | {float(x['mAP50']):.3f} | {float(x['mAP50-95']):.3f} | {float(x['s_per_epoch']):.1f} "
              f"| {float(x['memory_MB']):.0f} | {int(float(x['trainable'])):,} |" for x in rows]
    sentence = (
        "Memory is the tensors autograd keeps for the backward pass (the largest step, MB), what freezing saves on any "
        f"device. Freezing the backbone cut an epoch from {f('0', 's_per_epoch', '.1f')} to "
        f"{f('10', 's_per_epoch', '.1f')} s and that memory from {f('0', 'memory_MB', '.0f')} to "
        f"{f('10', 'memory_MB', '.0f')} MB, for mAP50 {f('10', 'mAP50', '.3f')} against {f('0', 'mAP50', '.3f')}; "
        f"freezing all but Detect, {f('24', 's_per_epoch', '.1f')} s and {f('24', 'memory_MB', '.0f')} MB for "
        f"{f('24', 'mAP50', '.3f')}. The stored run was made with the code of commit `{made['commit']}` "
        f"(`nbs/images/freeze_study.json`, {made['minutes']:.1f} min on a {made['cpus']}-core CPU); CI runs the main "
        "job again and checks these numbers against it.")
    return '\n'.join(table) + '\n\n' + sentence


def _wrap(text: str, width: int = 115) -> str:
    lines, line = [], ''
    for w in text.split(' '):
        if line and len(line) + 1 + len(w) > width: lines.append(line); line = w
        else: line = f'{line} {w}' if line else w
    return '\n'.join(lines + [line])


def write_index():
    "Put the stored run's table and sentence on the front page (nbs/index.ipynb), in place of the old ones."
    p = root/'nbs'/'index.ipynb'
    nb = json.loads(p.read_text(encoding='utf-8'))
    cell = next(c for c in nb['cells'] if c['cell_type'] == 'markdown' and 'images/freeze_study.png' in ''.join(c['source']))
    text = ''.join(cell['source'])
    table, sentence = front_page_text(*stored()).split('\n\n')
    new = re.sub(r'\| freeze \| mAP50.*?(?=\nOn your data)', lambda m: table + '\n\n' + _wrap(sentence), text, flags=re.S)
    if new == text and table not in text: sys.exit('index.ipynb: the main job\'s table was not found')
    cell['source'] = new.splitlines(True)
    p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')


def compare(fresh: list[dict], kept: list[dict]) -> list[str]:
    "Where a fresh run differs from the stored one by more than the margins (one line each)."
    problems = []
    if [r['freeze'] for r in fresh] != [r['freeze'] for r in kept]:
        return [f"levels {[r['freeze'] for r in fresh]} against the stored {[r['freeze'] for r in kept]}"]
    for a, b in zip(fresh, kept):
        for k in ('mAP50', 'mAP50-95'):
            if abs(float(a[k]) - float(b[k])) > MAP_MARGIN:
                problems.append(f"freeze {a['freeze']}: {k} {float(a[k]):.3f} against the stored {float(b[k]):.3f}")
        if abs(float(a['memory_MB']) - float(b['memory_MB'])) > MEMORY_MARGIN * float(b['memory_MB']) + 1:
            problems.append(f"freeze {a['freeze']}: memory {float(a['memory_MB']):.0f} MB against the stored "
                            f"{float(b['memory_MB']):.0f} MB")
        if int(float(a['trainable'])) != int(float(b['trainable'])):
            problems.append(f"freeze {a['freeze']}: {a['trainable']} trainable parameters against the stored {b['trainable']}")
    return problems


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--write-index', action='store_true', help="write the stored run's table into nbs/index.ipynb")
    ap.add_argument('--check', metavar='FRESH_CSV', help='compare a fresh study.csv with the stored run')
    a = ap.parse_args()
    if a.write_index: write_index()
    if a.check:
        kept, made = stored()
        fresh = read_rows(a.check)
        for x, y in zip(fresh, kept):
            print(f"freeze {x['freeze']:>3}: mAP50 {float(x['mAP50']):.3f} (stored {float(y['mAP50']):.3f}), mAP50-95 "
                  f"{float(x['mAP50-95']):.3f} ({float(y['mAP50-95']):.3f}), {float(x['s_per_epoch']):.1f} s/epoch "
                  f"({float(y['s_per_epoch']):.1f}), {float(x['memory_MB']):.0f} MB ({float(y['memory_MB']):.0f})")
        problems = compare(fresh, kept)
        if problems:
            sys.exit('\n'.join([f"the main job's numbers moved from the stored run (commit {made['commit']}); "
                                'regenerate it (python tools/run_notebooks.py 13_freeze_study --flags slow, then '
                                'python tools/main_job.py --write-index):'] + problems))
        print(f"main job: every number within its margin of the stored run (commit {made['commit']})")
