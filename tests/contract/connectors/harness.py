"""What the one connector contract suite needs from each vendor: a live simulator behind it.

Each vendor supplies one ``<Vendor>Harness`` (in ``harness_<vendor>.py``) that seeds its
simulator through the simulator's control API and reads back what the connector wrote. The
suite in ``test_capabilities.py`` is parametrised over every harness and exercises every
capability a connector declares, and checks that each one it does not declare is refused.
"""

from typing import Any, Protocol

import httpx
from pydantic import BaseModel

from syncyard_common.canonical import Category, Customer, Order, Product
from syncyard_gateway.connectors.base import Connector


class Harness(Protocol):
    """One vendor's simulator, reset before each test, and working credentials for it."""

    connector_class: type[Connector]

    def credentials(self) -> BaseModel:
        """Credentials that work against the running simulator."""
        ...

    def wrong_credentials(self) -> BaseModel:
        """The working credentials with one secret changed (the simulator answers 401/403)."""
        ...

    async def reset(self) -> None:
        """Empty the simulator, clear faults and recorded requests, lift rate limits."""
        ...

    # --- seeding the remote side (as a merchant would, in the vendor's own admin) ---------
    async def seed_product(self, product: Product) -> str:
        """Create the product (variants included) in the simulator; return the vendor's id.

        Called for source-side tests (read_changes, get_product, find_product)."""
        ...

    async def seed_customer(self, customer: Customer) -> str: ...

    async def seed_order(self, order: Order) -> str:
        """Create the order as if a shopper placed it; return the id get_order takes."""
        ...

    async def seed_category(self, category: Category, *, parent_id: str | None) -> str: ...

    async def seed_stock(self, sku: str, quantity: int) -> None:
        """Set the stock level of an existing SKU in the simulator."""
        ...

    async def touch(self, entity: str, record_id: str) -> None:
        """Change the record a little (as an edit in the vendor's admin) so it counts as
        changed again for read_changes."""
        ...

    # --- reading back what the connector wrote --------------------------------------------
    async def stored(self, entity: str) -> list[dict[str, Any]]:
        """Every record of ``entity`` (orders, products, customers, categories) as the
        simulator holds it, in the vendor's own shape."""
        ...

    async def stock_of(self, sku: str) -> int | None:
        """The simulator's stock level for ``sku`` (None: unknown SKU or untracked)."""
        ...

    async def write_requests(self) -> int:
        """How many writing requests (POST/PUT/PATCH/DELETE or mutating SOAP calls) the
        simulator has recorded since reset: proves retries did not write twice."""
        ...

    # --- faults ---------------------------------------------------------------------------
    async def fail_next(self, status: int, count: int = 1) -> None:
        """Make the next ``count`` API requests answer ``status`` (429 with the vendor's
        rate-limit headers, or 500/503) before behaving again."""
        ...

    def page_size(self) -> int:
        """A small page size the connector honours in read_changes(limit=...), so three pages
        are few records."""
        ...

    def http(self) -> httpx.AsyncClient:
        """The control-API client for the running simulator."""
        ...
