"""Errors of the API-keys API."""

from syncyard_common.web import errors


class ApiKeyNotFound(errors.NotFound):
    def __init__(self) -> None:
        super().__init__("api_key_not_found", "No such API key.")
