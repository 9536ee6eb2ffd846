"""The customer flow's rules: find by exact e-mail, then create or update the debtor."""

from typing import Any

from pydantic import BaseModel

from syncyard_common.canonical import Customer
from syncyard_common.messages import customers
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.customers.settings import CustomerFlowSettings
from syncyard_orchestrator.flows.records import EntityLink, Plan, RecordRun

# Fields compared to decide whether an update is needed at all.
_COMPARED = (
    "email",
    "first_name",
    "last_name",
    "company_name",
    "phone",
    "vat_number",
    "billing_address",
)


class CustomerRules:
    flow = "customers"
    entity = "customers"
    settings_model: type[BaseModel] = CustomerFlowSettings
    found_type: type[Message] | None = customers.CustomerFoundV1
    maps = True
    written_type: type[Message] = customers.CustomerUpsertedV1

    def entity_ref(self, record: dict[str, Any]) -> str:
        return str(record.get("email") or record.get("id") or "?")

    def screen(self, record: dict[str, Any], settings: CustomerFlowSettings) -> str | None:
        if not record.get("email"):
            return "the customer has no e-mail address to match on"
        return None

    def find(
        self, run: RecordRun, mapped: dict[str, Any], settings: CustomerFlowSettings
    ) -> Message:
        return customers.FindCustomerV1(
            connection_id=run.target_connection_id, email=str(mapped["email"])
        )

    def plan(
        self,
        run: RecordRun,
        mapped: dict[str, Any],
        found: Message | None,
        settings: CustomerFlowSettings,
    ) -> Plan:
        customer = Customer.model_validate(mapped)
        assert isinstance(found, customers.CustomerFoundV1)
        existing = found.customer
        if existing is not None:
            if not settings.update_existing:
                return Plan(skip_reason="the customer exists and updates are off (setting)")
            theirs, ours = existing.model_dump(mode="json"), customer.model_dump(mode="json")
            changed = [
                name for name in _COMPARED if ours.get(name) and theirs.get(name) != ours.get(name)
            ]
            if not changed:
                return Plan(skip_reason="the customer in the target is already up to date")
            fields = changed
        else:
            fields = [f"new {customer.kind.value} debtor"]
        command = customers.UpsertCustomerV1(
            connection_id=run.target_connection_id,
            customer=customer,
            existing_id=existing.id if existing is not None else None,
        )
        return Plan(command=command, fields=fields)

    def written(self, run: RecordRun, result: Message) -> tuple[str, list[EntityLink]]:
        assert isinstance(result, customers.CustomerUpsertedV1)
        return result.customer_id, [EntityLink("customers", run.source_id, result.customer_id)]
