"""The scholarly registries, one small client per registry, each polite by construction.

`http` is the one place a request leaves the machine (rate, concurrency, retries, timeouts);
`store` answers from the article's registry snapshot or the on-disk cache before asking it;
`crossref`, `datacite` and `doiorg` turn their registry's JSON into the typed `records.Work`.
"""
