import factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.notifications import kinds
from lots.notifications.models import Notification
from lots.organisations.tests.factories import UserFactory

kinds.register("notifications.test", _("A plan you take part in needs you"))


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "notifications.test"
    url = "/barn/"

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))
