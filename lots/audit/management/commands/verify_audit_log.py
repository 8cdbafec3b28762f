from django.core.management.base import BaseCommand, CommandError

from lots.audit.anchor import read_anchor
from lots.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the access log, and that every row the signed checkpoints in "
        "LOTS_ANCHOR_FILE name is still there; names every row where it breaks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--require-anchor",
            action="store_true",
            help="Fail when the anchor file has no checkpoint (production: the anchor must be there).",
        )

    def handle(self, *args, require_anchor: bool = False, **options):
        anchor = read_anchor()
        checked, breaks = verify_chain(anchored=anchor.anchored)
        problems = [*anchor.problems, *(str(problem) for problem in breaks)]
        for problem in problems:
            self.stderr.write(problem)
        if anchor.missing:
            message = f"No checkpoint in {anchor.path}: rows cut off the end of the log, or all of it, cannot be seen."
            if require_anchor:
                problems.append(message)
            self.stderr.write(message)
        if problems:
            raise CommandError(f"The access log is broken in {len(problems)} place(s) ({checked} rows checked).")
        anchored = f", against {anchor.lines} checkpoint(s) up to {anchor.last_at}" if not anchor.missing else ""
        self.stdout.write(self.style.SUCCESS(f"The access log is whole: {checked} rows checked{anchored}."))
