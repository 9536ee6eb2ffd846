"""The credential guard every connector starts with: the model it was built for, or a TypeError."""

from typing import TypeVar

from pydantic import BaseModel

Credentials = TypeVar("Credentials", bound=BaseModel)


def own_credentials(
    connector: object, model: type[Credentials], credentials: BaseModel
) -> Credentials:
    """``credentials`` when they are ``model``; a connector handed another's is a bug."""
    if not isinstance(credentials, model):
        raise TypeError(f"{type(connector).__name__} needs {model.__name__}")
    return credentials
