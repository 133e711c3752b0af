"""Send the weekly alert of new offers to the students who opted in (a scheduler runs it weekly).

Running it twice sends nothing new the second time: each offer goes once to each alert.
"""

from django.core.management.base import BaseCommand

from jobboard.alerts import send_offer_alerts


class Command(BaseCommand):
    help = "Email each opted-in student the new listed offers of their track."

    def handle(self, *args, **options):
        sent = send_offer_alerts()
        self.stdout.write(f"Offer alerts sent: {sent}")
