"""API models of the connectors a tenant can choose."""

from typing import Any

from pydantic import BaseModel, Field

from syncyard_gateway.connectors import base

# Capability protocol → the name a frontend sees.
OPERATIONS: dict[str, type[Any]] = {
    "order_source": base.OrderSource,
    "order_target": base.OrderTarget,
    "customer_target": base.CustomerTarget,
    "product_target": base.ProductTarget,
    "webhook_source": base.WebhookSource,
}


class ConnectorRead(BaseModel):
    name: str
    title: str
    capabilities: base.Capabilities
    operations: list[str] = Field(description="The capability protocols the connector implements.")
    credentials_schema: dict[str, Any] = Field(description="JSON Schema of the credentials form.")

    @classmethod
    def of(cls, connector_class: type[base.Connector]) -> "ConnectorRead":
        return cls(
            name=connector_class.name,
            title=connector_class.title,
            capabilities=connector_class.capabilities,
            operations=[
                name
                for name, protocol in OPERATIONS.items()
                if issubclass(connector_class, protocol)
            ],
            credentials_schema=connector_class.credentials_model.model_json_schema(),
        )
