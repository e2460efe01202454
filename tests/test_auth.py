"""Staff accounts, sign-in, CSRF, throttling and the admin's closed doors."""

import pytest

from tests.conftest import PASSWORD, csrf_token

ADMIN_ROUTES = [("get", "/admin/"), ("get", "/admin/test"), ("post", "/admin/test")]


def test_without_accounts_admin_explains_how_to_create_one(client):
    page = client.get("/admin/").get_data(as_text=True)
    assert "flask staff add" in page
    assert "flask staff add" in client.get("/admin/login").get_data(as_text=True)


@pytest.mark.parametrize("method, path", ADMIN_ROUTES)
def test_admin_routes_refuse_anonymous_users(client, auth, method, path):
    auth.create()
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_sign_in_and_out(client, auth):
    auth.create()
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = client.get("/admin/").get_data(as_text=True)
    assert "Signed in as nurse" in page and "FAQ entries" in page
    assert auth.logout().status_code == 302
    assert client.get("/admin/").status_code == 302


def test_session_cookie_flags(client, auth, app):
    auth.create()
    cookie = auth.login().headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "Secure" in auth.login().headers["Set-Cookie"]


@pytest.mark.parametrize("name, password", [("nurse", "wrong password!"), ("nobody", PASSWORD), ("", ""), ("nurse", "")])
def test_wrong_sign_in_gets_one_generic_message(client, auth, name, password):
    auth.create()
    response = auth.login(name, password)
    assert response.status_code == 401
    assert "That name and password did not work" in response.get_data(as_text=True)


def test_missing_csrf_token_is_refused(client, auth):
    auth.create()
    response = client.post("/admin/login", data={"name": "nurse", "password": PASSWORD})
    assert response.status_code == 400
    auth.login()
    assert client.post("/admin/test", data={"question": "hi"}).status_code == 400
    assert client.post("/admin/logout").status_code == 400


def test_wrong_passwords_are_throttled_per_account(client, auth):
    auth.create()
    for _ in range(5):
        assert auth.login("nurse", "wrong password!").status_code == 401
    response = auth.login()
    assert response.status_code == 401, "the right password is refused while throttled"
    assert "That name and password did not work" in response.get_data(as_text=True)


def test_wrong_passwords_are_throttled_per_address(client, auth):
    auth.create()
    auth.create("doctor")
    for i in range(5):
        auth.login(f"guess{i}", "wrong password!")
    assert auth.login("doctor").status_code == 401


def test_guesses_from_elsewhere_cannot_lock_a_staff_member_out(app, auth):
    auth.create()
    attacker = app.test_client()
    for _ in range(8):
        token = csrf_token(attacker, "/admin/login")
        attacker.post("/admin/login", data={"name": "nurse", "password": "wrong password!", "csrf_token": token}, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert auth.login().status_code == 302, "the staff member's own address still signs in"


def test_guesses_on_one_account_from_many_addresses_are_slowed(app, auth, monkeypatch):
    import time

    from bot.store import staff

    auth.create()
    attacker = app.test_client()
    for i in range(staff.ACCOUNT_DELAY_AFTER + 2):
        token = csrf_token(attacker, "/admin/login")
        attacker.post("/admin/login", data={"name": "nurse", "password": "wrong password!", "csrf_token": token}, environ_base={"REMOTE_ADDR": f"198.51.100.{i}"})
    assert auth.login().status_code == 401, "within the delay even the right password waits"
    later = time.time() + staff.MAX_DELAY + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert auth.login().status_code == 302, "after the delay it works: slowed, never locked"


def test_parallel_guesses_are_all_counted(app, auth):
    from concurrent.futures import ThreadPoolExecutor

    auth.create()

    def guess(_):
        client = app.test_client()
        token = csrf_token(client, "/admin/login")
        return client.post("/admin/login", data={"name": "nurse", "password": "wrong password!", "csrf_token": token}).status_code

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(guess, range(20)))
    from sqlalchemy import func, select

    from bot.store import db
    from bot.store.models import SignInFailure

    with app.app_context():
        attempts = db.session.execute(select(func.count()).where(SignInFailure.key.like("pair:nurse:%"))).scalar()
    assert attempts == 20


def test_many_good_sign_ins_are_not_throttled(auth):
    auth.create()
    for _ in range(8):
        assert auth.login().status_code == 302


def test_an_unknown_name_costs_a_password_check_too(auth, monkeypatch):
    from bot.store import staff

    checked = []
    real = staff.check_password_hash
    monkeypatch.setattr(staff, "check_password_hash", lambda stored, password: checked.append(stored) or real(stored, password))
    auth.create()
    auth.login("nobody", "wrong password!")
    auth.login("nurse", "wrong password!")
    assert len(checked) == 2 and checked[0] == staff.dummy_hash()


