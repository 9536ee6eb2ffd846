"""Every vendor's harness fixture, gathered for the capability suite (test_capabilities.py).

Every registered connector must have a harness: a missing one fails the suite, it is never
skipped. Import the fixtures with ``from tests.contract.connectors.harnesses import *``.
"""

import importlib

import pytest

from syncyard_gateway.connectors import by_name
from tests.contract.connectors.harness import Harness

VENDORS = tuple(sorted(by_name.CONNECTORS))

__all__ = ["VENDORS", "harness"]


def _gather(vendor: str) -> None:
    """Put the vendor's fixtures (``<vendor>_harness`` and, if it has one, ``<vendor>_url``)
    into this module, so a star import hands them to pytest."""
    module = importlib.import_module(f"tests.contract.connectors.harness_{vendor}")
    for name in (f"{vendor}_harness", f"{vendor}_url"):
        if hasattr(module, name):
            globals()[name] = getattr(module, name)
            __all__.append(name)


for _vendor in VENDORS:
    _gather(_vendor)


@pytest.fixture
def harness(request: pytest.FixtureRequest, vendor: str) -> Harness:
    """The harness of the test's ``vendor`` parameter, on a freshly reset simulator.
    Synchronous, so the async harness fixtures are set up before the test's event loop runs."""
    harness: Harness = request.getfixturevalue(f"{vendor}_harness")
    return harness
