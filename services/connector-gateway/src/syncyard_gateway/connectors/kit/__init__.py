"""What every connector shares: the paced exchange (paced_client.py), the REST client base
(rest_client.py), paginators (paging.py), the cursor codec (cursors.py), the credential guard
(credentials.py). A vendor's folder keeps only its vendor's facts."""
