"""The store profile: read once per connector instance for the store's currency."""

from syncyard_gateway.connectors.ecwid.client import EcwidClient
from syncyard_gateway.connectors.errors import ConnectorDataError


class StoreProfile:
    """Ecwid orders and products carry no currency code: the store profile says it."""

    def __init__(self, client: EcwidClient) -> None:
        self._client = client
        self._currency: str | None = None

    async def currency(self) -> str:
        if self._currency is None:
            answer = await self._client.get("/profile")
            currency = (answer.get("formatsAndUnits") or {}).get("currency")
            if not isinstance(currency, str) or len(currency) != 3:
                raise ConnectorDataError(
                    "Ecwid's store profile names no currency.", code="unreadable_answer"
                )
            self._currency = currency.upper()
        return self._currency
