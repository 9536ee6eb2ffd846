"""The service's sandbox, installed by the lifespan; without one (unit tests) tasks run inline."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from syncyard_mapper.engine import apply
from syncyard_mapper.sandbox.pool import SandboxPool

T = TypeVar("T")


@dataclass
class Sandbox:
    pool: SandboxPool | None = None
    limits: apply.Limits = field(default_factory=apply.Limits)
    batch_timeout_s: float = 10.0
    """Hard time limit of a preview, a save's checks or a run of mapping tests."""

    @property
    def record_timeout_s(self) -> float:
        """Hard time limit of one record's mapping: its budget plus a second for the worker."""
        return self.limits.mapping_timeout_ms / 1000 + 1.0

    async def run(
        self,
        function: Callable[..., T],
        *args: Any,
        deadline_s: float,
        for_tenant: str | None = None,
        **kwargs: Any,
    ) -> T:
        if self.pool is None:
            return function(*args, **kwargs)
        return await self.pool.run(
            function, *args, deadline_s=deadline_s, for_tenant=for_tenant, **kwargs
        )


_installed = {"sandbox": Sandbox()}


def install(sandbox: Sandbox) -> None:
    _installed["sandbox"] = sandbox


def get() -> Sandbox:
    return _installed["sandbox"]
