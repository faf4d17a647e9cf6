"""Render a built report to PNG with headless Chromium (for README's screenshot).

Usage: ``python docs/screenshot.py reports/timeline.html docs/timeline.png``
(``make screenshot`` runs it after ``make demo``). Needs Debian's ``chromium``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(source: str, target: str, height: int = 1500) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_context(offline=True, viewport={"width": 1200, "height": height},
                                   device_scale_factor=1).new_page()
        page.goto(Path(source).resolve().as_uri())
        page.wait_for_selector(".js-plotly-plot")
        page.wait_for_timeout(500)
        page.screenshot(path=target, full_page=False)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
