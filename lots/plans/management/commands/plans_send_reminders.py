from django.core.management.base import BaseCommand

from lots.plans import tasks


class Command(BaseCommand):
    help = "Queue today's follow-up reminders to the leads of SIPs (run once a day, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send them now instead of queueing the task.")

    def handle(self, *args, now: bool, **options):
        if now:
            self.stdout.write(f"{tasks.remind_leads()} reminders sent.")
        else:
            tasks.send_follow_up_reminders.enqueue()
            self.stdout.write("The reminder task is queued.")
