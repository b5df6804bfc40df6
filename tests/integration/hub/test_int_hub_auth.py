"""NativeAuthenticator on a real hub behind configurable-http-proxy, on three real databases.

The hub is configured only by AUTH_* and HUB_* variables; every value differs from the seed's
default, so each assertion shows that its variable reached the authenticator.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from hubint_hub import HubClient
from hubint_settings import ADMIN, DbHub

pytestmark = pytest.mark.integration

AWAITING = "Your information has been sent to the admin"
TOO_SHORT = "at least 10 characters"


def query(db_hub: DbHub, sql: str) -> list[tuple]:
    """Rows from the hub's own database, read with that database's DB-API driver."""
    conn = db_hub.connect()
    with contextlib.closing(conn):  # type: ignore[arg-type]
        cur = conn.cursor()  # type: ignore[attr-defined]
        cur.execute(sql)
        return [tuple(row) for row in cur.fetchall()]


def test_signup_waits_for_admin_approval(db_hub: DbHub, admin: HubClient) -> None:
    user = db_hub.hub.client()
    assert AWAITING in user.signup("alice", "alice-password-1")
    refused = user.post_form("/hub/login", {"username": "alice", "password": "alice-password-1"})
    assert refused.status_code == 200
    assert "has not been authorized by an administrator yet" in refused.text
    approved = admin.get("/hub/authorize/alice")
    assert approved.status_code == 302
    assert user.login("alice", "alice-password-1")


def test_second_admin_needs_no_approval(db_hub: DbHub) -> None:
    chief = db_hub.hub.client()
    assert "signup was successful" in chief.signup("chief", "chief-password-1")
    assert chief.login("chief", "chief-password-1")
    assert chief.api("GET", "/user").json()["admin"] is True


def test_only_admins_reach_the_approval_page(db_hub: DbHub, admin: HubClient) -> None:
    user = db_hub.hub.client()
    user.signup("mallory", "mallory-password-1")
    assert admin.get("/hub/authorize").status_code == 200
    assert "mallory" in admin.get("/hub/authorize").text
    assert user.get("/hub/authorize").status_code in (302, 403)
    assert not user.login("mallory", "mallory-password-1")


def test_minimum_password_length(db_hub: DbHub) -> None:
    user = db_hub.hub.client()
    assert TOO_SHORT in user.signup("carol", "nine-char")
    assert not user.login("carol", "nine-char")
    assert AWAITING in user.signup("carol", "ten-chars!")


def test_common_passwords_are_refused(db_hub: DbHub) -> None:
    user = db_hub.hub.client()
    assert TOO_SHORT in user.signup("dave", "1234567890")
    assert AWAITING in user.signup("dave", "not-a-common-one")


def test_lock_out_after_failed_logins(db_hub: DbHub, admin: HubClient) -> None:
    user, other = db_hub.hub.client(), db_hub.hub.client()
    for name in ("erin", "frank"):
        user.signup(name, f"{name}-password-1")
        assert admin.get(f"/hub/authorize/{name}").status_code == 302
    assert not user.login("erin", "wrong-password")
    assert user.login("erin", "erin-password-1"), "one failure (below the limit) must not lock"
    assert not user.login("erin", "wrong-password")
    assert not user.login("erin", "wrong-password")
    assert not user.login("erin", "erin-password-1"), "two failures lock the account"
    assert other.login("frank", "frank-password-1"), "the lock is per user"
    time.sleep(3.2)
    assert user.login("erin", "erin-password-1"), "the lock ends after the wait"


def test_hub_schema_and_rows_in_the_real_database(db_hub: DbHub, admin: HubClient) -> None:
    approved = db_hub.hub.client()
    approved.signup("grace", "grace-password-1")
    admin.get("/hub/authorize/grace")
    assert approved.login("grace", "grace-password-1")
    hub_users = {row[0] for row in query(db_hub, "SELECT name FROM users")}
    assert {ADMIN, "grace"} <= hub_users
    infos = dict(query(db_hub, "SELECT username, is_authorized FROM users_info"))
    assert bool(infos[ADMIN]) and bool(infos["grace"])
    assert query(db_hub, "SELECT version_num FROM alembic_version")


def test_database_password_stays_out_of_the_log(db_hub: DbHub) -> None:
    if db_hub.password is None:
        pytest.skip("sqlite has no password")
    assert db_hub.password not in db_hub.hub.log_text()
