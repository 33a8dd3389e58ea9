"""Work started at the same moment in threads: two tabs, two workers, a crowd of requests."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from django.db import connection


def in_parallel(*functions) -> list:
    """Start the functions at the same moment in threads; return their results in order.

    An exception a function raised is returned in its place, for the test to assert on.
    Each thread closes the database connection it opened, so none outlives the test.
    """
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 - reported to the test as a result
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


class Browser:
    """A minimal HTTP client with its own cookies, like a second browser tab."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        request = urllib.request.Request(
            self.base_url + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base_url + path},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def logged_in_tab(live_server, user) -> Browser:
    """A tab signed in as ``user`` through the real sign-in form."""
    from tests.factories import PASSWORD

    tab = Browser(live_server.url)
    token = csrf_token(tab, "/accounts/login/")
    tab.post("/accounts/login/", {"csrfmiddlewaretoken": token, "login": user.email, "password": PASSWORD})
    return tab


def csrf_token(tab: Browser, path: str) -> str:
    """The CSRF token of the form on the page at ``path``, as the tab received it."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', tab.get(path)).group(1)
