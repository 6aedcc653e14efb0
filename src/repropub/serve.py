"""Live preview: build, serve the output folder on localhost, rebuild on change, reload the page.

Takes a `Config`; serves `config.out_dir` over HTTP on a loopback address and watches the
manuscript, the bibliography and the templates. The page comes first: a change rebuilds it
without the PDF (in the main thread, so the tools' time limits apply) and the open page is told
at once, over server-sent events, to reload. The full build with the PDF follows in a child
process; another change kills it and starts again from the page, so a slow PDF never delays
the next edit. The findings of the last build (or the reason it failed) are printed in the
terminal and shown in a panel on the page. Ctrl-C stops the server, the watcher and the child.
Started where ``build.py`` with the same arguments last built and nothing changed since, it
serves that output folder at once instead of building it again (`repropub.uptodate`); its own
full builds are recorded the same way, so ``build.py`` after a preview has nothing to do. After
an edit, the page's build is handed the last one's result (see `repropub.pipeline.build`).
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType

from repropub import report
from repropub.config import Config
from repropub.errors import EXIT_FAILURE, PipelineError
from repropub.outputs import NAMES
from repropub.pipeline import build

VERSION_PATH = "/__repropub/version"
EVENTS_PATH = "/__repropub/events"
SLOW_FORMATS = frozenset({"pdf", "docx", "jats"})
"""What the page does not wait for: written by the child process after the page is updated
(the JATS needs pandoc's document and a second writer, the page needs neither)."""
RELOAD_SCRIPT = """<script>
(function () {
  var seen = "%(version)s", key = "repropub-scroll:" + location.pathname;
  var kept = sessionStorage.getItem(key);
  if (kept !== null) { sessionStorage.removeItem(key); window.scrollTo(0, +kept); }
  function reload(v) {
    if (v === seen) return;
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  if (window.EventSource) {
    new EventSource("%(events)s").onmessage = function (e) { reload(e.data); };
  } else {
    setInterval(function () {
      fetch("%(version_path)s", {cache: "no-store"}).then(function (r) { return r.text(); })
        .then(reload).catch(function () {});
    }, 700);
  }
})();
</script>"""


@dataclass
class Preview:
    """What the server shows: a build counter and the last build's findings."""

    version: int = 0
    findings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    def update(self, findings: list[str] | None = None) -> None:
        """A new version of the output folder; `findings` replace the panel's when given."""
        with self.lock:
            self.version += 1
            if findings is not None:
                self.findings = findings
            self.changed.notify_all()

    def newer(self, seen: int, timeout: float) -> int:
        """The version once it differs from `seen`, or `seen` after `timeout` seconds."""
        with self.lock:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

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


def rebuild(config: Config, preview: Preview, say: Callable[[str], None],
            done: str = "built") -> bool:
    """Build in this process and show the result; False when the build failed."""
    started = time.perf_counter()
    try:
        result = build(config)
    except PipelineError as exc:
        lines = str(exc).splitlines()
        for line in lines:
            say(line)
        say("build failed; still serving the previous output")
        preview.update(lines)
        return False
    text = report.render(result.check, "text", result.manuscript, result.bibliography)
    printed = text.splitlines() + [str(w) for w in (*result.warnings, *result.mismatches)]
    for line in printed:
        say(line)
    say(f"{done} in {time.perf_counter() - started:.1f} s")
    preview.update([line for line in printed if ": error: " in line or ": warning: " in line])
    return True


def _page_config(config: Config) -> Config:
    """The build the page waits for: everything but the PDF, the Word document and the JATS;
    its page links them as the full build's page does."""
    if "html" not in config.formats or not SLOW_FORMATS & config.formats:
        return config
    return replace(config, formats=config.formats - SLOW_FORMATS,
                   required=config.required - SLOW_FORMATS,
                   follows=config.formats & SLOW_FORMATS)


class Typesetter:
    """The full build (with the PDF) in a child process of its own session, so that it can be
    stopped, WeasyPrint's own child with it, the moment a newer edit makes it stale."""

    def __init__(self, preview: Preview, say: Callable[[str], None],
                 argv: Sequence[str] | None = None) -> None:
        self.preview = preview
        self.say = say
        self.argv = None if argv is None else list(argv)
        self.generation = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()

    def start(self, config: Config) -> None:
        self.stop()
        with self.lock:
            self.generation += 1
            generation = self.generation
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from repropub.serve import typeset_child as t; "
                 "raise SystemExit(t())"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                start_new_session=True)
            process = self.process
        assert process.stdin is not None
        try:
            process.stdin.write(pickle.dumps((config, self.argv)))
            process.stdin.close()
        except BrokenPipeError:
            pass  # the child failed at once; its waiter reports it
        threading.Thread(target=self._wait, args=(process, generation), daemon=True,
                         name="preview-typesetter").start()

    def _wait(self, process: subprocess.Popen[bytes], generation: int) -> None:
        assert process.stdout is not None
        output = process.stdout.read().decode("utf-8", "replace")
        code = process.wait()
        with self.lock:
            if generation != self.generation:
                return  # stopped for a newer edit: its output is stale
            self.process = None
        if code in (0, 1):
            self.preview.update()  # the page now links the new PDF
        for line in output.splitlines():
            self.say(line)
        if code not in (0, 1):
            self.say("the PDF build failed; the page is current, the PDF is not")

    def stop(self) -> None:
        with self.lock:
            process, self.process = self.process, None
            self.generation += 1
        if process is not None:
            # the whole group: WeasyPrint's process outlives a build killed alone
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def typeset_child() -> int:
    """The child's side of `Typesetter`: the full build of the pickled `Config` on stdin,
    run as ``build.py`` with the pickled arguments runs it (see `build_arguments`) and
    recorded as its run, so that ``build.py`` with them after the preview has nothing to do."""
    from repropub.cli import build_and_record  # the command line imports this module

    config: Config
    argv: list[str] | None
    config, argv = pickle.load(sys.stdin.buffer)
    started = time.perf_counter()
    try:
        if argv is None:
            result = build(config)
        else:
            result, _ = build_and_record(config, argv, io.StringIO(), io.StringIO())
    except PipelineError as exc:
        print(exc, flush=True)
        return EXIT_FAILURE
    for line in result.mismatches:  # the page's build has shown the findings already
        print(line)
    print(f"PDF in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


def build_arguments(argv: Sequence[str]) -> list[str]:
    """The command line of the build `serve` runs first (``serve ARGS`` without ``serve`` and
    the server's own ``--host`` and ``--port``), whose record `repropub.uptodate` keeps."""
    arguments: list[str] = []
    value_follows = False
    for arg in argv[1:] if argv[:1] == ["serve"] else argv:
        if value_follows:
            value_follows = False
        elif arg in ("--host", "--port"):
            value_follows = True
        elif not arg.startswith(("--host=", "--port=")):
            arguments.append(arg)
    return arguments


def serve(config: Config, *, host: str = "127.0.0.1", port: int = 8000,
          interval: float = 0.05, say: Callable[[str], None] | None = None,
          replay: Sequence[str] | None = None) -> int:
    """Serve until interrupted; return the exit code. `replay`: the arguments of the same
    build run as ``build.py ARGS``; when that build's record says nothing changed since, the
    output folder is served as it is, without building (see `repropub.uptodate`), and each
    full build in the background is recorded as that build, for ``build.py ARGS`` after."""
    emit = say or (lambda line: print(line, flush=True))
    preview = Preview()
    page = _page_config(config)
    # the full build in the background is recorded as the build with `replay`'s arguments
    typesetter = Typesetter(preview, emit, replay)

    def update() -> None:
        typesetter.stop()
        if page is config:
            rebuild(config, preview, emit)
        elif rebuild(page, preview, emit, "page updated"):
            typesetter.start(config)

    if replay is None or not _replayed(replay, preview, emit):
        update()
    handler = functools.partial(_Handler, preview=preview, directory=str(config.out_dir))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        typesetter.stop()
        raise PipelineError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    thread.start()
    url = f"http://{host}:{server.server_address[1]}/{NAMES['html']}"
    emit(f"serving {url} (watching {config.manuscript.name} and the templates; Ctrl-C stops)")
    files = watched_files(config)
    state = snapshot(files)
    ticks = 0
    # a process manager's stop (SIGTERM) ends serve as Ctrl-C does: the PDF's build goes too
    stopped_by_terminate = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if stopped_by_terminate else None
    try:
        while True:
            time.sleep(interval)
            ticks += 1
            if ticks % 20 == 0:  # new template files are noticed within a second
                files = watched_files(config)
            now = snapshot(files)
            if now != state:
                state = now
                emit("change seen: rebuilding")
                update()
    except KeyboardInterrupt:
        emit("stopping")
    finally:
        if stopped_by_terminate:
            signal.signal(signal.SIGTERM, previous)
        typesetter.stop()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _replayed(argv: Sequence[str], preview: Preview, say: Callable[[str], None]) -> bool:
    """Show what the recorded build printed, when nothing changed since it; False otherwise."""
    from repropub import uptodate

    out, err = io.StringIO(), io.StringIO()
    if uptodate.replay(argv, out=out, err=err) is None:
        return False
    printed = err.getvalue().splitlines() + out.getvalue().splitlines()
    for line in printed:
        say(line)
    preview.update([line for line in printed if ": error: " in line or ": warning: " in line])
    return True


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; the article page gets the reload script and findings panel."""

    def __init__(self, *args: object, preview: Preview, **kwargs: object) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == VERSION_PATH:
            self._send(str(self.preview.version).encode(), "text/plain")
        elif path == EVENTS_PATH:
            self._events()
        elif path in ("/", f"/{NAMES['html']}"):
            version = self.preview.version  # before reading: a newer page reloads once more
            page = Path(self.directory) / NAMES["html"]
            try:
                text = page.read_text(encoding="utf-8")
            except OSError:
                text = "<!DOCTYPE html><title>No page yet</title><body><p>No page built yet.</p>"
            extra = self.preview.panel() + RELOAD_SCRIPT % {
                "version": version, "events": EVENTS_PATH, "version_path": VERSION_PATH}
            text = text.replace("</body>", extra + "</body>") if "</body>" in text \
                else text + extra
            self._send(text.encode("utf-8"), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _events(self) -> None:
        """Server-sent events: the version now, then each new one as soon as it exists."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while True:
                version = self.preview.newer(seen, timeout=15.0)
                # a comment line when nothing changed keeps the connection from idling out
                message = f"data: {version}\n\n" if version != seen else ": waiting\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = version
        except OSError:  # the page was closed or reloaded
            return

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args  # requests are not worth a terminal line each
