"""engine.scoring as a package: its public names exist and its modules import only the standard library."""

from __future__ import annotations

from engine import scoring


def test_all_lists_only_names_that_exist() -> None:
    for name in scoring.__all__:
        assert hasattr(scoring, name), name


def test_scoring_modules_import_only_the_standard_library_and_each_other() -> None:
    import ast
    import sys
    from pathlib import Path

    modules = set()
    for path in Path(scoring.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, modules
