"""Which connector class answers to which source TYPE name; each module is imported only when used."""

from __future__ import annotations

import importlib

from creatorwatch.core.errors import CreatorWatchError
from creatorwatch.core.sources.base import Source, SourceConfig

# TYPE name (the CLI's) → module under creatorwatch.core.sources
MODULES = {
    "huggingface": "huggingface", "civitai": "civitai", "lumen": "lumen", "commoncrawl": "commoncrawl",
    "wayback": "wayback", "feed": "feed", "page": "page", "youtube": "youtube", "reddit": "reddit",
    "spawning": "spawning", "folder": "folder",
    "openai-compatible": "openai_compatible", "anthropic": "anthropic_messages", "openai-images": "openai_images",
}
TYPES = tuple(MODULES)


class UnknownSourceType(CreatorWatchError):
    """A TYPE name no connector answers to (or whose connector is missing from this build)."""


def source_class(type_name: str) -> type[Source]:
    """The connector class for `type_name`."""
    module_name = MODULES.get(type_name)
    if module_name is None:
        raise UnknownSourceType(f"There is no source type called {type_name!r}. Choose one of: {', '.join(TYPES)}.")
    try:
        module = importlib.import_module(f"creatorwatch.core.sources.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"creatorwatch.core.sources.{module_name}":
            raise
        raise UnknownSourceType(f"The {type_name} connector is not part of this build of CreatorWatch.") from None
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Source) and getattr(value, "TYPE", None) == type_name:
            return value
    raise UnknownSourceType(f"The {type_name} connector is not part of this build of CreatorWatch.")


def token_entry(type_name: str, settings: dict[str, str]) -> str | None:
    """The keyring entry a source of this type reads its token from (`--set secret=NAME` picks another); None
    if it takes no token or its type is unknown."""
    try:
        return settings.get("secret") or source_class(type_name).TOKEN
    except UnknownSourceType:
        return None


def token_wanted(config: SourceConfig, token: str | None) -> str | None:
    """What a source says while it waits for the token it cannot work without (None: it has what it needs), so a
    check and a scheduled probe say it alike."""
    if token or not source_class(config.type).needs_token(config):
        return None
    return (f"{config.name} ({config.type}): needs a token. Store it with: creatorwatch secret set "
            f"{token_entry(config.type, config.settings)}")
