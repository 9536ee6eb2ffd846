"""A category (article group, collection); parent/child kept by ids."""

from syncyard_common.canonical._base import CanonicalModel


class Category(CanonicalModel):
    source_id: str
    name: str
    parent_source_id: str | None = None
    description: str | None = None
