"""Chromium renders Vietnamese with the shipped font from the real server, offline."""

import pytest
from browser_support import chromium, demo_server

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_shared_assets_load_in_chromium():
    with demo_server() as demo, chromium() as browser:
        page = browser.new_page()
        page.goto(demo.url + "/healthz")
        page.set_content(
            f'<link rel="stylesheet" href="{demo.url}/assets/css/base.css">'
            '<p id="t">Bộ phận Một cửa huyện Yên Thế</p>'
        )
        page.wait_for_function("document.fonts.check('16px \"Noto Sans\"')")
        assert page.inner_text("#t") == "Bộ phận Một cửa huyện Yên Thế"
        socketio_js = page.request.get(demo.url + "/assets/vendor/socket.io.min.js")
        assert socketio_js.ok and b"Socket.IO" in socketio_js.body()[:200]
