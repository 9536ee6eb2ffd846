"""The connector catalogue: what each connector can do and which credentials it needs."""
