"""Staff accounts in the admin: roles, invitations, removal, your own password (through HTTP and the CLI)."""

import re

import pytest

from tests.conftest import PASSWORD, AuthActions, csrf_token

NEW_PASSWORD = "purple elephant ladder"


@pytest.fixture
def admin(client, auth):
    auth.create("boss")
    auth.login("boss")
    return client


def invite(client, name="maria.lopez", role="editor"):
    response = client.post("/admin/accounts/invite", data={"csrf_token": csrf_token(client, "/admin/accounts"), "name": name, "role": role})
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get("/admin/accounts").get_data(as_text=True)
    return re.search(r'value="(http://localhost/admin/invite/[^"]+)"', page).group(1).replace("http://localhost", "")


def accept(app, path, password=NEW_PASSWORD, confirm=None):
    newcomer = app.test_client()
    token = csrf_token(newcomer, path)
    return newcomer, newcomer.post(path, data={"csrf_token": token, "password": password, "confirm": confirm or password})


def test_the_first_account_from_the_cli_is_an_admin_and_can_invite(admin, app, runner):
    link = invite(admin)
    assert "maria.lopez (editor)" in admin.get("/admin/accounts").get_data(as_text=True)
    newcomer, response = accept(app, link)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/"
    assert "Signed in as" in newcomer.get("/admin/").get_data(as_text=True)  # signed in at once
    assert newcomer.get(link).status_code == 404, "the link works once"
    assert runner.invoke(args=["staff", "list"]).output.splitlines() == ["boss\tadmin", "maria.lopez\teditor"]
    fresh = app.test_client()
    assert AuthActions(fresh, runner).login("maria.lopez", NEW_PASSWORD).status_code == 302


def test_an_editor_edits_content_but_not_accounts_or_settings(admin, app):
    newcomer, _ = accept(app, invite(admin))
    assert newcomer.get("/admin/content").status_code == 200
    for path in ("/admin/accounts", "/admin/file/messages.yaml", "/admin/clinic", "/admin/messages"):
        response = newcomer.get(path)
        assert response.status_code == 403 and "admin" in response.get_data(as_text=True)
    assert newcomer.get("/admin/file/synonyms.txt").status_code == 200 and newcomer.get("/admin/topics").status_code == 200
    token = csrf_token(newcomer, "/admin/")
    assert newcomer.post("/admin/accounts/invite", data={"csrf_token": token, "name": "sneaky", "role": "admin"}).status_code == 403
    assert newcomer.post("/admin/accounts/role", data={"csrf_token": token, "name": "maria.lopez", "role": "admin"}).status_code == 403
    assert 'href="/admin/accounts"' not in newcomer.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("name, role, error", [
    ("", "editor", "Type a name."),
    ("has space", "editor", "A name is"),
    ("x", "editor", "A name is"),
    ("<script>", "editor", "A name is"),
    ("boss", "editor", "already a staff account"),
    ("maria", "owner", "Not a valid choice"),
])
def test_bad_invitations_say_why_next_to_the_field(admin, name, role, error):
    response = admin.post("/admin/accounts/invite", data={"csrf_token": csrf_token(admin, "/admin/accounts"), "name": name, "role": role})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and error in page and 'class="field-error"' in page and "<script>" not in page


@pytest.mark.parametrize("password, confirm, error", [
    ("short", "short", "at least 10 characters"),
    (NEW_PASSWORD, "something else entirely", "The two passwords differ."),
    ("", "", "Type a password."),
])
def test_a_weak_or_mistyped_password_is_refused_and_the_link_still_works(admin, app, password, confirm, error):
    link = invite(admin)
    _, response = accept(app, link, password, confirm)
    assert response.status_code == 400 and error in response.get_data(as_text=True)
    _, response = accept(app, link)
    assert response.status_code == 303


@pytest.mark.parametrize("path", ["/admin/invite/not-a-real-token", "/admin/invite/" + "a" * 43])
def test_an_unknown_invitation_link_is_a_plain_404(client, auth, path):
    auth.create("boss")
    response = client.get(path)
    assert response.status_code == 404 and "does not work" in response.get_data(as_text=True)


