"""``nestgen preview`` pages in headless Chromium: visibility, constraint messages, values panel."""

from __future__ import annotations

import itertools
import json
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp_browser import Browser, chromium_binary, chromium_version

from nestgen.params import check_parameters
from nestgen.params.constraints import check_value
from nestgen.params.model import load_template
from nestgen.params.visibility import references
from nestgen.preview import write_preview
from nestgen.preview.form import choice_values

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "ros_templates" / "template.yaml"
PACKAGE = ROOT / "service_config"
STRONG = "Preview-2024x"
WEAK = "abc12345"  # two kinds of character only


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if chromium_binary() is None:
        pytest.skip("chromium is not installed (scripts/install-test-deps installs it)")
    pytest.importorskip("websocket", reason="websocket-client drives Chromium")
    with Browser(tmp_path_factory.mktemp("profile")) as opened:
        yield opened


@pytest.fixture(scope="module", params=["en", "zh-cn"])
def page(request: pytest.FixtureRequest, browser: Browser, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("page")
    path = write_preview(PACKAGE, out, request.param)
    browser.open(path.as_uri())
    return request.param


def shown_fields(browser: Browser) -> list[str]:
    return browser.evaluate(
        "[...document.querySelectorAll('.field[data-name]')]"
        ".filter(e => e.offsetParent !== null).map(e => e.dataset.name)"
    )


def params_visible(combo: dict[str, str]) -> list[str]:
    """What ``params check`` shows: every parameter given, the hidden ones come back 'ignored'."""
    params = load_template(TEMPLATE)
    values = {n: p.default if p.default is not None else "x" for n, p in params.params.items()}
    values.update(combo)
    ignored = {p.parameter for p in check_parameters(TEMPLATE, values) if p.code == "ignored"}
    return [name for name in params.params if name not in ignored]


def choices() -> dict[str, list[str]]:
    """The choice fields (AllowedValues or Boolean) any Visible condition reads, in order."""
    params = load_template(TEMPLATE)
    read = {r for p in params.params.values() if p.visible for r in references(p.visible)}
    found = {name: choice_values(params[name]) for name in params.params if name in read}
    return {name: values for name, values in found.items() if values}


def combinations() -> list[dict[str, str]]:
    offered = choices()
    return [
        dict(zip(offered, combo, strict=True)) for combo in itertools.product(*offered.values())
    ]


def set_choices(browser: Browser, combo: dict[str, str]) -> None:
    for name, value in combo.items():
        browser.choose(f"#f-{name}", value)


# What a deployer picks where the console shows a picker (the fields have Default '').
PICKED = {
    "ZoneId": "cn-hangzhou-k",
    "ClusterId": "c0123456789abcdef0123456789abcdef",
    "VpcId": "vpc-bp1example",
    "VSwitchId": "vsw-bp1example",
    "PodVSwitchId": "vsw-bp1pods",
}


def pick(browser: Browser, name: str, value: str) -> None:
    """Enter ``value``: typed into a text field, or added to a picker (a select whose choices
    the console would load) and chosen there."""
    field = json.dumps(f"f-{name}")
    if browser.evaluate(f"document.getElementById({field}).tagName") == "SELECT":
        choice = json.dumps(value)
        browser.evaluate(
            f"(e => {{ e.add(new Option({choice}, {choice})); e.value = {choice};"
            " e.dispatchEvent(new Event('change', {bubbles: true})); })"
            f"(document.getElementById({field}))"
        )
    else:
        browser.type_into(f"#{json.loads(field)}", value)


def fill_what_is_missing(browser: Browser) -> None:
    """Type a value into every field the page lists as not filled (a picker's choice, or the
    password and its confirmation)."""
    text = browser.evaluate("document.getElementById('not-filled').textContent")
    for name in [n.strip() for n in text.partition(":")[2].split(",") if n.strip()]:
        if name == "LoginPassword":
            browser.type_into("#f-LoginPassword", STRONG)
            browser.type_into("#f-LoginPassword-confirm", STRONG)
        else:
            assert name in PICKED, f"the page asks for {name}: add a sample to PICKED"
            pick(browser, name, PICKED[name])


def values_panel(browser: Browser) -> dict:
    return json.loads(browser.evaluate("document.getElementById('values').textContent"))


def test_the_page_reads_every_choice_conditions_name(browser: Browser, page: str) -> None:
    data = json.loads(browser.evaluate("document.getElementById('nestgen-form').textContent"))
    assert {"CsOptions", "PayType", "VpcOption", "AckNetworkPlugin"} <= set(choices())
    assert data["choices"] == list(choices())
    assert len(data["table"]) == len(combinations())


def test_every_combination_shows_exactly_what_params_says(browser: Browser, page: str) -> None:
    for combo in combinations():
        set_choices(browser, combo)
        assert shown_fields(browser) == params_visible(combo), combo


def test_a_weak_password_shows_the_constraint_message(browser: Browser, page: str) -> None:
    set_choices(browser, {"CsOptions": "NewAck"})
    browser.type_into("#f-LoginPassword", WEAK)
    shown = browser.evaluate("document.getElementById('f-LoginPassword-message').textContent")
    param = load_template(TEMPLATE)["LoginPassword"]
    expected = [message for _, message in check_value(param, WEAK, page)]
    assert expected and shown == "\n".join(expected)
    assert param.spec["ConstraintDescription"][page] in shown
    assert WEAK not in shown, "a NoEcho value is never echoed"
    browser.type_into("#f-LoginPassword", STRONG)
    assert browser.evaluate("document.getElementById('f-LoginPassword-message').textContent") == ""


def test_the_confirm_twin_says_when_the_entries_differ(browser: Browser, page: str) -> None:
    set_choices(browser, {"CsOptions": "NewAck"})
    browser.type_into("#f-LoginPassword", STRONG)
    browser.type_into("#f-LoginPassword-confirm", STRONG + "!")
    assert browser.evaluate(
        "document.getElementById('f-LoginPassword-confirm-message').textContent"
    )
    browser.type_into("#f-LoginPassword-confirm", STRONG)
    assert not browser.evaluate(
        "document.getElementById('f-LoginPassword-confirm-message').textContent"
    )


SAMPLES = {
    "DomainAddress": ["jupyter.example.com", "not a host", "x", "a" * 300, "a.b.c.example.org"],
    "VpcCidrBlock": ["10.0.0.0/8", "10.0.0.0/25", "8.8.8.0/24", "192.168.1.0/24", "abc"],
    "PodCidr": ["172.20.0.0/16", "172.15.0.0/16", "10.0.0.0/16"],
    "WorkerInstanceCount": ["3", "0", "101", "2.5", "1e3", "three", " 7 "],
    "WorkerSystemDiskSize": ["40", "39", "500.0", "501"],
    "LoginPassword": [WEAK, STRONG, "short1A", "A" * 31, "Aa1" * 4, "Ab1!", "passWORD1234"],
}


def test_page_messages_agree_with_params_on_typed_values(browser: Browser, page: str) -> None:
    set_choices(
        browser, {"CsOptions": "NewAck", "VpcOption": "NewVPC", "AckNetworkPlugin": "Flannel"}
    )
    params = load_template(TEMPLATE)
    for name, samples in SAMPLES.items():
        for sample in samples:
            browser.type_into(f"#f-{name}", sample)
            shown = browser.evaluate(f"document.getElementById('f-{name}-message').textContent")
            expected = "\n".join(m for _, m in check_value(params[name], sample, page))
            assert shown == expected, (name, sample)
    browser.type_into("#f-ChartValues", "{not json")
    assert browser.evaluate("document.getElementById('f-ChartValues-message').textContent")


def test_the_default_form_lacks_only_the_zone_and_password(
    browser: Browser, page: str, tmp_path
) -> None:
    """What the deployer must still fill: the zone (its Default '' does not satisfy Required;
    the console's zone picker asks) and the password; the page names the same ones."""
    browser.open(browser.evaluate("location.href"))
    values = values_panel(browser)
    problems = check_parameters(TEMPLATE, values)
    errors = [(p.parameter, p.code) for p in problems if p.severity == "error"]
    assert errors == [("ZoneId", "required"), ("LoginPassword", "required")]
    not_filled = browser.evaluate("document.getElementById('not-filled').textContent")
    assert "LoginPassword" in not_filled and "ZoneId" in not_filled, not_filled


def test_the_values_panel_of_the_default_form_passes_params_check(
    browser: Browser, page: str, tmp_path: Path
) -> None:
    browser.open(browser.evaluate("location.href"))
    fill_what_is_missing(browser)
    path = tmp_path / "params.json"
    path.write_text(browser.evaluate("document.getElementById('values').textContent"))
    done = subprocess.run(
        [sys.executable, "-m", "nestgen", "params", "check", str(TEMPLATE), str(path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "valid: 0 warning(s)\n", done.stdout


def test_every_combination_submits_a_file_params_accepts(browser: Browser, page: str) -> None:
    browser.open(browser.evaluate("location.href"))
    browser.type_into("#f-LoginPassword", STRONG)
    for combo in combinations():
        set_choices(browser, combo)
        fill_what_is_missing(browser)
        problems = check_parameters(TEMPLATE, values_panel(browser))
        assert [p for p in problems if p.severity != "info"] == [], combo


def test_the_committed_screenshots_are_current(tmp_path: Path) -> None:
    docs = ROOT / "docs" / "preview"
    recorded = (docs / "chromium.txt").read_text().strip()
    if chromium_binary() is None or chromium_version() != recorded:
        pytest.skip(f"screenshots are compared with {recorded} only (fonts and rendering differ)")
    script = runpy.run_path(str(ROOT / "scripts" / "preview-docs"), run_name="preview_docs")
    for shot in script["screenshots"](tmp_path):
        assert shot.read_bytes() == (docs / shot.name).read_bytes(), "run scripts/preview-docs"
