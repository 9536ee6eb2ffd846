"""Errors of the connections API; each knows its HTTP status and a merchant-readable detail."""

from syncyard_common.web import errors


class ConnectionNotFound(errors.NotFound):
    def __init__(self) -> None:
        super().__init__("connection_not_found", "No such connection.")


class InvalidCredentials(errors.Unprocessable):
    def __init__(self, *, field: str, reason: str) -> None:
        super().__init__("invalid_credentials", reason, field=field)


class UnknownConnectorName(errors.Unprocessable):
    def __init__(self, name: str) -> None:
        super().__init__(
            "unknown_connector", f"No connector is called {name!r}.", field="connector"
        )


class CredentialKeysMissing(errors.ServiceError):
    """SYNCYARD_CREDENTIAL_KEYS is missing or invalid: nothing can be encrypted or decrypted."""

    def __init__(self) -> None:
        super().__init__(
            "credential_keys_missing",
            "The gateway has no valid credential encryption keys configured.",
            status_code=503,
        )


class CredentialsUnreadable(errors.ServiceError):
    """The stored ciphertext does not decrypt: its key was removed, or the row was tampered with."""

    def __init__(self) -> None:
        super().__init__(
            "credentials_unreadable",
            "The connection's stored credentials cannot be decrypted; save them again.",
            status_code=500,
        )


class EditedCredentialsRefused(errors.Unprocessable):
    """The edited credentials did not pass the connection test: nothing was saved."""

    def __init__(self, *, code: str, reason: str) -> None:
        super().__init__(
            "connection_test_failed",
            f"The remote refused the edited credentials ({code}): {reason} Nothing was changed.",
            field="credentials",
            extra={"test_code": code},
        )
