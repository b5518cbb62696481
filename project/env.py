"""Typed readers for settings that come from the environment.

Each helper raises ImproperlyConfigured on a value it cannot understand, so a typo
such as DEBUG=maybe stops the process at start-up instead of silently meaning False.

Any variable X may instead be given as X_FILE, the path of a file holding the value
(container secrets: SECRET_KEY_FILE=/run/secrets/secret_key). The file's trailing
newline is dropped. Setting both X and X_FILE is refused, as is a file that cannot
be read.

A development checkout may keep a `.env` file (KEY=VALUE lines) beside manage.py;
`make run` writes one with DEBUG=1 so that the README's commands work as written.
Real environment variables always win over it, `ENV_FILE` names another file and
`ENV_FILE=` (empty) reads none. Production never depends on it: the gunicorn
configuration refuses to serve with DEBUG on, and `check --deploy` refuses the
development key (see docs/operations.md).
"""
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path=None):
    """Read KEY=VALUE lines from the development .env into os.environ, never overriding.

    python-dotenv would do; the format we write and read is four lines of KEY=VALUE,
    so a dozen lines here spare a runtime dependency. Returns the keys it set.
    """
    if path is None:
        path = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
    if not path:
        return []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ImproperlyConfigured(f"The environment file {path} cannot be read: {exc}") from exc
    loaded = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=VALUE, got {line!r}.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if key not in os.environ:
            os.environ[key] = value
            loaded.append(key)
    return loaded


def raw(name, default=None):
    """The variable's text, from X or from the file named by X_FILE; default if neither."""
    file_name = f"{name}_FILE"
    if name in os.environ and os.environ.get(file_name):
        raise ImproperlyConfigured(f"Set {name} or {file_name}, not both.")
    if os.environ.get(file_name):
        path = os.environ[file_name]
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ImproperlyConfigured(f"{file_name}={path!r} cannot be read: {exc.strerror}.") from None
    return os.environ.get(name, default)


def envbool(name, default):
    value = raw(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def _number(name, default, kind, minimum):
    value = raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = kind(value)
    except ValueError:
        label = "an integer" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name}={value!r} is not {label}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    return number


def envint(name, default, *, minimum=None):
    return _number(name, default, int, minimum)


def envfloat(name, default, *, minimum=None):
    return _number(name, default, float, minimum)


def envstr(name, default):
    return raw(name, default)


def envlist(name, default):
    """A comma-separated list; blank items are dropped."""
    value = raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def envchoice(name, default, choices):
    value = raw(name, default)
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {allowed}.")
    return value
