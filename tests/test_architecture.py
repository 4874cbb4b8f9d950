"""The import graph of ``mtqa/``, read from the source with :mod:`ast`: no module may import itself
again through others (issue 15).

Both kinds of import are edges: those at module level and those inside a function (a deferred import
still ties the two modules together, and runs, the first time the function does). Imports under
``if TYPE_CHECKING:`` are not: they never run, and they only name types for mypy.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mtqa"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it sits inside a function, skipping TYPE_CHECKING blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (x for n in node.orelse for x in _imports(ast.Module([n], []), in_function))
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, in_function
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        yield from _imports(node, inner)


def imports_of(name: str, path: Path, known: set[str]) -> dict[str, str]:
    """The mtqa modules ``name`` imports, each with ``"module"`` or ``"function"`` (where it is imported;
    ``"module"`` wins when both)."""
    out: dict[str, str] = {}
    is_pkg = path.name == "__init__.py"
    for node, in_function in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:  # relative: from the package of this module
                pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join(pkg + ([base] if base else []))
            # ``from pkg import sub`` imports the submodule when there is one, else a name of pkg
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for t in targets:
            while t and t not in known:  # ``import mtqa.a.b.func``-like names: the module that holds it
                t = t.rpartition(".")[0]
            if t and t != name:
                kind = "function" if in_function else "module"
                if out.get(t) != "module":
                    out[t] = kind
    return out


def import_graph() -> dict[str, dict[str, str]]:
    mods = modules()
    return {n: imports_of(n, p, set(mods)) for n, p in mods.items()}


def _members(graph: dict[str, dict[str, str]], cycle: list[str]) -> set[str]:
    """Every module on some cycle through ``cycle[0]``: reachable from it and reaching it."""
    def reach(start: str, edges: dict[str, set[str]]) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for w in edges.get(todo.pop(), ()):
                if w not in seen:
                    seen.add(w)
                    todo.append(w)
        return seen

    fwd = {v: set(ws) for v, ws in graph.items()}
    back: dict[str, set[str]] = {}
    for v, ws in graph.items():
        for w in ws:
            back.setdefault(w, set()).add(v)
    return reach(cycle[0], fwd) & reach(cycle[0], back)


def cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module (Tarjan), as a path
    ``[a, b, ..., a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    comps: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    out = []
    for comp in comps:  # the shortest way back to the component's first module (breadth first)
        start = min(comp)
        prev: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in prev:
            nxt = []
            for v in frontier:
                for w in sorted(graph[v]):
                    if w in comp and w not in prev:
                        prev[w] = v
                        nxt.append(w)
            frontier = nxt
        path = [start]
        while len(path) == 1 or path[-1] != start:
            path.append(prev[path[-1]])
        out.append(path[::-1])
    return sorted(out)


def _show(graph: dict[str, dict[str, str]], cycle: list[str]) -> str:
    steps = [cycle[0]]
    for a, b in zip(cycle, cycle[1:]):
        steps.append(f"-{'(in a function)' if graph[a][b] == 'function' else ''}-> {b}")
    return " ".join(steps)


def test_the_graph_is_read() -> None:
    g = import_graph()
    assert "mtqa.types" in g and "mtqa.report.text" in g
    assert g["mtqa.pipeline"].get("mtqa.types") == "module"
    assert "mtqa.pipeline" in g["mtqa"]  # mtqa.check imports the pipeline inside the function


def test_no_import_cycle_in_mtqa() -> None:
    g = import_graph()
    found = cycles(g)
    assert not found, f"{len(found)} import cycle(s) in mtqa/ (one path each, then every module on it):\n" + "\n".join(
        f"{_show(g, c)}\n    [{', '.join(sorted(_members(g, c)))}]" for c in found
    )


def test_the_nouns_import_no_renderer() -> None:
    """``types`` sits at the bottom: of mtqa it imports only the errors and the report contract (for
    ``ArticleReport.to_dict()``), and the contract imports nothing of mtqa but the errors at run time
    (it names the types for mypy only), so nothing upstream of the renderers reaches one."""
    g = import_graph()
    assert set(g["mtqa.types"]) <= {"mtqa.errors", "mtqa.report.contract"}
    assert set(g["mtqa.report.contract"]) <= {"mtqa.errors"}
    assert set(g["mtqa.errors"]) == set()
