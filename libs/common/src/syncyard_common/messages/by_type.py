"""The one list of message types: ``type`` → model class. Nothing else names a message."""

from pydantic import BaseModel

from syncyard_common.messages import (
    audit,
    categories,
    connections,
    connector_errors,
    customers,
    data_subjects,
    integrations,
    mapping,
    order_status,
    orders,
    products,
    reconciliations,
    records,
    retention,
    runs,
    stock,
)

MESSAGE_TYPES: dict[str, type[BaseModel]] = {
    model.model_fields["type"].default: model
    for model in (
        orders.OrderReceivedV1,
        orders.FetchOrderV1,
        orders.OrderFetchedV1,
        orders.FindOrderV1,
        orders.OrderFoundV1,
        orders.CreateOrderV1,
        orders.OrderCreatedV1,
        orders.PlaceOrderV1,
        orders.OrderPlacedV1,
        customers.FindCustomerV1,
        customers.CustomerFoundV1,
        customers.UpsertCustomerV1,
        customers.CustomerUpsertedV1,
        products.CheckProductsV1,
        products.ProductsCheckedV1,
        records.RecordChangedV1,
        records.FetchRecordV1,
        records.ReadChangesV1,
        records.ChangesReadV1,
        products.FindProductV1,
        products.ProductFoundV1,
        products.WriteProductV1,
        products.ProductWrittenV1,
        categories.UpsertCategoryV1,
        categories.CategoryUpsertedV1,
        stock.GetStockV1,
        stock.StockReadV1,
        stock.SetStockV1,
        stock.StockSetV1,
        order_status.SetOrderStatusV1,
        order_status.OrderStatusSetV1,
        connector_errors.CommandFailedV1,
        mapping.MapRecordV1,
        mapping.RecordMappedV1,
        mapping.RecordMappingFailedV1,
        audit.StepRecordedV1,
        audit.StepsRecordedV1,
        runs.RunFailedV1,
        runs.RunCompletedV1,
        connections.ConnectionFailedV1,
        connections.ConnectionRecoveredV1,
        connections.ConnectionOutageStartedV1,
        connections.ConnectionOutageEndedV1,
        integrations.IntegrationReadsChangedV1,
        integrations.IntegrationOwnedV1,
        reconciliations.ReconciliationDiscrepancyFoundV1,
        data_subjects.DataSubjectEraseRequestedV1,
        data_subjects.DataSubjectErasedV1,
        retention.TenantRetentionSetV1,
    )
}


class UnknownMessageType(LookupError):
    """A message whose type no model is registered for."""


def parse_payload(message_type: str, payload: dict[str, object]) -> BaseModel:
    """Validate a payload against the model registered for its type."""
    try:
        model = MESSAGE_TYPES[message_type]
    except KeyError:
        raise UnknownMessageType(message_type) from None
    return model.model_validate(payload)
