"""Change feeds Mailchimp allows: audience members by `last_changed`, orders by position.

Member cursor: the newest `last_changed` handed on plus the ids already handed on at that
second. Each read asks from one second earlier (so it works whether Mailchimp's
`since_last_changed` is inclusive or not, at whole seconds) and skips what the cursor covers.
Order, product and stock cursor: how many records of the store's list were handed on;
Mailchimp keeps no "changed since" for e-commerce data, so only records added after the
cursor are seen."""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mailchimp import translate
from syncyard_gateway.connectors.mailchimp.client import MailchimpClient
from syncyard_gateway.connectors.mailchimp.payloads import (
    MailchimpMember,
    MailchimpOrder,
    MailchimpProduct,
)

CURSOR_VERSION = 1


@dataclass(frozen=True)
class MemberCursor:
    since: datetime | None = None
    seen: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def parse(cls, cursor: str | None) -> "MemberCursor":
        if cursor is None:
            return cls()
        try:
            state = json.loads(cursor)
            since = datetime.fromisoformat(state["since"])
            seen = frozenset(str(i) for i in state["seen"])
        except (ValueError, KeyError, TypeError):
            raise ConnectorDataError(
                "The stored member cursor is not one this connector wrote.", code="bad_cursor"
            ) from None
        return cls(since=since, seen=seen)

    def dump(self) -> str | None:
        if self.since is None:
            return None
        state = {"v": CURSOR_VERSION, "since": self.since.isoformat(), "seen": sorted(self.seen)}
        return json.dumps(state, separators=(",", ":"))

    def query_since(self) -> str | None:
        """The `since_last_changed` to ask for: one second before the cursor."""
        if self.since is None:
            return None
        return (self.since - timedelta(seconds=1)).isoformat()

    def covers(self, member: MailchimpMember) -> bool:
        """True when this member (at its current last_changed) was handed on already."""
        if self.since is None:
            return False
        changed = datetime.fromisoformat(member.last_changed)
        return changed < self.since or (changed == self.since and member.id in self.seen)

    def after(self, taken: list[MailchimpMember]) -> "MemberCursor":
        """The cursor once `taken` (oldest first) are handed on."""
        if not taken:
            return self
        last = datetime.fromisoformat(taken[-1].last_changed)
        seen = {m.id for m in taken if datetime.fromisoformat(m.last_changed) == last}
        if last == self.since:
            seen |= self.seen
        return MemberCursor(since=last, seen=frozenset(seen))


def parse_position_cursor(cursor: str | None) -> int:
    """The number of list records already handed on."""
    if cursor is None:
        return 0
    try:
        offset = int(json.loads(cursor)["offset"])
    except (ValueError, KeyError, TypeError):
        raise ConnectorDataError(
            "The stored cursor is not one this connector wrote.", code="bad_cursor"
        ) from None
    return max(offset, 0)


def dump_position_cursor(offset: int) -> str:
    return json.dumps({"v": CURSOR_VERSION, "offset": offset}, separators=(",", ":"))


async def member_changes(
    client: MailchimpClient, path: str, cursor: MemberCursor, limit: int
) -> ChangePage:
    """Members changed after the cursor, oldest first; audience members become customers."""
    params = {"sort_field": "last_changed", "sort_dir": "ASC",
              "count": str(min(1000, limit + len(cursor.seen) + 1))}  # fmt: skip
    if since := cursor.query_since():
        params["since_last_changed"] = since
    taken: list[MailchimpMember] = []
    offset, has_more = 0, False
    while not has_more:
        page = await client.get(path, params | {"offset": str(offset)})
        found = [MailchimpMember.model_validate(m) for m in page.get("members") or []]
        for member in found:
            if cursor.covers(member):
                continue
            if len(taken) == limit:
                has_more = True
                break
            taken.append(member)
        offset += len(found)
        if not found or offset >= int(page.get("total_items", 0)):
            break
    records = [translate.member_to_customer(m) for m in taken]
    return ChangePage(records=list(records), cursor=cursor.after(taken).dump(), has_more=has_more)


async def added_records(
    client: MailchimpClient, path: str, entity: Entity, offset: int, limit: int, currency: str
) -> ChangePage:
    """Records added after the first `offset` of a store list (orders or products; stock
    comes as the levels of each product's variants)."""
    params = {"count": str(min(limit, 1000)), "offset": str(offset)}
    page = await client.find(path, params)
    if page is None:  # no store yet: nothing added
        return ChangePage(records=[], cursor=dump_position_cursor(offset), has_more=False)
    key = "orders" if entity == Entity.ORDERS else "products"
    found = page.get(key) or []
    records: list[Record] = []
    for raw in found:
        if key == "orders":
            records.append(translate.to_canonical_order(MailchimpOrder.model_validate(raw)))
            continue
        product = translate.to_canonical_product(MailchimpProduct.model_validate(raw), currency)
        records += [product] if entity == Entity.PRODUCTS else translate.stock_levels(product)
    offset += len(found)
    return ChangePage(
        records=records,
        cursor=dump_position_cursor(offset),
        has_more=offset < int(page.get("total_items", 0)),
    )
