"""The CORDIS import pages, part of the actors namespace (see urls.py)."""

urlpatterns: list = []
