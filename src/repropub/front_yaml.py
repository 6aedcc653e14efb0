"""The front matter's YAML loaders.

A module of its own, imported where a front matter is parsed: a `check` whose front matter
comes from the cache (`metadata.read_front_matter`) never imports PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, but an impossible date (2024-13-45) is an error at its own line
    rather than a bare ValueError, and a field given twice is an error rather than the last
    one silently winning."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"{key.value!r} is given twice", key.start_mark)
                seen.add(key.value)
        return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(self, node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a date ({exc})", node.start_mark) from None


Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)

# libyaml's parser reads a front matter several times faster than PyYAML's own, and front
# matter is read three times (its limits, its values, each field's line); what it cannot read
# is read again by PyYAML's, so that an error is worded the same either way
FastLoader: type[Any] = Loader
if hasattr(yaml, "CSafeLoader"):
    FastLoader = type("FastLoader", (yaml.CSafeLoader,), {
        "construct_mapping": Loader.construct_mapping,
        "construct_yaml_timestamp": Loader.construct_yaml_timestamp})
    FastLoader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
FAST_SAFE_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""A safe loader to compose or parse with: libyaml's when PyYAML has it."""
