"""The connectors a tenant can choose: what each can do and which credentials it needs."""
