"""Database URLs: one driver per database, and masking the password."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from nestgen.hubconfig.errors import BadValue
from nestgen.hubconfig.model import MASK

# scheme as given -> scheme the image's drivers serve (SQLAlchemy 2.1 maps a bare
# postgresql:// to psycopg 3, and postgres:// is not a SQLAlchemy scheme at all)
_SCHEMES = {
    "sqlite": "sqlite",
    "postgres": "postgresql+psycopg2",
    "postgresql": "postgresql+psycopg2",
    "postgresql+psycopg2": "postgresql+psycopg2",
    "mysql": "mysql+pymysql",
    "mysql+pymysql": "mysql+pymysql",
    "mariadb": "mysql+pymysql",
    "mariadb+pymysql": "mysql+pymysql",
}
EXPECTED = (
    "a database URL: sqlite:////path/file.sqlite, postgresql://USER:PASSWORD@HOST:PORT/DB "
    "or mysql://USER:PASSWORD@HOST:PORT/DB"
)


def normalise(url: str) -> str:
    """The URL with the scheme of the driver installed in the image."""
    value = url.strip()
    scheme, sep, rest = value.partition("://")
    canonical = _SCHEMES.get(scheme.lower())
    if not sep or canonical is None:
        raise BadValue(EXPECTED)
    if canonical == "sqlite":
        if rest and not rest.startswith("/"):
            raise BadValue(EXPECTED)
        return value
    try:
        parts = urlsplit(f"{canonical}://{rest}")
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise BadValue(EXPECTED) from None
    if not parts.hostname or len(parts.path) < 2:
        raise BadValue(EXPECTED + " (a host and a database name are required)")
    return f"{canonical}://{rest}"


def kind(url: str) -> str:
    """sqlite, postgres or mysql."""
    scheme = url.partition("://")[0]
    if scheme.startswith("postgresql"):
        return "postgres"
    return "mysql" if scheme.startswith("mysql") else "sqlite"


def _replace_password(url: str, replacement: str | None) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url if replacement is None else MASK
    if parts.password is None:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    login = user if replacement is None else f"{user}:{replacement}"
    return urlunsplit(parts._replace(netloc=f"{login}@{hostport}"))


def mask(url: str) -> str:
    """The URL with its password replaced by ***."""
    return _replace_password(url, MASK)


def without_password(url: str) -> str:
    """The URL with its password removed."""
    return _replace_password(url, None)
