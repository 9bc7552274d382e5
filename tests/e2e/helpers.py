"""What browser tests do on every page: check accessibility, sign in."""

from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe-core finds any WCAG 2.2 AA violation on the page."""
    # A click that navigates returns before the new page has loaded: wait for it, or axe
    # would be injected into a document that is being replaced.
    page.wait_for_load_state("load")
    page.add_script_tag(content=AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    violations = result["violations"]
    message = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"Accessibility violations on {page.url}:\n{message}"


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in as a person would: the password, then the code their authenticator app
    shows (an app is set up for them first if they have none)."""
    from opennrm.accounts.models import User
    from tests.two_factor import authenticator_for, code_for

    user = User.objects.filter(email=email.lower()).first()
    device = authenticator_for(user) if user is not None else None
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is None:
        return
    page.wait_for_load_state("load")
    if "/account/two-factor/" not in page.url:
        return  # a wrong password, a locked account: the test looks at that page
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
