"""The newsroom event map: Django project (settings, URLs, entry points)."""
__version__ = "0.2.0"
