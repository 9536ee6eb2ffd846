"""Value maps per tenant and integration: payment methods, tax codes per country, ..."""
