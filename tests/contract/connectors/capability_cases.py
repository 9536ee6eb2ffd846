"""The suite's parameters, derived from each registered connector's declared capabilities."""

from typing import Literal

import pytest
from _pytest.mark import ParameterSet

from syncyard_common.canonical import OrderStatus
from syncyard_gateway.connectors import by_name
from syncyard_gateway.connectors.base import Capabilities, Entity
from tests.contract.connectors.harnesses import VENDORS

Access = Literal["reads", "writes"]


def capabilities(vendor: str) -> Capabilities:
    return by_name.get(vendor).capabilities


def vendors() -> list[ParameterSet]:
    return [pytest.param(vendor, id=vendor) for vendor in VENDORS]


def entities(access: Access, *, declared: bool) -> list[ParameterSet]:
    """(vendor, entity) for every entity each connector does (or does not) declare."""
    return [
        pytest.param(vendor, entity, id=f"{vendor}-{entity.value}")
        for vendor in VENDORS
        for entity in Entity
        if (entity in getattr(capabilities(vendor), access)) is declared
    ]


def writing(entity: Entity) -> list[ParameterSet]:
    """The vendors whose connector declares writing ``entity``."""
    return [
        pytest.param(vendor, id=vendor)
        for vendor in VENDORS
        if entity in capabilities(vendor).writes
    ]


def statuses(*, declared: bool) -> list[ParameterSet]:
    """(vendor, status) for every order status each connector can (or cannot) set."""
    return [
        pytest.param(vendor, status, id=f"{vendor}-{status.value}")
        for vendor in VENDORS
        for status in OrderStatus
        if (status in capabilities(vendor).order_statuses) is declared
    ]
