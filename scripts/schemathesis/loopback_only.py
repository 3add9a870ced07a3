"""Schemathesis hooks for scripts/schemathesis/run.sh: every HTTP request must go to 127.0.0.1.

Loaded through SCHEMATHESIS_HOOKS. It wraps requests' transport (which schemathesis uses both to load the
schema and to call the API), so a stray `servers` entry, a followed `Location` or a generated absolute URL can
never send traffic anywhere but the loopback server the harness started. A refused request raises, and the
run fails loudly instead of touching the network.
"""

from urllib.parse import urlsplit

import requests

_ALLOWED_HOSTS = {"127.0.0.1"}
_original_send = requests.Session.send


def _loopback_only_send(self, request, **kwargs):
    host = urlsplit(request.url).hostname
    if host not in _ALLOWED_HOSTS:
        raise RuntimeError(f"loopback_only: refused a request to {request.url!r} (only 127.0.0.1 is allowed)")
    return _original_send(self, request, **kwargs)


requests.Session.send = _loopback_only_send
