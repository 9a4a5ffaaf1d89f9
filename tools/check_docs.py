"""Check the documentation site: every notebook has its page, and each page shows the figures its notebook stores.

    nbdev_docs && python tools/check_docs.py _docs      # the site as published (quarto; CI and deploy.yaml)
    python tools/check_docs.py --build _pages           # the same pages without quarto: nbdev's processing
                                                        # (hidden cells out, signatures in), then nbconvert's HTML

Page names follow nbdev and quarto: `04a_augment.ipynb` is `augment.html`, `index.ipynb` is `index.html`.
A figure is a PNG or JPEG output of a cell the docs show (`#| hide` cells are left out of the site).
"""
import argparse, html, json, re, shutil, subprocess, sys, time
import yaml
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs = root/'nbs'


def page_name(nb: Path) -> str:
    "The page a notebook becomes (nbdev's doclinks use the same rule)."
    return re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.name.lower()).replace('.ipynb', '.html')


def shown_figures(nb: Path) -> int:
    "Figures stored in the cells the docs show."
    n = 0
    for c in json.loads(nb.read_text(encoding='utf-8'))['cells']:
        if c['cell_type'] != 'code' or re.match(r'\s*#\s*\|\s*hide\b', ''.join(c['source'])): continue
        n += sum(1 for o in c.get('outputs', []) if {'image/png', 'image/jpeg'} & set(o.get('data', {})))
    return n


def page_figures(html: str) -> int:
    "Images on a page that are the notebook's own (files or inline data), not badges fetched from elsewhere."
    return sum(1 for src in re.findall(r'<img[^>]*\bsrc="([^"]+)"', html) if not src.startswith(('http://', 'https://')))


def build(out: Path):
    "The docs pages without quarto: nbdev's notebook processing into _proc/, then each notebook as HTML."
    from nbdev.serve import proc_nbs
    print(f"building the pages without quarto: nbdev's processing, then nbconvert (about 5 s a page)", flush=True)
    proc = proc_nbs(nbs, n_workers=0, force=True)
    tmp = out/'_notebooks'; tmp.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    standard = {'cell_type', 'id', 'metadata', 'source', 'outputs', 'execution_count', 'attachments'}
    pages = sorted(proc.glob('*.ipynb'))
    for i, nb in enumerate(pages):
        t0 = time.time()
        d = json.loads(nb.read_text(encoding='utf-8'))  # nbdev's processing leaves keys of its own that nbconvert rejects
        cells = []
        for c in d['cells']:
            c = {k: v for k, v in c.items() if k in standard}
            text = ''.join(c['source'])
            if c['cell_type'] == 'raw' and text.startswith('---'):                   # quarto's front matter: its title
                fm = yaml.safe_load(text.strip().strip('-')) or {}
                if fm.get('title'): cells.append(dict(cell_type='markdown', id=c.get('id', 'title'), metadata={},
                                                      source=f"# {fm['title']}\n\n> {fm.get('description', '')}"))
                continue
            if re.search(r'^#\|\s*echo:\s*false', text, re.M): c['metadata'] = {'tags': ['remove_input']}  # quarto shows only the output
            if c['cell_type'] == 'code':  # quarto reads the cell options (`#| code-fold: true`, ...) and does not show them
                c['source'] = re.sub(r'^#\|.*(\n|$)', '', text, flags=re.M)
                fold = re.search(r'^#\|\s*code-fold:\s*true', text, re.M)
                if fold and not c['metadata'].get('tags'):  # folded as quarto folds it: the code behind its summary
                    summary = re.search(r'^#\|\s*code-summary:\s*"?([^"\n]*)"?', text, re.M)
                    cells.append(dict(cell_type='markdown', id=f"{c.get('id', 'c')}-fold", metadata={}, source=(
                        f'<details><summary>{html.escape(summary.group(1) if summary else "Code")}</summary>'
                        f'<pre><code class="language-python">{html.escape(c["source"])}</code></pre></details>')))
                    c['metadata'] = {'tags': ['remove_input']}
            for o in c.get('outputs', []):                                            # quarto's link attributes
                if 'text/markdown' in o.get('data', {}):
                    o['data']['text/markdown'] = re.sub(r'\{target="_blank"[^}]*\}', '', ''.join(o['data']['text/markdown']))
            cells.append(c)
        d['cells'] = cells
        (tmp/nb.name).write_text(json.dumps(d), encoding='utf-8')  # a copy: nbdev's _proc/ stays as quarto would read it
        subprocess.run([sys.executable, '-m', 'nbconvert', '--to', 'html', '--no-prompt', '--log-level', 'ERROR', str(tmp/nb.name),
                        '--TagRemovePreprocessor.enabled=True', '--TagRemovePreprocessor.remove_input_tags=remove_input',
                        '--output-dir', str(out), '--output', page_name(nb)[:-5]], check=True)
        print(f'page {i + 1}/{len(pages)}: {page_name(nb)} ({time.time() - t0:.0f} s)', flush=True)
    shutil.rmtree(tmp)
    if (nbs/'images').is_dir(): shutil.copytree(nbs/'images', out/'images', dirs_exist_ok=True)  # pictures the prose shows


def check(site: Path) -> list[str]:
    problems = []
    for nb in sorted(nbs.glob('*.ipynb')):
        page = site/page_name(nb)
        if not page.is_file(): problems.append(f'{nb.name}: no page {page}'); continue
        want, got = shown_figures(nb), page_figures(page.read_text(encoding='utf-8', errors='replace'))
        html = page.read_text(encoding='utf-8', errors='replace')
        missing = [src for src in re.findall(r'<img[^>]*\bsrc="([^"]+)"', html)
                   if not src.startswith(('http://', 'https://', 'data:')) and not (site/src).is_file()]
        if missing: problems.append(f'{nb.name}: {page.name} shows pictures that are not on the site: {missing}')
        if got < want: problems.append(f'{nb.name}: {page.name} shows {got} of its {want} figures')
        else: print(f'{page.name}: {got} figures ({want} stored)')
    return problems


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('site', help='folder of the built pages')
    ap.add_argument('--build', action='store_true', help='build the pages there first (nbdev processing + nbconvert)')
    a = ap.parse_args()
    if a.build: build(Path(a.site))
    problems = check(Path(a.site))
    if problems: sys.exit('\n'.join(['docs check failed:'] + problems))
    print(f'docs: {len(list(nbs.glob("*.ipynb")))} pages, every figure shown')
