"""Lots' own settings, with the Server-Timing header on.

Nothing here changes who may see what: the policy and the log run as in production; only the
API's rate limit is raised (below). The variants without them (issue 3's baseline) are separate
settings modules that only the benchmark starts (benchmarks/variants.py).
"""

import os

os.environ.setdefault("LOTS_SERVER_TIMING", "1")
# The benchmark measures what a server can serve; the API's per-client limit (600 a minute)
# would answer most of its requests with 429 once the API pages got fast enough.
os.environ.setdefault("LOTS_API_RATE", "1000000/min")

from lots.settings import *  # noqa: F403

# The data set the benchmark runs on: `manage.py generate_scale_data` (the package `scale`, outside
# the product, which never installs it).
INSTALLED_APPS = [*INSTALLED_APPS, "scale"]  # noqa: F405
