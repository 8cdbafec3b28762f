"""The benchmark's settings with the log's writer replaced (benchmarks/variants.py)."""

from benchmarks.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.variants.PolicyOnly"]  # noqa: F405
