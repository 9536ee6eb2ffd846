"""Pydantic models of the Ecwid JSON this connector reads (external-apis.md 4.2).

Field names are Ecwid's own (camelCase). Money fields are Decimal: the client parses JSON
numbers with ``parse_float=Decimal``."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class EcwidModel(BaseModel):
    """Ecwid adds fields over time: ignore what we do not read."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class EcwidPerson(EcwidModel):
    """PersonInfo: billingPerson, shippingPerson and each of shippingAddresses[]."""

    id: int | None = None
    name: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    companyName: str | None = None
    street: str | None = None
    city: str | None = None
    countryCode: str | None = None
    postalCode: str | None = None
    stateOrProvinceCode: str | None = None
    phone: str | None = None


class EcwidCustomer(EcwidModel):
    id: int
    email: str | None = None
    name: str | None = None
    updated: str | None = None
    billingPerson: EcwidPerson | None = None
    shippingAddresses: list[EcwidPerson] = Field(default_factory=list)
    taxId: str | None = None
    b2b_b2c: str | None = None


class EcwidOption(EcwidModel):
    name: str
    value: str | None = None


class EcwidAttribute(EcwidModel):
    name: str | None = None
    type: str | None = None
    value: str | None = None


class EcwidCombination(EcwidModel):
    id: int
    sku: str | None = None
    options: list[EcwidOption] = Field(default_factory=list)
    price: Decimal | None = None
    quantity: int | None = None
    unlimited: bool | None = None
    attributes: list[EcwidAttribute] = Field(default_factory=list)


class EcwidProductOption(EcwidModel):
    name: str
    type: str | None = None
    choices: list[dict[str, object]] = Field(default_factory=list)


class EcwidProduct(EcwidModel):
    # Kept whole: the connector's own fields (product_extras) are read from it.
    model_config = ConfigDict(extra="allow", frozen=True)

    id: int
    sku: str
    name: str
    price: Decimal = Decimal(0)
    quantity: int | None = None
    unlimited: bool = False
    enabled: bool = True
    description: str | None = None
    categoryIds: list[int] = Field(default_factory=list)
    attributes: list[EcwidAttribute] = Field(default_factory=list)
    options: list[EcwidProductOption] = Field(default_factory=list)
    combinations: list[EcwidCombination] = Field(default_factory=list)
    updateTimestamp: int | None = None


class EcwidCategory(EcwidModel):
    id: int
    name: str
    parentId: int | None = None
    description: str | None = None
    enabled: bool = True


class EcwidTax(EcwidModel):
    name: str | None = None
    value: Decimal | None = None  # percent, e.g. 21
    total: Decimal | None = None


class EcwidOrderItem(EcwidModel):
    id: int | None = None
    productId: int | None = None
    sku: str | None = None
    name: str | None = None
    quantity: int
    price: Decimal
    taxes: list[EcwidTax] = Field(default_factory=list)


class EcwidShippingOption(EcwidModel):
    shippingMethodName: str | None = None
    shippingRate: Decimal | None = None


class EcwidOrder(EcwidModel):
    orderNumber: int
    id: str | None = None  # the newer alphanumeric order id
    vendorOrderNumber: str | None = None
    email: str | None = None
    total: Decimal | None = None
    tax: Decimal | None = None
    couponDiscount: Decimal | None = None
    volumeDiscount: Decimal | None = None
    discount: Decimal | None = None
    paymentMethod: str | None = None
    paymentStatus: str | None = None
    fulfillmentStatus: str | None = None
    createTimestamp: int | None = None
    updateTimestamp: int | None = None
    customerId: int | None = None
    billingPerson: EcwidPerson | None = None
    shippingPerson: EcwidPerson | None = None
    shippingOption: EcwidShippingOption | None = None
    items: list[EcwidOrderItem] = Field(default_factory=list)
    orderComments: str | None = None
    externalOrderId: str | None = None
    pricesIncludeTax: bool | None = None
