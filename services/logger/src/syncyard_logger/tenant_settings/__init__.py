"""Each tenant's settings of its activity log: how long entries are kept, whether to redact.

Both the write path (``entries``: redaction) and ``retention`` (the settings' endpoints and the
job) read them; the table lives here so neither of those packages imports the other's.
"""
