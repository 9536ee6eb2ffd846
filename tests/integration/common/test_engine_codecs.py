"""JSON and JSONB values go through the engine's own codecs (orjson out, pydantic-core in)
and come back as they went in, the cases orjson alone would get wrong included."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from syncyard_common.db import engine as db_engine

VALUES: list[Any] = [
    {"run": {"state": "placing", "lines": [{"sku": "100200", "quantity": 2}]}},
    {"big": 2**70, "negative": -(2**65), "exact": 12345678901234567890123},
    {"text": 'Zoë \u2013 北京 \u2028 "quoted" \\ /', "float": 0.1},
    {"small": 1.25e-7, "none": None},
    [1, 2.5, True, False, None, "x"],
    {"1": "numeric key", "nested": {"empty": {}, "list": []}},
]


async def test_json_and_jsonb_values_come_back_as_they_were_written(postgres_url: str) -> None:
    engine = db_engine.create_engine(postgres_url, pool_size=1)
    table = sa.table(
        "json_round_trip",
        sa.column("as_jsonb", postgresql.JSONB),
        sa.column("as_json", postgresql.JSON),
    )
    try:
        async with engine.begin() as connection:
            await connection.execute(
                sa.text("CREATE TEMPORARY TABLE json_round_trip (as_jsonb jsonb, as_json json)")
            )
            for value in VALUES:
                await connection.execute(table.insert().values(as_jsonb=value, as_json=value))
            rows = (await connection.execute(sa.select(table))).all()
    finally:
        await engine.dispose()
    assert [row.as_jsonb for row in rows] == VALUES
    assert [row.as_json for row in rows] == VALUES


def test_what_orjson_refuses_is_written_by_json_dumps() -> None:
    assert db_engine.to_json({"big": 2**70}) == '{"big": 1180591620717411303424}'
    assert db_engine.to_json({"small": 7}) == '{"small":7}'
