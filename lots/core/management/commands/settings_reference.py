from django.core.management.base import BaseCommand

from lots.conf import REGISTRY


class Command(BaseCommand):
    help = "Print the environment variables Lots reads, as the Markdown table in docs/operations.md."

    def handle(self, *args, **options):
        self.stdout.write("| variable | default | what it sets |\n|---|---|---|")
        for name in sorted(REGISTRY):
            item = REGISTRY[name]
            self.stdout.write(f"| `{item.name}` | `{item.default}` | {item.help} |")
        self.stdout.write("\nEvery variable may instead be given as `NAME_FILE`: the path of a file holding the value.")
