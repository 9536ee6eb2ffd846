"""The mapping engine: pure JSONata evaluation with a function library; no I/O."""
