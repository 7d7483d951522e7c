"""The house follows the data: no import cycles in src/rasd, and no upward imports (the store does
not load the pipeline to read a version, exports do not import an extractor, the row model stands
on reference data only). Imports inside functions count; `if TYPE_CHECKING:` blocks do not."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "rasd"
FACADE = "rasd"  # the package's `rasd.analyze` may use any part of it
# Cycles known and left for their owners (each must shrink, never grow): none left.
KNOWN_CYCLES: list[set[str]] = []
# module (prefix) -> packages it must not import
FORBIDDEN = {
    "rasd.store.db": ("rasd.pipeline", "rasd.extract", "rasd.web"),
    "rasd.store.models": ("rasd.pipeline", "rasd.extract", "rasd.web"),
    "rasd.store.export": ("rasd.pipeline", "rasd.extract", "rasd.web"),
    "rasd.store.dedup": ("rasd.pipeline", "rasd.extract", "rasd.web", "rasd.store.db", "rasd.store.export"),
    "rasd.export": ("rasd.pipeline", "rasd.extract", "rasd.store", "rasd.web", "rasd.batch"),
    "rasd.rows": ("rasd.pipeline", "rasd.extract", "rasd.store", "rasd.web", "rasd.export", "rasd.batch"),
    "rasd.filters": ("rasd.pipeline", "rasd.extract", "rasd.store", "rasd.web", "rasd.export", "rasd.batch"),
    "rasd.taxonomy": ("rasd.pipeline", "rasd.extract", "rasd.store", "rasd.web", "rasd.export"),
    "rasd.admin": ("rasd.pipeline", "rasd.extract", "rasd.store", "rasd.web", "rasd.export"),
    "rasd.fingerprint": ("rasd.pipeline", "rasd.extract", "rasd.store", "rasd.web", "rasd.export"),
    "rasd.text": ("rasd.pipeline", "rasd.extract", "rasd.store", "rasd.web", "rasd.export"),
}


def _modules() -> dict[str, Path]:
    out = {}
    for f in SRC.rglob("*.py"):
        parts = f.relative_to(SRC.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names)
    out = set()
    for target in found:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            out.add(target)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_no_import_cycles():
    graph = {n: {d for d in deps if d != FACADE} for n, deps in _graph().items() if n != FACADE}
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep):], dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert [c for c in cycles if set(c) not in KNOWN_CYCLES] == []


def test_no_upward_imports():
    wrong = []
    for name, deps in _graph().items():
        for prefix, forbidden in FORBIDDEN.items():
            if name == prefix or name.startswith(prefix + "."):
                wrong += [f"{name} -> {d}" for d in deps if any(d == f or d.startswith(f + ".") for f in forbidden)]
    assert wrong == []