def test_a_new_link_replaces_the_old_one_and_a_withdrawn_link_stops_working(admin, app):
    first = invite(admin)
    second = invite(admin)
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
    admin.post("/admin/accounts/withdraw", data={"csrf_token": csrf_token(admin, "/admin/accounts"), "name": "maria.lopez"})
    assert app.test_client().get(second).status_code == 404


def test_an_expired_link_stops_working(admin, app, monkeypatch):
    import time

    link = invite(admin)
    newcomer = app.test_client()
    token = csrf_token(newcomer, link)
    later = time.time() + 8 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    response = newcomer.post(link, data={"csrf_token": token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 404


def test_removal_asks_first_and_signs_the_account_out(admin, app):
    newcomer, _ = accept(app, invite(admin))
    page = admin.get("/admin/accounts/remove?name=maria.lopez").get_data(as_text=True)
    assert "Remove the account maria.lopez?" in page and "signed out at once" in page
    token = csrf_token(admin, "/admin/accounts")
    assert admin.post("/admin/accounts/remove", data={"csrf_token": token, "name": "maria.lopez"}).status_code == 200  # no confirm: asks again
    assert newcomer.get("/admin/content").status_code == 200
    response = admin.post("/admin/accounts/remove", data={"csrf_token": token, "name": "maria.lopez", "confirm": "yes"})
    assert response.status_code == 303
    assert newcomer.get("/admin/content").status_code == 302, "signed out everywhere"


def test_the_only_admin_cannot_be_removed_or_demoted(admin, app, runner):
    accept(app, invite(admin))  # an editor, who would be left with no admin
    token = csrf_token(admin, "/admin/accounts")
    admin.post("/admin/accounts/remove", data={"csrf_token": token, "name": "boss", "confirm": "yes"})
    admin.post("/admin/accounts/role", data={"csrf_token": token, "name": "boss", "role": "editor"})
    page = admin.get("/admin/accounts").get_data(as_text=True)
    assert "boss (you)" in page and "only admin account" in page
    result = runner.invoke(args=["staff", "remove", "boss"])
    assert result.exit_code != 0 and "only admin account" in result.output


def test_roles_change_both_ways(admin, app):
    accept(app, invite(admin))
    token = csrf_token(admin, "/admin/accounts")
    admin.post("/admin/accounts/role", data={"csrf_token": token, "name": "maria.lopez", "role": "admin"})
    admin.post("/admin/accounts/role", data={"csrf_token": token, "name": "boss", "role": "editor"})
    assert admin.get("/admin/accounts").status_code == 403  # boss is an editor now


def test_account_pages_need_a_signed_in_admin_and_a_csrf_token(client, auth):
    auth.create("boss")
    for path in ("/admin/accounts", "/admin/password", "/admin/accounts/remove?name=boss"):
        assert client.get(path).status_code == 302
    auth.login("boss")
    assert client.post("/admin/accounts/invite", data={"name": "maria", "role": "editor"}).status_code == 400
    assert client.post("/admin/password", data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 400


def test_you_change_your_own_password_and_other_sessions_end(client, auth, app, runner):
    auth.create("boss")
    auth.login("boss")
    elsewhere = app.test_client()
    AuthActions(elsewhere, runner).login("boss")
    token = csrf_token(client, "/admin/password")
    wrong = client.post("/admin/password", data={"csrf_token": token, "current": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(as_text=True)
    response = client.post("/admin/password", data={"csrf_token": token, "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert client.get("/admin/content").status_code == 200, "still signed in here"
    assert elsewhere.get("/admin/content").status_code == 302, "signed out elsewhere"
    assert AuthActions(app.test_client(), runner).login("boss", NEW_PASSWORD).status_code == 302


def test_the_cli_adds_editors_too(runner):
    result = runner.invoke(args=["staff", "add", "reception", "--password-stdin", "--role", "editor"], input=PASSWORD + "\n")
    assert result.exit_code == 0 and "(editor)" in result.output
    assert runner.invoke(args=["staff", "add", "x2", "--password-stdin", "--role", "owner"], input=PASSWORD + "\n").exit_code != 0
