"""The stock flow's rules: compute the number, compare with the target, set it absolutely."""

from typing import Any

from pydantic import BaseModel

from syncyard_common.canonical import StockLevel
from syncyard_common.messages import stock
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.records import EntityLink, Plan, RecordRun
from syncyard_orchestrator.flows.stock.settings import StockCalculation, StockFlowSettings


def quantity_to_send(level: StockLevel, settings: StockFlowSettings) -> int:
    """The level the target should show, per the chosen calculation."""
    if settings.calculation is StockCalculation.AVAILABLE:
        quantity = level.available
    elif settings.calculation is StockCalculation.AVAILABLE_PLUS_INCOMING:
        quantity = level.available + level.incoming
    else:
        quantity = level.available - level.reserved
    return max(quantity, 0) if settings.never_negative else quantity


class StockRules:
    flow = "stock"
    entity = "stock"
    settings_model: type[BaseModel] = StockFlowSettings
    found_type: type[Message] | None = stock.StockReadV1
    maps = True
    written_type: type[Message] = stock.StockSetV1

    def entity_ref(self, record: dict[str, Any]) -> str:
        return str(record.get("sku") or "?")

    def screen(self, record: dict[str, Any], settings: StockFlowSettings) -> str | None:
        if not settings.target_manages_stock:
            return "the target does not manage stock (setting)"
        wanted = settings.source_location_id
        if wanted is not None and record.get("location_id") not in (None, wanted):
            return f"stock of location {record.get('location_id')}, not {wanted} (setting)"
        return None

    def find(self, run: RecordRun, mapped: dict[str, Any], settings: StockFlowSettings) -> Message:
        return stock.GetStockV1(
            connection_id=run.target_connection_id,
            skus=[mapped["sku"]],
            location_id=settings.target_location_id,
        )

    def plan(
        self,
        run: RecordRun,
        mapped: dict[str, Any],
        found: Message | None,
        settings: StockFlowSettings,
    ) -> Plan:
        level = StockLevel.model_validate(mapped)
        quantity = quantity_to_send(level, settings)
        assert isinstance(found, stock.StockReadV1)
        current = next((item for item in found.levels if item.sku == level.sku), None)
        if current is None:
            reason = f"SKU {level.sku} does not exist in the target; its stock cannot be set"
            return Plan(failure=("sku_not_in_target", reason))
        if current.available == quantity:
            return Plan(skip_reason=f"the target already shows {quantity}: unchanged")
        command = stock.SetStockV1(
            connection_id=run.target_connection_id,
            sku=level.sku,
            quantity=quantity,
            location_id=settings.target_location_id,
        )
        return Plan(command=command, fields=[f"quantity {current.available} → {quantity}"])

    def written(self, run: RecordRun, result: Message) -> tuple[str, list[EntityLink]]:
        assert isinstance(result, stock.StockSetV1)
        return result.sku, []
