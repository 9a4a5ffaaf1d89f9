"""The package's shape, checked: no import circles (function-level imports count), no private name imported across
modules, no chapter importing a later-numbered one (its exported code or its tests), modules <= 450 lines and
functions <= 80 lines.

    python tools/check_structure.py        # prints each problem; exits 1 when there is one
"""
import ast, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG, NBS = ROOT / 'yolofrz', ROOT / 'nbs'
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 450, 80

def chapter_of(module: str) -> str:
    "The notebook a generated module comes from ('07_val' for val)."
    m = re.search(r'File to edit: \.\./nbs/(\S+)\.ipynb', (PKG / f'{module}.py').read_text())
    return m.group(1) if m else ''

def imports_in(tree) -> list:
    "(module, [names]) for each `from yolofrz.x import ...` / `from .x import ...`, wherever it sits."
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            mod = node.module
            if node.level == 1: out.append((mod, [a.name for a in node.names]))
            elif mod.startswith('yolofrz.'): out.append((mod.split('.', 1)[1], [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name.split('.', 1)[1], []) for a in node.names if a.name.startswith('yolofrz.')]
    return out

def find_cycles(graph: dict) -> list:
    "Each strongly connected group of more than one module (Tarjan)."
    index, low, stack, on, groups, n = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
        for w in graph.get(v, ()):
            if w not in index: visit(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop(); on.discard(w); group.append(w)
                if w == v: break
            if len(group) > 1: groups.append(sorted(group))
    for v in sorted(graph):
        if v not in index: visit(v)
    return groups

def problems() -> list:
    out, graph = [], {}
    modules = sorted(p.stem for p in PKG.glob('*.py') if not p.stem.startswith('_'))
    trees = {mod: ast.parse((PKG / f'{mod}.py').read_text()) for mod in modules}
    private_defs = {mod: {n.name for n in ast.walk(t) if isinstance(n, (ast.FunctionDef, ast.ClassDef))
                          and n.name.startswith('_') and not n.name.startswith('__')} for mod, t in trees.items()}
    for mod in modules:
        text = (PKG / f'{mod}.py').read_text()
        tree = ast.parse(text)
        graph[mod] = set()
        for dep, names in imports_in(tree):
            if dep not in modules: continue
            graph[mod].add(dep)
            out += [f'{mod}: imports the private name {dep}.{n}' for n in names if n.startswith('_')]
            if chapter_of(dep) > chapter_of(mod):
                out.append(f'{mod} ({chapter_of(mod)}): imports {dep} from a later chapter ({chapter_of(dep)})')
        used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}  # obj._name: a private method's use
        for other, names in private_defs.items():
            if other != mod:
                out += [f'{mod}: uses the private {other}.{n}' for n in used & names - private_defs[mod]]
        if (n := len(text.splitlines())) > MAX_MODULE_LINES: out.append(f'{mod}: {n} lines (> {MAX_MODULE_LINES})')
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if (n := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES:
                    out.append(f'{mod}.{node.name}: {n} lines (> {MAX_FUNCTION_LINES})')
    out += [f'import circle: {" <-> ".join(g)}' for g in find_cycles(graph)]
    for nb in sorted(NBS.glob('[0-9]*.ipynb')):  # the chapters' tests and examples too
        cells = json.loads(nb.read_text())['cells']
        for c in cells:
            if c['cell_type'] != 'code': continue
            src = ''.join(c['source'])
            try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('%', '!'))))
            except SyntaxError: continue
            for dep, _ in imports_in(tree):
                if dep in modules and chapter_of(dep) > nb.stem:
                    out.append(f'{nb.stem}: a cell imports {dep} from a later chapter ({chapter_of(dep)})')
    return sorted(set(out))

if __name__ == '__main__':
    found = problems()
    print('\n'.join(found) or 'structure: no problems')
    sys.exit(1 if found else 0)
