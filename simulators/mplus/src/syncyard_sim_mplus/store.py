"""In-memory state of one simulated Mplus installation, with per-entity sync markers."""

import random
from dataclasses import dataclass, field
from typing import Any

from syncyard_sim_mplus import clock

Record = dict[str, Any]  # entities are kept in their WSDL shape so they can be emitted as-is
MARKER_KINDS = ("article", "group", "relation", "order", "employee")
WEBSHOP_EMPLOYEE = 1
DEFAULT_BRANCH = 1


@dataclass
class Switches:
    """Fault injection toggled through the control API."""

    latency_ms: int = 0
    error_rate_5xx: float = 0.0
    reset_after_commit: int = 0  # how many upcoming mutations to commit and then answer 502
    # How many upcoming mutations to commit and then answer a Client fault: the caller is told
    # "refused" although the write stands (a retry must find it, not write it again).
    refuse_after_commit: int = 0
    require_employee_number: bool = True
    strict_requests: bool = False  # validate request bodies against the WSDL's XSD
    fail_next_status: int = 0  # HTTP status the next `fail_next_count` calls answer with
    fail_next_count: int = 0


@dataclass
class StockLevel:
    """Stock of one article in one branch, as amount at `decimal_places`."""

    amount: int = 0
    decimal_places: int = 0
    stock_id: int = 0
    reserved: int = 0  # whole units held for sales orders (set through the control API)
    changed: Record = field(default_factory=clock.mplus_datetime)


@dataclass
class RecordedRequest:
    """One SOAP call as seen by the simulator."""

    operation: str
    at: str
    credentials_ok: bool
    soap_action: str | None
    http_status: int = 200
    is_mutation: bool = False  # a state-changing operation (counted by "writes recorded")


class Store:
    """Everything the simulator knows; `reset()` empties it but keeps the switches' defaults."""

    def __init__(self, *, require_employee_number: bool) -> None:
        self.default_require_employee_number = require_employee_number
        self.switches = Switches(require_employee_number=require_employee_number)
        self.requests: list[RecordedRequest] = []
        self.random = random.Random()  # noqa: S311 - fault injection, not security
        self.reset()

    def reset(self) -> None:
        """Drop all entities and counters; re-create the webshop employee and branch 1."""
        self.markers = dict.fromkeys(MARKER_KINDS, 0)
        self.stock_id = 0
        self.products: dict[int, Record] = {}
        self.articles: dict[int, Record] = {}  # articleNumber -> Article (with productNumber)
        self.article_product: dict[int, int] = {}
        self.stock: dict[tuple[int, int], StockLevel] = {}
        self.stock_history: list[Record] = []
        self.relations: dict[int, Record] = {}
        self.orders: dict[str, Record] = {}
        self.idempotent: dict[str, Record] = {}
        self.employees: dict[int, Record] = {}
        self.groups: dict[int, Record] = {}  # groupNumber -> group (parentGroupNumber, isDeleted)
        self.next_number = {"product": 1, "article": 1000, "relation": 1, "order": 1, "group": 1}
        self.branches = {DEFAULT_BRANCH}
        self.add_employee(WEBSHOP_EMPLOYEE, "Webshop")

    def next_marker(self, kind: str) -> int:
        """Advance and return the sync marker of one entity kind."""
        self.markers[kind] += 1
        return self.markers[kind]

    def next_stock_id(self) -> int:
        """Advance and return the stock mutation counter (`stockId`)."""
        self.stock_id += 1
        return self.stock_id

    def take_number(self, kind: str, wanted: int | None, taken: set[int]) -> int:
        """Use `wanted` if given, else the next free number of that kind."""
        if wanted:
            self.next_number[kind] = max(self.next_number[kind], wanted + 1)
            return wanted
        while self.next_number[kind] in taken:
            self.next_number[kind] += 1
        number = self.next_number[kind]
        self.next_number[kind] += 1
        return number

    def add_employee(self, number: int, name: str) -> Record:
        """Create or replace an employee and bump the employee marker."""
        now = clock.mplus_datetime()
        employee = {
            "employeeNumber": number,
            "syncMarker": self.next_marker("employee"),
            "createTimestamp": now,
            "changeTimestamp": now,
            "name": name,
            "active": True,
        }
        self.employees[number] = employee
        return employee

    def relation_numbers(self) -> set[int]:
        """All relation numbers in use, including nested contacts."""
        return set(self.relations)
