"""Entity links: which target record a source record became (and echoes recognised by them)."""
