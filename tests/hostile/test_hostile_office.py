"""A stranger's Word 97-2003 or RTF file, read through LibreOffice: nothing it names outside
itself (a file to include, a picture on a server) is read or fetched."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import pytest

from repropub.readers import read


def test_an_rtf_that_includes_a_file_or_a_remote_picture_reads_neither(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRETWORD")
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    rtf = tmp_path / "reaching.rtf"
    rtf.write_text(
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\n"
        f'\\pard Before {{\\field{{\\*\\fldinst INCLUDETEXT "{secret}"}}{{\\fldrslt old}}}} '
        "after.\\par\n"
        f'\\pard Pic {{\\field{{\\*\\fldinst INCLUDEPICTURE "{url}/x.png" \\\\d}}'
        "{\\fldrslt }} end.\\par\n"
        f'\\pard See {{\\field{{\\*\\fldinst HYPERLINK "{url}/page"}}{{\\fldrslt here}}}} '
        "(Finch, 2015).\\par\n}\n")
    try:
        if shutil.which("soffice") is None:
            pytest.skip("LibreOffice (soffice) not found (.ci/run installs it)")
        text = read(rtf).text
    finally:
        server.shutdown()
        server.server_close()
    assert text.split("\n\n") == ["Before old after.", "Pic  end.", "See here (Finch, 2015)."]
    assert "SECRETWORD" not in text and asked == []
