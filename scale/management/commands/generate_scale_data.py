import time

from django.core.management.base import BaseCommand, CommandError

import scale
from lots.audit.verify import verify_chain
from scale.sink import Progress


class Command(BaseCommand):
    help = (
        "Generate a deterministic data set proportioned like Sweden for N children "
        "(benchmarks only: never on a database that holds real data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True, help="How many children (10 000 – 2 200 000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data set.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument("--verify", action="store_true", help="Verify the access log's hash chain afterwards.")

    def handle(self, *args, children: int, seed: int, quiet: bool, verify: bool, **options):
        if children < scale.MIN_CHILDREN:
            raise CommandError(f"At least {scale.MIN_CHILDREN} children.")
        progress = Progress(enabled=not quiet, stream=self.stderr)
        started = time.monotonic()
        ctx = scale.build(children=children, seed=seed, progress=progress)
        elapsed = time.monotonic() - started
        rows = sum(progress.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{children:,} children, {ctx.plan.municipalities} municipalities, {ctx.plan.regions} regions: "
                f"{rows:,} rows in {elapsed:.1f} s ({ctx.audit.written:,} access-log rows)."
            )
        )
        for name, seconds in ctx.step_seconds.items():
            self.stdout.write(f"  step {name:<23} {seconds:8.1f} s")
        for label, seconds in progress.timings.items():
            self.stdout.write(f"  {label:<28} {progress.counts[label]:>12,} rows {seconds:8.1f} s")
        if verify:
            checked, breaks = verify_chain()
            if breaks:
                raise CommandError(f"The access log is broken in {len(breaks)} place(s) ({checked} rows checked).")
            self.stdout.write(f"The access log is whole: {checked:,} rows checked.")
