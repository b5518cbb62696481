"""Benchmarks run by `python manage.py bench <name>`; each prints JSON figures."""
import json
import subprocess
import sys


def child_json(tree, env, *args):
    """Run `python *args` in `tree` with `env` (a probe in a fresh process, on the
    database its env names) and return the JSON object on its last line; its stderr's
    tail is raised if it fails."""
    out = subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])
