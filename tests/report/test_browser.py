"""The report as a person sees it: rendered by headless Chromium, every image decodes.

Needs /usr/bin/chromium (Debian: ``apt-get install -y chromium``); skipped when absent.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib.image import imread
from report_support import D, payload

from hc_reconcile.report import build_report, write_report
from hc_reconcile.report.service import envelope

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install -y chromium)"
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
# Counts the images and those that did not decode, once everything has loaded.
PROBE = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
  document.body.setAttribute('data-images', String(imgs.length));
  document.body.setAttribute('data-broken', String(broken.length));
});
</script>"""


def _chromium(tmp: Path, *args: str) -> str:
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'chromium-profile'}", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _image_counts(tmp: Path, html: str, name: str) -> tuple[int, int]:
    page = tmp / name
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = _chromium(tmp, "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    images = re.search(r'data-images="(\d+)"', dom)
    broken = re.search(r'data-broken="(\d+)"', dom)
    assert images and broken, dom[:500]
    return int(images.group(1)), int(broken.group(1))


@pytest.fixture(scope="module")
def built(warehouse_file: Path):  # type: ignore[no-untyped-def]
    return build_report(warehouse=warehouse_file, business_date=D)


def test_html_file_renders_with_every_chart_and_a_screenshot(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = write_report(built, out_dir=tmp_path)
    assert _image_counts(tmp_path, written.html.read_text(encoding="utf-8"), "probe.html") == (7, 0)
    shot = tmp_path / "report.png"
    _chromium(tmp_path, "--window-size=1000,2700", f"--screenshot={shot}", written.html.as_uri())
    pixels = imread(shot)
    assert pixels.shape[0] == 2700 and pixels.shape[1] == 1000
    assert pixels[..., :3].std() > 0.05  # not a blank page


def test_email_html_inline_images_resolve(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = envelope(
        built, key="billing", audience="billing", queues=["billing"], recipients=["b@x.example"], sender="r@x.example"
    )
    html_part = env.message.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    # Resolve cid: like a mail client does, from the message's own image parts.
    for part in env.message.walk():
        if part.get_content_type() == "image/png":
            cid = str(part["Content-ID"]).strip().strip("<>")
            data = base64.b64encode(payload(part)).decode("ascii")
            html = html.replace(f"cid:{cid}", f"data:image/png;base64,{data}")
    assert "cid:" not in html
    assert _image_counts(tmp_path, html, "mail.html") == (7, 0)
