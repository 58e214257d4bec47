"""The shipped packages' layout: no import circle between their Python modules, each package
installed under its own directory name (no setuptools ``package-dir`` remap), and each public dbt
macro in a file of its own.

The import graph is read from the source with ``ast`` (nothing is imported), counting every
import: at module level, inside functions and under ``if TYPE_CHECKING:``.
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
PACKAGES = PYPROJECT["tool"]["setuptools"]["packages"]


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the shipped packages."""
    modules = {}
    for package in PACKAGES:
        directory = REPO / package.replace(".", "/")
        for path in sorted(directory.rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that module ``name`` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the package holding this module
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module
            # `from pkg import mod` imports the module pkg.mod; `from mod import obj` imports mod
            targets = [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in known else stem
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` of a non-module c: a.b
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    return {name: imported_modules(name, path, set(files)) for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (its modules in order, the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for child in sorted(graph.get(node, ())):
            if state.get(child) == "open":
                return path[path.index(child):] + [child]
            if child not in state:
                cycle = visit(child, path + [child])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start, [start])
            if cycle:
                return cycle
    return None


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_graph_sees_imports_in_functions_and_under_type_checking(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\n"
                      "def f():\n    from pkg import b\n    import pkg.c.d\n")
    known = {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.m"}
    assert imported_modules("pkg.m", source, known) == {"pkg.a", "pkg.b", "pkg.c"}


def test_no_import_circle_in_the_shipped_packages():
    graph = import_graph()
    assert "model_monitor.cli" in graph and "python_udfs.statistics" in graph, sorted(graph)
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_demo_is_split_by_job():
    """The generator, the writers and the summary are separate modules; the gate imports the
    generator, the summary the gate, never the other way round."""
    graph = import_graph()
    assert not (REPO / "model_monitor" / "demo.py").exists()  # no compatibility module either
    assert "model_monitor.demo_data" in graph["model_monitor.demo_gate"]
    assert graph["model_monitor.demo_data"] == set()
    assert graph["model_monitor.demo_store"] == set()


def test_packages_are_installed_under_their_own_names():
    """pyproject's packages are directories of the same name: nothing is installed under another
    name (the p-value functions are imported as ``python_udfs``, not remapped into model_monitor)."""
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert "package-dir" not in setuptools
    assert sorted(PACKAGES) == ["model_monitor", "python_udfs"]
    for package in PACKAGES:
        assert (REPO / package / "__init__.py").is_file(), package


def test_test_helpers_are_not_shipped():
    """The tests' DataFrame loader lives in tests/, not in the installed package."""
    assert not (REPO / "model_monitor" / "loading.py").exists()
    assert (REPO / "tests" / "loading.py").is_file()


def test_each_public_macro_has_a_file_of_its_own():
    """Every macro macros/_macros.yml documents (the public ones) lives in a file named after it
    (a generic test `test_x` in `x.sql`) that holds nothing else but its adapter.dispatch
    implementations (`<adapter>__x`); every other macro is internal."""
    import re

    import yaml

    public = [m["name"] for m in yaml.safe_load((REPO / "macros" / "_macros.yml").read_text())["macros"]]
    defined: dict[Path, list[str]] = {}
    for path in sorted((REPO / "macros").rglob("*.sql")):
        names = re.findall(r"\{%-?\s*(?:macro|test)\s+(\w+)\s*\(", path.read_text())
        defined[path] = ["test_" + n if path.parent.name == "generic_tests" and n == path.stem else n for n in names]
    assert len(public) >= 15
    problems = []
    for name in public:
        stem = name.removeprefix("test_")
        homes = [p for p, names in defined.items() if name in names]
        if [p.stem for p in homes] != [stem]:
            problems.append(f"{name}: defined in {[str(p.relative_to(REPO)) for p in homes]}, expected one file {stem}.sql")
            continue
        others = [n for n in defined[homes[0]] if n != name and not n.endswith("__" + stem)]
        if others:
            problems.append(f"{homes[0].relative_to(REPO)}: holds {others} beside the public {name}")
    assert not problems, "\n".join(problems)
