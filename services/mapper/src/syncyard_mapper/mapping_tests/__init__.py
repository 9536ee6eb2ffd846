"""A tenant's stored mapping tests: sample in → expected out, run on every save."""
