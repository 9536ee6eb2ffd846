"""Money as integer minor units plus an ISO 4217 currency: no floats anywhere."""

from decimal import ROUND_HALF_EVEN, Decimal

from pydantic import Field

from syncyard_common.canonical._base import CanonicalModel

_MINOR_UNIT_EXPONENT = {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3}


class TooManyDecimals(ValueError):
    """An amount has more decimals than its currency (24.955 USD): which field, which value."""

    def __init__(self, field: str, value: str, currency: str) -> None:
        digits = Money.exponent(currency)
        super().__init__(
            f"{field} is {value} {currency}, which has more than the {digits} decimals "
            f"{currency} has; amounts are never rounded silently"
        )
        self.field = field
        self.value = value
        self.currency = currency


class Money(CanonicalModel):
    amount: int = Field(description="Amount in minor units (cents).")
    currency: str = Field(min_length=3, max_length=3, pattern=r"^[A-Z]{3}$")

    @staticmethod
    def exponent(currency: str) -> int:
        return _MINOR_UNIT_EXPONENT.get(currency, 2)

    @classmethod
    def from_decimal(cls, value: Decimal | str, currency: str) -> "Money":
        """Parse a vendor's decimal string ("19.95") exactly, rounding half-even."""
        scale = Decimal(10) ** cls.exponent(currency)
        minor = (Decimal(value) * scale).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
        return cls(amount=int(minor), currency=currency)

    @classmethod
    def from_decimal_exact(cls, value: Decimal | str, currency: str, *, field: str) -> "Money":
        """Parse an amount that must fit the currency's minor unit: "24.955" USD is refused
        (``TooManyDecimals``), never rounded without a word. Trailing zeros ("24.9500") fit."""
        scale = Decimal(10) ** cls.exponent(currency)
        scaled = Decimal(value) * scale
        if scaled != scaled.to_integral_value():
            raise TooManyDecimals(field, str(value), currency)
        return cls(amount=int(scaled), currency=currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-self.exponent(self.currency))

    def to_decimal_string(self) -> str:
        """The decimal-string shape several shop APIs use: "19.95"."""
        exponent = self.exponent(self.currency)
        return f"{self.to_decimal():.{exponent}f}"
