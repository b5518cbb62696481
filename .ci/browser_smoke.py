"""The production smoke test: a real browser against gunicorn with production settings.

    python .ci/browser_smoke.py http://127.0.0.1:PORT EVENT_ID

Opens /, /embed/, /events/EVENT_ID/ and the admin's login page in Debian's
Chromium (headless, through Playwright) and fails unless each answers 200 with no
console error, no uncaught JavaScript error and no Content-Security-Policy
violation, and, on the map pages, the map is drawn: Leaflet's container is there,
the events are loaded (data-events-ready is a count, not "error") and base-map
tiles were asked for. The server believes it is behind a TLS proxy
(SECURE_PROXY_SSL_HEADER=1 and an X-Forwarded-Proto header here), as in production.
Tile requests are answered here with a blank PNG (no network in CI); every other
request outside 127.0.0.1 is cut off and would show as a console error.
"""
import base64
import re
import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
TILE = re.compile(r"^https://([a-z]\.)?tile\.openstreetmap\.org/")
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")


def visit(page, url, *, is_map):
    problems = []
    page.console_errors.clear()
    page.tiles.clear()
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        problems.append(f"answered {response.status if response else 'nothing'}")
    if is_map:
        try:
            page.wait_for_selector("#event-map.leaflet-container[data-events-ready]", timeout=30_000)
            ready = page.get_attribute("#event-map", "data-events-ready")
            if not ready or not ready.isdigit():
                problems.append(f"map data not loaded (data-events-ready={ready!r})")
            page.wait_for_function("() => document.querySelectorAll('.leaflet-tile').length > 0",
                                   timeout=10_000)
        except Exception as exc:  # noqa: BLE001 (any failure is reported below)
            problems.append(f"map not drawn: {str(exc).splitlines()[0]}")
        if not page.tiles:
            problems.append("no base-map tile was requested")
    page.wait_for_timeout(300)  # late console messages (CSP reports are asynchronous)
    problems += [f"console: {text}" for text in page.console_errors]
    return problems


def main(base, event_id):
    failures = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(base_url=base, extra_http_headers={"X-Forwarded-Proto": "https"})
        page = context.new_page()
        page.console_errors, page.tiles = [], []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(f"uncaught: {e}"))

        def tile(route):
            page.tiles.append(route.request.url)
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)

        context.route(OUTSIDE, lambda route: route.abort())
        context.route(TILE, tile)
        for path, is_map in (("/", True), ("/embed/", True), (f"/events/{event_id}/", True),
                             ("/admin/login/", False)):
            problems = visit(page, base + path, is_map=is_map)
            print(f"{'ok  ' if not problems else 'FAIL'} {path}" + "".join(f"\n     {p}" for p in problems))
            failures += bool(problems)
        browser.close()
    print(f"{4 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
