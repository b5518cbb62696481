"""Benchmarks run by `python manage.py bench <name>`; each prints JSON figures."""
