from django.core.management.base import BaseCommand, CommandError

from lots.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the access log; names every row where it breaks."

    def handle(self, *args, **options):
        checked, breaks = verify_chain()
        for problem in breaks:
            self.stderr.write(str(problem))
        if breaks:
            raise CommandError(f"The access log is broken in {len(breaks)} place(s) ({checked} rows checked).")
        self.stdout.write(self.style.SUCCESS(f"The access log is whole: {checked} rows checked."))
