"""A real HTTP server on 127.0.0.1 that answers as the registries did, from recorded responses.

The client under test is the real one (httpx, retries, rate limit); only the registries' base
URLs point here. `registry.serve(path, Answer(...), ...)` sets what a path answers, in order
(the last answer repeats); a path it was not given answers a bare 404.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "registry"


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


@dataclass(frozen=True)
class Answer:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class Request:
    path: str
    user_agent: str


class RegistryServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                answer = server.answer(self.path, self.headers.get("User-Agent", ""))
                time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    content_type = "text/plain" if answer.body[:1] not in (b"{", b"[") \
                        else "application/json"
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(answer.body)))
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout tests)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, *answers: Answer) -> None:
        self.routes[path] = list(answers)

    def answer(self, raw_path: str, user_agent: str) -> Answer:
        path = urlsplit(raw_path).path
        with self._lock:
            self.requests.append(Request(raw_path, user_agent))
            answers = self.routes.get(path)
            if not answers:
                return Answer(status=404)
            return answers.pop(0) if len(answers) > 1 else answers[0]

    def paths(self) -> list[str]:
        return [urlsplit(r.path).path for r in self.requests]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
