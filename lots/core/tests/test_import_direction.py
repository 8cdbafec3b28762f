"""The product never imports the demo or the benchmark data set, not even by a name in a string.

`demo` and `scale` are packages beside `lots`. Every import statement of the product (at module
level or inside a function) is checked by the import-linter contract "outside" (pyproject.toml,
`make check`); what import-linter cannot see is a module imported by its written name,
`importlib.import_module("demo…")` or `__import__("scale…")`. Every module under `lots/`, its tests
included, is read here for those, and any fails the test with the file and line."""

import ast
from pathlib import Path

import pytest

import lots

OUTSIDE = ("demo", "scale")
ROOT = Path(lots.__file__).parent


def _imports_by_name_from_outside(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (isinstance(node.func, ast.Name) and node.func.id in {"import_module", "__import__"})
            )
            and node.args[0].value.split(".")[0] in OUTSIDE
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def test_no_module_of_the_product_imports_the_demo_or_the_scale_data_by_name():
    offending = [
        f"{path.relative_to(ROOT.parent)}:{line} imports {name}"
        for path in sorted(ROOT.rglob("*.py"))
        for line, name in _imports_by_name_from_outside(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    ]
    assert offending == []


@pytest.mark.parametrize(
    "source",
    [
        "import importlib\nimportlib.import_module('demo.loader')",
        "from importlib import import_module\nimport_module('scale')",
        "def f():\n    return __import__('demo.personas')\n",
    ],
)
def test_the_check_sees_every_import_by_name(source):
    assert _imports_by_name_from_outside(ast.parse(source))


def test_the_check_leaves_names_that_only_begin_alike_and_plain_imports_to_the_contract():
    assert _imports_by_name_from_outside(ast.parse("import_module('demographics')\n__import__('scaler')")) == []
    assert _imports_by_name_from_outside(ast.parse("import demo\nfrom scale import build")) == []
