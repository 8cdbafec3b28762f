"""Lots' own settings, with the Server-Timing header on and the benchmark-only URLs added.

Nothing here changes what the application allows: the policy and the log run as in
production; the baseline pages live only in `benchmarks.baseline`, under `/bench-baseline/`.
"""

import os

os.environ.setdefault("LOTS_SERVER_TIMING", "1")

from lots.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
