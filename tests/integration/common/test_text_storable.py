"""Whatever text a shop sends, once cleaned PostgreSQL stores it: as text and inside jsonb."""

import asyncio
import json
from typing import Any

import asyncpg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syncyard_common.web import text

ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=15,
)


async def _round_trip(dsn: str, value: Any) -> Any:
    connection = await asyncpg.connect(dsn)
    try:
        for item in _strings(value):  # each as a text column value
            assert await connection.fetchval("SELECT CAST($1 AS text)", item) == item
        stored = await connection.fetchval("SELECT CAST($1 AS jsonb)::text", json.dumps(value))
        return json.loads(stored)
    finally:
        await connection.close()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (*_strings(key), *_strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_cleaned_json_is_stored_and_read_back_unchanged(postgres_url: str) -> None:
    dsn = postgres_url.replace("postgresql+asyncpg://", "postgresql://")

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(JSON_VALUES)
    def stored(value: Any) -> None:
        cleaned = text.clean_json(value)
        assert asyncio.run(_round_trip(dsn, cleaned)) == cleaned

    stored()
