"""Errors of mutes."""

import uuid

from syncyard_common.web import errors


class NotMuted(errors.NotFound):
    def __init__(self, integration_id: uuid.UUID) -> None:
        super().__init__("not_muted", f"Integration {integration_id} is not muted.")
