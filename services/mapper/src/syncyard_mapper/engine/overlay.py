"""The effective mapping: the default's fields, then the tenant's fields, constants and drops."""

from syncyard_mapper.engine.document import MappingDocument


def _is_at_or_under(path: str, dropped: str) -> bool:
    bare, root = path.removesuffix("[]"), dropped.removesuffix("[]")
    return bare == root or bare.startswith(root + ".")


def effective(base: MappingDocument | None, overlay: MappingDocument | None) -> MappingDocument:
    """Merge a tenant's overlay onto a shipped default; either may be missing."""
    if overlay is None:
        if base is None:
            raise ValueError("neither a default nor a tenant mapping")
        return base
    fields = {**(base.fields if base else {}), **overlay.fields}
    constants = {**(base.constants if base else {}), **overlay.constants}
    for path in constants:
        fields.pop(path, None)  # a constant replaces the expression of the same field
    for dropped in overlay.drop:
        fields = {p: e for p, e in fields.items() if not _is_at_or_under(p, dropped)}
        constants = {p: v for p, v in constants.items() if not _is_at_or_under(p, dropped)}
    # model_construct: the parts were validated already; an overlay of drops only is fine.
    return MappingDocument.model_construct(
        format_version=overlay.format_version,
        description=overlay.description or (base.description if base else None),
        fields=fields,
        constants=constants,
        drop=list(overlay.drop),
    )
