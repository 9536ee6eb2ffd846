"""Mappings per second per core: the default order mapping (10 lines) and a tenant mapping
with 20 expressions on top of it, each cold (compiled every time) and cached (compiled once
per version, as the mapper does).

    .venv/bin/python bench/mapping.py [--seconds 2]

Pure CPU in one process (``time.process_time``): no database, broker or network.
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Callable
from typing import Any

from syncyard_mapper import defaults
from syncyard_mapper.engine import apply, cache, compile, document, overlay
from syncyard_mapper.engine.value_maps import ValueMap

ORDER_MODEL = document.FLOW_MODELS["orders"]

# Twenty tenant expressions, each through the function library or JSONata itself.
TENANT = document.MappingDocument(
    fields={
        "number": "'WEB-' & $substringAfter(number, '#')",
        "email": "$lowercase($trim(email))",
        "note": "$truncate($collapseSpaces(note), 200)",
        "channel": "channel = 'web' ? 'webshop' : channel",
        "payment_method": "$lookup('payment_methods', payment_method)",
        "shipping_method": "$lookup('shipping_methods', shipping_method)",
        "customer.first_name": "$titleCase(customer.first_name)",
        "customer.last_name": "$titleCase(customer.last_name)",
        "customer.company_name": "$uppercase(billing_address.company)",
        "customer.phone": "$replace(customer.phone, ' ', '')",
        "billing_address.country_code": "$countryIso2(billing_address.country_code)",
        "billing_address.city": "$uppercase(billing_address.city)",
        "shipping_address.country_code": "$countryIso2(shipping_address.country_code)",
        "shipping_address.city": "$capitalize(shipping_address.city)",
        "created_at": "$toUtc(created_at)",
        "extra.local_time": "$toTimeZone(created_at, 'Europe/Amsterdam')",
        "extra.total_text": "$formatMoney(total, ',', '.')",
        "extra.net_total": "$excludeTax(total, 0.21)",
        "extra.line_count": "$count(lines)",
        "extra.tax_code": "$lookup('tax_codes', billing_address.country_code)",
    }
)
VALUE_MAPS = {
    "payment_methods": ValueMap("payment_methods", {"ideal": "IDEAL"}, "OTHER"),
    "tax_codes": ValueMap("tax_codes", {"NL": "H21"}, "EU"),
}


def order_with_ten_lines(shipped: defaults.DefaultMapping) -> dict[str, Any]:
    record = shipped.sample()
    first = record["lines"][0]
    record["lines"] = [
        {**copy.deepcopy(first), "sku": str(100_200 + n), "source_line_id": str(n)}
        for n in range(10)
    ]
    return record


def per_second(work: Callable[[], object], seconds: float) -> tuple[float, float]:
    """(mappings per CPU second, CPU microseconds per mapping)."""
    for _ in range(20):  # warm up: imports, caches, branch predictors
        work()
    count, started = 0, time.process_time()
    while (used := time.process_time() - started) < seconds:
        for _ in range(50):
            work()
        count += 50
    return count / used, used / count * 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="CPU time per measurement")
    args = parser.parse_args()
    shipped = defaults.find("orders", "shopify", "mplus")
    assert shipped is not None, "the shipped default orders/shopify_to_mplus is missing"
    record = order_with_ten_lines(shipped)
    tenant = overlay.effective(shipped.document, TENANT)
    compiled_cache = cache.CompiledMappingCache()

    def cold(doc: document.MappingDocument) -> Callable[[], object]:
        return lambda: apply.apply(
            compile.compile_mapping(doc, model=ORDER_MODEL), record, value_maps=VALUE_MAPS
        )

    def cached(doc: document.MappingDocument, version: int) -> Callable[[], object]:
        def run() -> object:
            compiled = compiled_cache.get(
                mapping_id="bench", version=version, document=doc, model=ORDER_MODEL
            )
            return apply.apply(compiled, record, value_maps=VALUE_MAPS)

        return run

    cases = [
        ("default order mapping, 10 lines", "cold", cold(shipped.document)),
        ("default order mapping, 10 lines", "cached", cached(shipped.document, 0)),
        ("tenant mapping, +20 expressions", "cold", cold(tenant)),
        ("tenant mapping, +20 expressions", "cached", cached(tenant, 1)),
    ]
    print(f"{'mapping':<34} {'compile':<8} {'mappings/s/core':>16} {'µs CPU each':>12}")
    for name, kind, work in cases:
        rate, micros = per_second(work, args.seconds)
        print(f"{name:<34} {kind:<8} {rate:>16,.0f} {micros:>12,.1f}")
    fields = len(shipped.document.fields)
    print(f"(default: {fields} fields; tenant: {fields} + {len(TENANT.fields)} overlay fields)")


if __name__ == "__main__":
    main()
