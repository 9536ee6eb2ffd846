"""Pydantic models of the MijnWebwinkel JSON this connector reads (only it imports them)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class VendorModel(BaseModel):
    """The API adds fields over time: ignore what we do not read."""

    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)


class ArticlePrice(VendorModel):
    default: str | None = None
    action: str | None = None
    purchase: str | None = None


class ArticleExtra(VendorModel):
    visible: dict[str, Any] = Field(default_factory=dict)
    invisible: dict[str, Any] = Field(default_factory=dict)

    @field_validator("visible", "invisible", mode="before")
    @classmethod
    def _empty_list_is_empty(cls, value: Any) -> Any:
        # PHP serialises an empty map as [], so an article without fields may send a list.
        return {} if value in ([], None) else value


class CategoryLink(VendorModel):
    category_id: int
    is_main: bool = False
    is_active: bool = True


class ListOption(VendorModel):
    id: int
    name: str
    price: str | None = None


class OptionList(VendorModel):
    id: int
    name: str = ""
    options: list[ListOption] = Field(default_factory=list)


class VariantOption(VendorModel):
    list_id: int
    option_id: int
    name: str = ""


class ArticleVariant(VendorModel):
    id: int
    options: list[VariantOption] = Field(default_factory=list)
    stock: int | None = None
    can_backorder: bool = False


class Article(VendorModel):
    # Kept whole: the connector's own fields (product_extras) are read from it.
    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)

    id: int
    uuid: str | None = None
    name: str = ""
    description: str | None = None
    sku: str | None = None
    taxable: bool = True
    price: ArticlePrice = Field(default_factory=ArticlePrice)
    stock: int | None = None
    extra: ArticleExtra = Field(default_factory=ArticleExtra)
    categories: list[CategoryLink] = Field(default_factory=list)
    lists: list[OptionList] = Field(default_factory=list)
    variants: list[ArticleVariant] = Field(default_factory=list)
    updated_date: str | None = None
    updated_time: str | None = None


class Category(VendorModel):
    id: int
    parent_category_id: int | None = None
    title: str = ""
    content: str | None = None


class OrderAddress(VendorModel):
    name: str | None = None
    company: str | None = None
    phone: str | None = None
    street: str | None = None
    number: str | None = None
    zipcode: str | None = None
    city: str | None = None
    country_code: str | None = None
    taxnumber: str | None = None


class OrderAddresses(VendorModel):
    invoice: OrderAddress | None = None
    delivery: OrderAddress | None = None


class OrderDebtor(VendorModel):
    id: str | None = None
    email: str | None = None
    address: OrderAddresses = Field(default_factory=OrderAddresses)


class TaxPrice(VendorModel):
    rate: str | None = None
    amount: str | None = None
    amount_including_tax: str | None = None


class OrderArticle(VendorModel):
    id: int | None = None
    sku: str | None = None
    description: str | None = None


class OrderLine(VendorModel):
    id: str | None = None
    type: str = "article"
    quantity: int = 1
    description: str | None = None
    unit_price: TaxPrice | None = None
    # One VAT rate comes as an object, several (discounts) as a list.
    price: TaxPrice | list[TaxPrice] | None = None
    articles: list[OrderArticle] = Field(default_factory=list)


class OrderComments(VendorModel):
    customer: str | None = None
    internal: str | None = None


class OrderPaymentStatus(VendorModel):
    id: int | None = None
    text: str | None = None


class OrderPayment(VendorModel):
    gateway_name: str | None = None
    method_name: str | None = None
    status: OrderPaymentStatus | None = None


class OrderTotals(VendorModel):
    total: str | None = None


class Order(VendorModel):
    number: int
    date: str
    time: str
    status: int
    status_changed_date: str | None = None
    status_changed_time: str | None = None
    archived: bool = False
    currency: str = "EUR"
    taxed: str | None = None
    business_model: str | None = None
    reference: str | None = None
    offline_location_id: str | None = None
    payment_status: str | None = None
    comments: OrderComments = Field(default_factory=OrderComments)
    payment: OrderPayment | None = None
    debtor: OrderDebtor = Field(default_factory=OrderDebtor)
    price: OrderTotals = Field(default_factory=OrderTotals)
    orderlines: list[OrderLine] = Field(default_factory=list)


class OrderStatus(VendorModel):
    status: int
    description: str = ""
    credit_order: bool = False


class CustomerAddress(VendorModel):
    """Customer endpoints use camelCase names, unlike the rest of the API."""

    id: str
    firstName: str | None = None
    lastName: str | None = None
    street: str | None = None
    streetNumber: str | None = None
    zipCode: str | None = None
    city: str | None = None
    countryCode: str | None = None
    company: str | None = None
    phone: str | None = None
    taxNumber: str | None = None
    isDefaultForDelivery: bool = False
    isDefaultForInvoice: bool = False


class Customer(VendorModel):
    id: str
    email: str = ""
    firstName: str | None = None
    lastName: str | None = None
    addresses: list[CustomerAddress] = Field(default_factory=list)


class StoreDetails(VendorModel):
    currency: str = "EUR"
    prices_include_tax: bool = True
