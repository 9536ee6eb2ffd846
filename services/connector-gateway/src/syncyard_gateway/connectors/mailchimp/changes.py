"""Change feeds Mailchimp allows: audience members by `last_changed`, orders by position.

Member cursor: the newest `last_changed` handed on plus the ids already handed on at that
second. Each read asks from one second earlier (so it works whether Mailchimp's
`since_last_changed` is inclusive or not, at whole seconds) and skips what the cursor covers.
Order, product and stock cursor: how many records of the store's list were handed on;
Mailchimp keeps no "changed since" for e-commerce data, so only records added after the
cursor are seen."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from syncyard_gateway.connectors.base import ChangePage, Entity, Record
from syncyard_gateway.connectors.kit.cursors import CursorCodec, from_json, to_json
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


def _write_member(cursor: MemberCursor) -> str:
    if cursor.since is None:
        raise ValueError("no member handed on yet")
    state = {"v": CURSOR_VERSION, "since": cursor.since.isoformat(), "seen": sorted(cursor.seen)}
    return to_json(state)


def _read_member(text: str) -> MemberCursor:
    state = from_json(text)
    since = datetime.fromisoformat(state["since"])
    return MemberCursor(since=since, seen=frozenset(str(i) for i in state["seen"]))


def _read_position(text: str) -> int:
    return max(int(from_json(text)["offset"]), 0)


# Members: the newest `last_changed` handed on and the ids handed on at it.
MEMBER_CURSOR = CursorCodec(
    write=_write_member,
    read=_read_member,
    start=MemberCursor(),
    refusal="The stored member cursor is not one this connector wrote.",
)
# Orders, products, stock: the number of list records already handed on.
POSITION_CURSOR = CursorCodec(
    write=lambda offset: to_json({"v": CURSOR_VERSION, "offset": offset}),
    read=_read_position,
    start=0,
    refusal="The stored cursor is not one this connector wrote.",
)


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
    following = cursor.after(taken)
    # No member handed on yet: still no cursor.
    next_cursor = MEMBER_CURSOR.encode(following) if following.since else None
    return ChangePage(records=list(records), cursor=next_cursor, has_more=has_more)


async def added_records(
    client: MailchimpClient, path: str, entity: Entity, offset: int, limit: int, currency: str
) -> ChangePage:
    """Records added after the first `offset` of a store list (orders or products; stock
    comes as the levels of each product's variants)."""
    params = {"count": str(min(limit, 1000)), "offset": str(offset)}
    page = await client.find(path, params)
    if page is None:  # no store yet: nothing added
        return ChangePage(records=[], cursor=POSITION_CURSOR.encode(offset), has_more=False)
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
        cursor=POSITION_CURSOR.encode(offset),
        has_more=offset < int(page.get("total_items", 0)),
    )