def test_throttle_window_passes(client, auth, app, monkeypatch):
    import time

    auth.create()
    for _ in range(5):
        auth.login("nurse", "wrong password!")
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert auth.login().status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/admin",
        "/admin%0d%0aX-Injected:%201",  # was a 500: a header injection Werkzeug refuses
        "/admin%0aSet-Cookie:%20x=1",
    ],
)
def test_next_only_goes_inside_the_admin(client, auth, target):
    auth.create()
    token = csrf_token(client, "/admin/login")
    response = client.post(f"/admin/login?next={target}", data={"name": "nurse", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert "X-Injected" not in response.headers and "Set-Cookie: x" not in str(response.headers)


def test_admin_pages_are_never_cached_and_visitor_pages_may_be(client, auth):
    auth.create()
    auth.login()
    assert client.get("/admin/").headers["Cache-Control"] == "no-store"
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["staff", "add", "x"], "long enough password\n", "A name is 2-64"),
        (["staff", "add", "nurse2"], "short\n", "at least 10 characters"),
        (["staff", "remove", "nobody"], "", "no staff account named 'nobody'"),
    ],
)
def test_staff_cli_errors(runner, args, stdin, message):
    result = runner.invoke(args=[*args, "--password-stdin"] if args[1] == "add" else args, input=stdin)
    assert result.exit_code == 1 and message in result.output


def test_staff_cli_add_list_remove(runner, auth):
    auth.create("nurse")
    again = runner.invoke(args=["staff", "add", "NURSE", "--password-stdin"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already a staff account" in again.output
    assert runner.invoke(args=["staff", "list"]).output.split() == ["nurse", "admin"]
    assert runner.invoke(args=["staff", "remove", "nurse"]).exit_code == 0
    assert runner.invoke(args=["staff", "list"]).output.startswith("No staff accounts yet")


def test_password_is_stored_hashed(app, auth):
    from sqlalchemy import select

    from bot.store import db
    from bot.store.models import Staff

    auth.create()
    with app.app_context():
        stored = db.session.execute(select(Staff.password_hash)).scalar()
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_password_prompt(runner):
    result = runner.invoke(args=["staff", "add", "nurse"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0 and "Created the staff account 'nurse'" in result.output


def test_test_pane_shows_reply_matches_and_threshold(client, auth):
    auth.create()
    auth.login()
    token = csrf_token(client, "/admin/test")
    page = client.post("/admin/test", data={"question": "How does ketamine work?", "csrf_token": token}).get_data(as_text=True)
    assert "NMDA receptor" in page
    threshold = client.application.extensions["knowledge"].get().threshold
    assert "Threshold to answer" in page and f"a probability of {threshold:.2f}" in page and "Probability the answer is right" in page
    assert "how-ketamine-works" in page and "ketamin, work" in page  # the stems that matched
    assert page.count('<tr><td data-label="Score">') == 5
    assert "Semantic gap" in page and "<td data-label=\"Semantic gap\">0.00</td></tr>" in page  # the best match is also the closest in meaning


def test_overview_shows_a_knowledge_error(make_app, tmp_path):
    from tests.conftest import AuthActions

    broken = tmp_path / "broken"
    (broken / "faq").mkdir(parents=True)
    (broken / "faq" / "clinic.yaml").write_text("- id: broken\n  question: Oops?\n")
    app = make_app({"KNOWLEDGE_DIR": str(broken)})  # the first start with a broken seed folder
    client = app.test_client()
    auth = AuthActions(client, app.test_cli_runner())
    auth.create()
    auth.login()
    page = client.get("/admin/").get_data(as_text=True)
    assert "clinic.yaml" in page and "line 1" in page and "has no answer" in page and "flask kb import" in page


def test_throttling_sees_the_client_behind_a_trusted_proxy(make_app, knowledge_dir):
    from tests.conftest import AuthActions

    app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "TRUSTED_PROXIES": 1})
    client = app.test_client()
    auth = AuthActions(client, app.test_cli_runner())
    auth.create()
    auth.create("doctor")
    for i in range(5):
        token = csrf_token(client, "/admin/login")
        client.post("/admin/login", data={"name": f"guess{i}", "password": "wrong password!", "csrf_token": token}, headers={"X-Forwarded-For": "203.0.113.9"})
    token = csrf_token(client, "/admin/login")
    other = client.post("/admin/login", data={"name": "doctor", "password": PASSWORD, "csrf_token": token}, headers={"X-Forwarded-For": "198.51.100.7"})
    assert other.status_code == 302, "another client behind the same proxy is not throttled"


def test_a_cookie_copied_before_sign_out_no_longer_works(app, client, auth):
    auth.create()
    auth.login()
    cookie = client.get_cookie("session")
    assert client.get("/admin/").status_code == 200
    token = csrf_token(client, "/admin/")
    client.post("/admin/logout", data={"csrf_token": token})
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/admin/").status_code == 302, "the ended session must not sign anyone in"


def test_removing_an_account_ends_its_sessions(app, client, auth):
    auth.create()
    auth.create("doctor")  # with no account at all, /admin explains how to make the first one
    auth.login()
    assert client.get("/admin/").status_code == 200
    assert app.test_cli_runner().invoke(args=["staff", "remove", "nurse"]).exit_code == 0
    assert client.get("/admin/").status_code == 302


def test_a_new_password_ends_every_session_of_the_account(app, client, auth):
    auth.create()
    auth.create("doctor")
    auth.login()
    assert client.get("/admin/").status_code == 200
    result = app.test_cli_runner().invoke(args=["staff", "password", "nurse", "--password-stdin"], input="another long password\n")
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    assert auth.login("nurse", "another long password").status_code == 302


@pytest.mark.parametrize("name, password, message", [("nobody", "a long enough one", "no staff account"), ("nurse", "short", "at least 10")])
def test_a_bad_password_change_says_why(app, auth, name, password, message):
    auth.create()
    result = app.test_cli_runner().invoke(args=["staff", "password", name, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 1 and message in result.output
