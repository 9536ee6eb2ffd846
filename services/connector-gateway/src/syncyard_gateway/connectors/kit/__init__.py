"""What every connector shares: the REST client base, paginators, cursor codec, credential guard."""
