from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "synergy.demo"
    label = "demo"
    verbose_name = "Demo data"
