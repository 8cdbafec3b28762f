from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo as an app, installed on a demo install only (LOTS_DEMO): `manage.py load_demo`, and
    the sign-in page's demo log-ins, handed to the product here so that the product never imports
    the demo."""

    name = "demo"
    label = "demo"
    verbose_name = "Lots demo"

    def ready(self) -> None:
        from demo.personas import demo_logins
        from lots.security import login

        login.offer_demo_logins(demo_logins)
