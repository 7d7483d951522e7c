"""A local news site on loopback for the monitoring tests and bench: feeds that change between
polls (with ETag / Last-Modified and 304s), article pages, a robots.txt, slow, hanging and failing
paths, and a webhook receiver that records what it gets. The articles are written for these tests.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

# eight towns at least 10 km apart: reports of one day in two of them are two events, never merged
TOWNS = [("سراقب", "إدلب"), ("مصياف", "حماة"), ("الباب", "حلب"), ("تلبيسة", "حمص"),
         ("دوما", "ريف دمشق"), ("بصرى الشام", "درعا"), ("الميادين", "دير الزور"), ("جسر الشغور", "إدلب")]
NUMBERS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]


def article_text(n: int) -> str:
    """A short report of a strike, different for every n (town, toll and a line of its own)."""
    town, province = TOWNS[n % len(TOWNS)]
    toll = NUMBERS[(n // len(TOWNS)) % len(NUMBERS)]
    return (f"قتل {toll} مدنيين اليوم في غارة جوية شنتها طائرات حربية على بلدة {town} في ريف {province}، "
            f"بحسب ما أفاد الدفاع المدني في بيانه رقم {n + 1}.\n"
            f"وقال مسعفون إن فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض في الحي رقم {n + 7}.")


def page_html(title: str, text: str) -> bytes:
    paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n"))
    return (f"<!doctype html><html lang=ar><head><meta charset=utf-8><title>{escape(title)}</title></head>"
            f"<body><article><h1>{escape(title)}</h1>{paras}</article></body></html>").encode()


@dataclass
class Site:
    """What the server serves; tests change it between polls."""

    feeds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # name -> [{id, title, text, pub}]
    robots: str = "User-agent: *\nAllow: /\n"
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    fail: dict[str, int] = field(default_factory=dict)  # path -> HTTP status
    hook_failures: int = 0  # the webhook receiver answers 500 this many times first
    hooks: list[dict[str, Any]] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    appeared: dict[str, float] = field(default_factory=dict)  # article path -> when it entered a feed
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_item(self, feed: str, n: int, *, title: str | None = None, text: str | None = None,
                 pub: str = "Tue, 01 Dec 2026 08:00:00 GMT") -> str:
        path = f"/a/{feed}/{n}"
        with self.lock:
            self.feeds.setdefault(feed, []).append({"path": path, "title": title or f"غارة جوية رقم {n}",
                                                    "text": text or article_text(n), "pub": pub})
            self.appeared[path] = time.time()
        return path

    def feed_xml(self, name: str, base: str) -> bytes:
        items = "".join(
            f"<item><title>{escape(i['title'])}</title><link>{base}{i['path']}</link>"
            f"<guid>{base}{i['path']}</guid><pubDate>{i['pub']}</pubDate></item>"
            for i in reversed(self.feeds.get(name, [])))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>موقع {name}</title>'
                f"<link>{base}/</link>{items}</channel></rss>").encode()

    def page(self, path: str) -> bytes | None:
        feed, _, _n = path.removeprefix("/a/").partition("/")
        for item in self.feeds.get(feed, []):
            if item["path"] == path:
                return page_html(item["title"], item["text"])
        return None


class Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in {"Content-Type": ctype, "Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        site, path = self.site, self.path.split("?")[0]
        with site.lock:
            site.hits[path] += 1
        if path in site.slow:
            time.sleep(site.slow[path])
        if path in site.fail:
            self._send(site.fail[path], b"error")
            return
        if path == "/robots.txt":
            self._send(200, site.robots.encode(), "text/plain")
            return
        base = f"http://{self.headers.get('Host')}"
        if path.startswith("/feed/"):
            with site.lock:
                body = site.feed_xml(path.removeprefix("/feed/").removesuffix(".xml"), base)
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                with site.lock:
                    site.not_modified[path] += 1
                self._send(304, headers={"ETag": etag})
                return
            modified = email.utils.formatdate(usegmt=True)
            self._send(200, body, "application/rss+xml", {"ETag": etag, "Last-Modified": modified})
            return
        if path.startswith("/a/"):
            with site.lock:
                body = site.page(path)
            if body is not None:
                self._send(200, body)
                return
        self._send(404, b"not found")

    def do_POST(self) -> None:
        site = self.site
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with site.lock:
            failing = site.hook_failures > 0
            if failing:
                site.hook_failures -= 1
            site.hooks.append({"body": body, "headers": dict(self.headers), "status": 500 if failing else 204,
                               "at": time.time()})
        self._send(500 if failing else 204)


class Server:
    """The site on 127.0.0.1 (or another loopback address) in a thread."""

    def __init__(self, site: Site | None = None, host: str = "127.0.0.1") -> None:
        self.site = site or Site()
        handler = type("BoundHandler", (Handler,), {"site": self.site})
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def feed_url(self, name: str) -> str:
        return f"{self.base}/feed/{name}.xml"


def hook_payloads(site: Site) -> list[dict[str, Any]]:
    return [json.loads(h["body"]) for h in site.hooks]
