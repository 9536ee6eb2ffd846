"""Simulator settings, read from SIM_MPLUS_* environment variables."""

import os
from pathlib import Path

from pydantic import BaseModel

from syncyard_sim_mplus import schema


class SimulatorSettings(BaseModel):
    """Credentials the simulator accepts, the WSDL it serves and the employee switch."""

    ident: str = "demo-ident"
    secret: str = "demo-secret"  # noqa: S105 - well-known demo credential of a local simulator
    wsdl_path: Path = schema.default_wsdl_path()
    require_employee_number: bool = True

    @classmethod
    def from_environ(cls) -> "SimulatorSettings":
        """Build settings from SIM_MPLUS_IDENT, _SECRET, _WSDL_PATH, _REQUIRE_EMPLOYEE_NUMBER."""
        env = os.environ
        values: dict[str, object] = {}
        for key, name in (
            ("ident", "SIM_MPLUS_IDENT"),
            ("secret", "SIM_MPLUS_SECRET"),
            ("wsdl_path", "SIM_MPLUS_WSDL_PATH"),
            ("require_employee_number", "SIM_MPLUS_REQUIRE_EMPLOYEE_NUMBER"),
        ):
            if name in env:
                values[key] = env[name]
        return cls.model_validate(values)
