"""The demo of the README's first command works as a new user clicks through it."""
from webio.demo import main


def test_demo_form_table_buttons_popup(webio_client):
    client = webio_client(main)
    assert client.form.labels == ["Your name", "Pager number", "Team"]
    client.submit({"name": "Ann", "pager": 12})
    assert client.form["pager"].invalid_feedback == "A pager number has at least 3 digits"
    client.submit({"name": "Ann", "pager": 1234, "team": "Search"})
    assert client.form is None
    assert "Hello Ann (Search)" in client.text
    for service in ("api", "billing", "search", "mailer", "reports"):
        assert service in client.scope("status").text
    client.click("Restart", scope="status")
    assert [t.content for t in client.toasts][-1] == "api restarted"
    client.click("Help")
    assert client.popup.title == "About this demo"
