"""Live preview: build, serve the output folder on localhost, rebuild on change, reload the page.

Takes a `Config`; builds once, serves `config.out_dir` over HTTP on a loopback address, and
watches the manuscript, the bibliography and the templates. A change triggers a rebuild (in the
main thread, so the tools' time limits apply); the page, which polls a version counter, reloads
itself. The findings of the last build (or the reason it failed) are printed in the terminal
and shown in a panel on the page. Ctrl-C stops the server and the watcher and returns.
"""

from __future__ import annotations

import functools
import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from repropub import report
from repropub.config import Config
from repropub.errors import PipelineError
from repropub.outputs import NAMES
from repropub.pipeline import build

VERSION_PATH = "/__repropub/version"
RELOAD_SCRIPT = f"""<script>
(function () {{
  var seen = null;
  setInterval(function () {{
    fetch("{VERSION_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (v) {{ if (seen !== null && v !== seen) location.reload(); seen = v; }})
      .catch(function () {{}});
  }}, 700);
}})();
</script>"""


@dataclass
class Preview:
    """What the server shows: a build counter and the last build's findings."""

    version: int = 0
    findings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, findings: list[str]) -> None:
        with self.lock:
            self.version += 1
            self.findings = findings

    def panel(self) -> str:
        with self.lock:
            lines = list(self.findings)
        if not lines:
            return ""
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return ('<aside id="repropub-findings" style="position:fixed;bottom:0;left:0;right:0;'
                'max-height:30vh;overflow:auto;background:#fff8e1;border-top:2px solid #7a1f2b;'
                'font:13px/1.4 monospace;padding:.5rem 1rem;z-index:9">'
                f"<strong>{len(lines)} finding(s)</strong><ul>{items}</ul></aside>")


def watched_files(config: Config) -> list[Path]:
    files = [config.manuscript]
    if config.bibliography is not None:
        files.append(config.bibliography)
    if config.style.endswith(".csl"):
        files.append(Path(config.style))
    files += sorted(p for p in config.templates.rglob("*") if p.is_file())
    return files


def snapshot(files: list[Path]) -> dict[Path, tuple[int, int]]:
    state = {}
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        state[path] = (info.st_mtime_ns, info.st_size)
    return state


def rebuild(config: Config, preview: Preview, say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    try:
        result = build(config)
    except PipelineError as exc:
        lines = str(exc).splitlines()
        for line in lines:
            say(line)
        say("build failed; still serving the previous output")
        preview.update(lines)
        return
    text = report.render(result.check, "text", result.manuscript, result.bibliography)
    printed = text.splitlines() + [str(w) for w in (*result.warnings, *result.mismatches)]
    for line in printed:
        say(line)
    say(f"built in {time.perf_counter() - started:.1f} s")
    preview.update([line for line in printed if ": error: " in line or ": warning: " in line])


def serve(config: Config, *, host: str = "127.0.0.1", port: int = 8000,
          interval: float = 0.3, say: Callable[[str], None] | None = None) -> int:
    """Serve until interrupted; return the exit code."""
    emit = say or (lambda line: print(line, flush=True))
    preview = Preview()
    rebuild(config, preview, emit)
    handler = functools.partial(_Handler, preview=preview, directory=str(config.out_dir))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise PipelineError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    thread.start()
    url = f"http://{host}:{server.server_address[1]}/{NAMES['html']}"
    emit(f"serving {url} (watching {config.manuscript.name} and the templates; Ctrl-C stops)")
    files = watched_files(config)
    state = snapshot(files)
    try:
        while True:
            time.sleep(interval)
            files = watched_files(config)
            now = snapshot(files)
            if now != state:
                state = now
                emit("change seen: rebuilding")
                rebuild(config, preview, emit)
    except KeyboardInterrupt:
        emit("stopping")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    return 0


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; the article page gets the reload script and findings panel."""

    def __init__(self, *args: object, preview: Preview, **kwargs: object) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == VERSION_PATH:
            self._send(str(self.preview.version).encode(), "text/plain")
        elif path in ("/", f"/{NAMES['html']}"):
            page = Path(self.directory) / NAMES["html"]
            try:
                text = page.read_text(encoding="utf-8")
            except OSError:
                text = "<!DOCTYPE html><title>No page yet</title><body><p>No page built yet.</p>"
            extra = self.preview.panel() + RELOAD_SCRIPT
            text = text.replace("</body>", extra + "</body>") if "</body>" in text \
                else text + extra
            self._send(text.encode("utf-8"), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args  # requests are not worth a terminal line each

