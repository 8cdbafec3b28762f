"""Lots' own settings, with the Server-Timing header on.

Nothing here changes what the application allows: the policy and the log run as in
production. The variants without them (issue 3's baseline) are separate settings modules
that only the benchmark starts (benchmarks/variants.py).
"""

import os

os.environ.setdefault("LOTS_SERVER_TIMING", "1")

from lots.settings import *  # noqa: F403
