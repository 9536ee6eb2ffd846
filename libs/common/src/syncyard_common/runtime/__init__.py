"""What every service runs besides its routes: its infrastructure and its background loops."""

from syncyard_common.runtime.infrastructure import Infrastructure, open_infrastructure

__all__ = ["Infrastructure", "open_infrastructure"]
