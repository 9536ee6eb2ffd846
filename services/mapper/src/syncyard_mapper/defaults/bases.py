"""Which shipped default a tenant's overlay is merged onto, and the merged, compiled result."""

from syncyard_mapper import defaults
from syncyard_mapper.engine import compile, document, overlay

Pair = tuple[str, str]


def base_for(flow: str, pair: Pair | None) -> defaults.DefaultMapping | None:
    """The default of the pair; without a pair, the flow's only default (if it has one)."""
    if pair is None:
        return defaults.find(flow, None, None)
    return defaults.find(flow, *pair)


def bases_to_check(flow: str, pair: Pair | None) -> list[defaults.DefaultMapping | None]:
    """A save names its pair, or is checked on top of every default of the flow."""
    if pair is not None:
        return [defaults.find(flow, *pair)]
    return list(defaults.of_flow(flow)) or [None]


def effective(
    draft: document.MappingDocument | None, base: defaults.DefaultMapping | None
) -> document.MappingDocument:
    """The overlay merged onto the default (either may be missing, not both)."""
    return overlay.effective(None if base is None else base.document, draft)


def compiled(
    flow: str, draft: document.MappingDocument | None, base: defaults.DefaultMapping | None
) -> compile.CompiledMapping:
    """Compile the effective mapping (raises ``FieldError`` on the first problem)."""
    return compile.compile_mapping(effective(draft, base), model=document.FLOW_MODELS[flow])
