"""DataCite's REST API: a DOI's record (`/dois/{doi}`), for data sets, software and the many
preprints and reports that Crossref does not register. https://support.datacite.org/docs/api
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from repropub.errors import RegistryError
from repropub.registry.http import Reply
from repropub.registry.payload import doi_path, json_object
from repropub.registry.records import Work

NAME = "datacite"
DEFAULT_URL = "https://api.datacite.org"


def work(fetch: Callable[[str, str], Reply], doi: str) -> Work | None:
    """DataCite's record of `doi`, or None when DataCite does not know it."""
    reply = fetch(NAME, "/dois/" + doi_path(doi))
    if reply.status == 404:
        return None
    if reply.status != 200:
        raise RegistryError(f"DataCite answered HTTP {reply.status} for {doi}")
    data = json_object(reply.body, "DataCite", doi).get("data")
    attributes = data.get("attributes") if isinstance(data, Mapping) else None
    if not isinstance(attributes, Mapping):
        raise RegistryError(f"DataCite's record of {doi} has no attributes")
    return parse_attributes(attributes, doi)


def parse_attributes(attributes: Mapping[str, Any], doi: str) -> Work:
    titles = [t for t in attributes.get("titles") or [] if isinstance(t, Mapping)]
    main = next((t for t in titles if not t.get("titleType")), titles[0] if titles else {})
    subtitle = next((t for t in titles if t.get("titleType") == "Subtitle"), {})
    container = attributes.get("container")
    types = attributes.get("types")
    year = attributes.get("publicationYear")
    return Work(
        doi=str(attributes.get("doi") or doi).lower(), registry=NAME,
        type=str(types.get("resourceTypeGeneral", "")) if isinstance(types, Mapping) else "",
        title=str(main.get("title", "")), subtitle=str(subtitle.get("title", "")),
        authors=tuple(_family(c) for c in attributes.get("creators") or []
                      if isinstance(c, Mapping) and _family(c)),
        years=(int(str(year)),) if str(year or "").isdigit() else (),
        containers=(str(container["title"]),) if isinstance(container, Mapping)
        and container.get("title") else (),
        volume=str(container.get("volume", "")) if isinstance(container, Mapping) else "",
        issue=str(container.get("issue", "")) if isinstance(container, Mapping) else "",
        pages="-".join(str(container[k]) for k in ("firstPage", "lastPage")
                       if isinstance(container, Mapping) and container.get(k)),
    )


def _family(creator: Mapping[str, Any]) -> str:
    if creator.get("familyName"):
        return str(creator["familyName"])
    # an organisation, or a person given only as "Family, Given"
    return str(creator.get("name", "")).split(",")[0].strip()
