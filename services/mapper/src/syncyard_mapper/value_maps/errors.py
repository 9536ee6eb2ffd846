"""Errors of the value-maps API, each with its HTTP status."""

from syncyard_common.web.errors import NotFound, Unprocessable


class UnknownValueMap(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__("unknown_value_map", f"There is no value map called {name!r}.")


class ValueMapNotFound(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(
            "value_map_not_found", f"No value map {name!r} is saved for this integration."
        )


class InvalidCountryKey(Unprocessable):
    def __init__(self, name: str, key: str) -> None:
        super().__init__(
            "invalid_value_map",
            f"{name} is keyed by ISO 3166-1 alpha-2 country code; {key!r} is not one.",
            field=f"entries.{key}",
        )
