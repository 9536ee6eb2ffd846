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


# What the document says of 409 credentials_unreadable, where an operation can answer it.
CREDENTIALS_UNREADABLE = (
    "The connection's stored credentials cannot be decrypted (credentials_unreadable: their "
    "key was removed from SYNCYARD_CREDENTIAL_KEYS, or the stored row was changed): enter them "
    "again, PATCH the connection with every credential field."
)


class CredentialsUnreadable(errors.Conflict):
    """The stored ciphertext does not decrypt: its key was removed, or the row was tampered with.

    A 409, not a 500: the request is sound, the connection's stored state refuses it, and the
    merchant can mend it by entering the credentials again (an edit giving every field)."""

    def __init__(self) -> None:
        super().__init__(
            "credentials_unreadable",
            "The connection's stored credentials cannot be decrypted (their key was removed, or "
            "the stored row was changed). Enter the connection's credentials again: edit it "
            "giving every credential field.",
            field="credentials",
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
