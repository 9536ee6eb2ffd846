"""The error a library function raises on input it cannot handle; fails the field it is in."""


class FunctionError(Exception):
    """``$countryIso3('Atlantis')``: the reason is shown to the merchant as is."""
