"""No import circle anywhere in the package: a circle between two modules (or two core folders) means neither can be
understood, tested or moved without the other, and is how the flat core grew tangled before issue 18. The layers
themselves are import-linter contracts (pyproject.toml); this checks what a layers contract cannot: every module."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

import grimp
import pytest

PACKAGE = "creatorwatch"
CORE = "creatorwatch.core."


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Type-checking-only imports count: a circle of them still ties the two modules together.
    return grimp.build_graph(PACKAGE, cache_dir=None)


def _circle(edges: dict[str, set[str]]) -> list[str]:
    """One circle in `edges` (node -> the nodes it imports), or [] when there is none."""
    try:
        TopologicalSorter(edges).prepare()
    except CycleError as exc:
        return list(exc.args[1])
    return []


def test_no_module_imports_itself_through_others(graph: grimp.ImportGraph) -> None:
    edges = {module: {imported for imported in graph.find_modules_directly_imported_by(module)
                      if imported.startswith(PACKAGE)}
             for module in graph.modules if module.startswith(PACKAGE)}
    circle = _circle(edges)
    assert not circle, "import circle between modules: " + " -> ".join(circle)


def test_no_core_folder_imports_itself_through_others(graph: grimp.ImportGraph) -> None:
    def folder(module: str) -> str:
        return module.removeprefix(CORE).split(".")[0]

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if not module.startswith(CORE):
            continue
        edges.setdefault(folder(module), set()).update(
            folder(imported) for imported in graph.find_modules_directly_imported_by(module)
            if imported.startswith(CORE) and folder(imported) != folder(module))
    assert len(edges) > 10  # the folders were found: the check is not vacuous
    circle = _circle(edges)
    assert not circle, "import circle between core folders: " + " -> ".join(circle)
