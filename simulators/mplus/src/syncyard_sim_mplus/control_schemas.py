"""JSON bodies of the control API (`/_sim/...`)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ArticleSeed(BaseModel):
    """An article to seed; products are created on the fly (one per article by default)."""

    articleNumber: int  # Mplus field names are kept on purpose
    description: str
    priceIncl: int = Field(description="cents, VAT included")
    pluNumber: str | None = None
    vatPercentage: int = 21
    stockArticle: bool = True
    barcode: str | None = None
    productNumber: int | None = None
    productDescription: str | None = Field(
        default=None, description="name of a product this seed creates (default: description)"
    )
    webshop: bool = True
    active: bool = True
    colour: str | None = None
    size: str | None = None


class EmployeeSeed(BaseModel):
    """An employee the till knows; orders must name one (``employeeNumber``)."""

    model_config = ConfigDict(extra="forbid")

    employeeNumber: int = Field(ge=1, le=99999999)
    name: str = "Employee"


class OrderLineSeed(BaseModel):
    """A seeded order line: price in cents, quantity with decimalPlaces."""

    articleNumber: int
    quantity: int = 1
    decimalPlaces: int = 0
    price: int | None = None


class OrderSeed(BaseModel):
    """An order to seed; fields not listed may be passed in WSDL shape via `extra`."""

    extOrderId: str
    relationNumber: int | None = None
    employeeNumber: int | None = 1
    lines: list[OrderLineSeed] = []
    extra: dict[str, Any] = {}


class FailNext(BaseModel):
    """The next ``count`` SOAP calls answer ``status`` (429 or 5xx) without doing anything."""

    model_config = ConfigDict(extra="forbid")

    status: int = Field(ge=429, le=599)
    count: int = Field(default=1, ge=0)


class FaultSwitches(BaseModel):
    """Partial update of the fault switches; omitted fields keep their value."""

    latency_ms: int | None = Field(default=None, ge=0)
    error_rate_5xx: float | None = Field(default=None, ge=0, le=1)
    reset_after_commit: int | bool | None = None
    refuse_after_commit: int | None = Field(default=None, ge=0)
    require_employee_number: bool | None = None
    strict_requests: bool | None = None
    fail_next: FailNext | None = None


class GroupSeed(BaseModel):
    """An article group to seed; parentGroupNumber 0 (or none) is the top level."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    parentGroupNumber: int = 0
    text: str = ""


class StockSeed(BaseModel):
    """An absolute stock level, booked like setStock (history row and stockId)."""

    model_config = ConfigDict(extra="forbid")

    articleNumber: int
    amount: int
    decimalPlaces: int = 0
    branchNumber: int = 1
    amountReserved: int = 0  # held for sales orders: getStock reports it beside amountFree
