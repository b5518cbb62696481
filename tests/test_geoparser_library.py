"""The geoparser is a library: it imports and parses without Django, and its
modules import no Django and do not import one another in a circle."""
import ast
import subprocess
import sys
from pathlib import Path

import events.geoparser

PACKAGE = Path(events.geoparser.__file__).parent


def test_the_geoparser_parses_in_a_process_without_django(geoparser, tmp_path):
    cache = geoparser_cache_dir()
    code = (
        "import sys\n"
        "from events.geoparser import Geoparser, load_gazetteer\n"
        f"parser = Geoparser(load_gazetteer(directory={str(cache)!r}))\n"
        "names = [m.name for m in parser.parse('سقطت مدينة درنة', language='ar')]\n"
        "assert names == ['Darnah'], names\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
    )
    root = PACKAGE.parents[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr


def geoparser_cache_dir():
    from events.geoparsing import gazetteer_cache_path

    return gazetteer_cache_path().parent


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_module_of_the_geoparser_imports_django_or_the_app():
    for path in PACKAGE.rglob("*.py"):
        for module in _imports(path):
            assert not module.startswith(("django", "events.models", "events.geoparsing")), (path.name, module)


def test_the_geoparser_modules_import_no_circle():
    graph = {}
    for path in PACKAGE.glob("*.py"):
        name = f"events.geoparser.{path.stem}"
        graph[name] = {m for m in _imports(path) if m.startswith("events.geoparser.")}

    def reaches(start, target, seen=()):
        return any(m == target or (m not in seen and reaches(m, target, (*seen, m))) for m in graph.get(start, ()))

    assert not [name for name in graph if reaches(name, name)]
