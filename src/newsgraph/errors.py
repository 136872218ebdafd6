"""Named exceptions raised by the library; the CLI and API translate them at the edge."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose."""


class BadInput(NewsgraphError):
    """An input (file, record, page) that cannot be used."""

    def __init__(self, source: str, reason: str, record: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.record = record
        where = f"{source} ({record})" if record else source
        super().__init__(f"{where}: {reason}")


class InvalidParameter(NewsgraphError):
    """A query parameter (date, type, id...) from a user that cannot be used."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


class ArticleNotFound(NewsgraphError):
    """No article with that id in the store."""


class EntityNotFound(NewsgraphError):
    """No entity with that name or id in the store."""


class AmbiguousEntity(EntityNotFound):
    """A name that names several entities ("Biden"): ``candidates`` lists them, most mentioned first."""

    def __init__(self, message: str, candidates: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.candidates = candidates


class StoreError(NewsgraphError):
    """The store cannot be opened, is not a newsgraph store, or cannot be written."""

    def __init__(self, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal
        """True when no further write can succeed (full disk, read-only store): stop the run."""


class QueryTimeout(StoreError):
    """A user query ran past its time limit and was stopped."""


class SettingsError(NewsgraphError):
    """A setting has an invalid value."""


class MissingDependency(NewsgraphError):
    """An optional dependency is not installed; the message says what to install."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"{module} is not installed; run: pip install 'newsgraph[{extra}]'"
        )


def require(module: str, extra: str) -> object:
    """Import ``module`` or raise :class:`MissingDependency` naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(module, extra) from exc
