"""The product never imports the demo or the benchmark data set: they import it (issue 20).

`demo` and `scale` are packages beside `lots`. Every module under `lots/`, its tests included, is
read here and any import of them, at module level or inside a function, fails the test with the
file and line. What the product needs from the demo it is handed (`offer_demo_logins`)."""

import ast
from pathlib import Path

import pytest

import lots

OUTSIDE = ("demo", "scale")
ROOT = Path(lots.__file__).parent


def _imports_from_outside(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (  # importlib.import_module("demo…") / __import__("demo…") with a written name
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (isinstance(node.func, ast.Name) and node.func.id in {"import_module", "__import__"})
            )
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in OUTSIDE]
    return found


def test_no_module_of_the_product_imports_the_demo_or_the_scale_data():
    offending = [
        f"{path.relative_to(ROOT.parent)}:{line} imports {name}"
        for path in sorted(ROOT.rglob("*.py"))
        for line, name in _imports_from_outside(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    ]
    assert offending == []


@pytest.mark.parametrize(
    "source",
    [
        "import demo",
        "from demo.personas import demo_logins",
        "import scale.sink as sink",
        "def f():\n    from scale import build\n",
        "import importlib\nimportlib.import_module('demo.loader')",
    ],
)
def test_the_check_sees_every_kind_of_import(source):
    assert _imports_from_outside(ast.parse(source))


def test_the_check_leaves_names_that_only_begin_alike():
    assert _imports_from_outside(ast.parse("import demographics\nfrom scaler import x\nfrom . import demo")) == []
