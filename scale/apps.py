from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """The national-scale benchmark data set as an app: `manage.py generate_scale_data`. Installed
    by the benchmarks' settings (benchmarks/settings.py) only, never by the product's."""

    name = "scale"
    label = "scale"
    verbose_name = "Lots scale data"
