"""doi.org's handle API (`/api/handles/{doi}`): is the DOI registered with any agency at all?

The last word on existence for DOIs that neither Crossref nor DataCite holds (mEDRA, JaLC,
KISTI, ...): ``responseCode`` 1 (or 200, "exists but has no URL value") means registered,
100 (with HTTP 404) means no such DOI. https://www.doi.org/the-identifier/resources/factsheets/
"""

from __future__ import annotations

from collections.abc import Callable

from repropub.errors import RegistryError
from repropub.registry.http import Reply
from repropub.registry.payload import doi_path, json_object

NAME = "doi.org"
DEFAULT_URL = "https://doi.org"


def registered(fetch: Callable[[str, str], Reply], doi: str) -> bool:
    reply = fetch(NAME, f"/api/handles/{doi_path(doi)}?type=URL")
    if reply.status not in (200, 404):
        raise RegistryError(f"doi.org answered HTTP {reply.status} for {doi}")
    code = json_object(reply.body, "doi.org", doi).get("responseCode")
    if code in (1, 200):
        return True
    if code == 100:
        return False
    raise RegistryError(f"doi.org answered responseCode {code!r} for {doi}")
