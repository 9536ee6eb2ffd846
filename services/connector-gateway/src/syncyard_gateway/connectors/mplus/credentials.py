"""What the MplusKASSA setup form asks for; ident and secret travel as query parameters."""

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class MplusCredentials(BaseModel):
    """Endpoint, ident/secret and the installation's defaults (branch, currency)."""

    model_config = ConfigDict(extra="forbid", title="MplusKASSA credentials")

    base_url: str = Field(
        description="API endpoint including its port, e.g. https://api.mpluskassa.nl:34567/",
        min_length=1,
    )
    ident: str = Field(min_length=1)
    secret: SecretStr
    branch_number: int = Field(
        default=1, ge=1, description="Branch that books web orders and keeps the synced stock."
    )
    currency: str = Field(
        default="EUR", pattern=r"^[A-Z]{3}$", description="Currency of the till's prices (cents)."
    )
    employee_number: int | None = Field(
        default=None, ge=1, description="Employee booked on stock changes (optional)."
    )
