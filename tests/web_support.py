"""Shared by the web tests: a real store in a temp dir, filled with analysed test articles.

The articles are written for these tests (not taken from any dataset). One spells a word with an
obfuscation (`الإرهـ.ابيين`) so that search can be checked against the canonical text; one is
hostile (script and onerror payloads in its text, title and source).
"""

from __future__ import annotations

import atexit
import html.parser
import shutil
import socket
import tempfile
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

TOKEN = "test-write-token"
PAYLOAD_TEXT = (
    'بيان عاجل <script>window.__pwned = "text"</script> عن الوضع في حلب.\n'
    'وقال ناشطون إن <img src=x onerror="window.__pwned = \'img-text\'"> القصف مستمر على الأحياء الشرقية.'
)
PAYLOAD_TITLE = "<img src=x onerror=\"window.__pwned='title'\"> عنوان <script>window.__pwned='t2'</script>"
PAYLOAD_SOURCE = "<script>window.__pwned='source'</script><img src=x onerror=\"window.__pwned='src-img'\">"
OBFUSCATED_ID = "web-idlib-strike"

ARTICLES: list[dict[str, Any]] = [
    {
        "id": OBFUSCATED_ID,
        "title": "غارات روسية على كفرنبل تقتل خمسة مدنيين",
        "source": "شبكة رصد",
        "url": "https://example.org/web/idlib-strike",
        "published": "2019-08-20",
        "text": (
            "قصفت طائرات حربية روسية، صباح اليوم الثلاثاء، بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل "
            "خمسة مدنيين وإصابة 12 آخرين، بحسب ما أفاد المرصد السوري لحقوق الإنسان.\n"
            'وقال مدير المرصد رامي عبد الرحمن إن "الطائرات استهدفت سوقا شعبية وسط البلدة".\n'
            "في المقابل، اتهمت وزارة الدفاع الروسية من وصفتهم بالإرهـ.ابيين باستهداف قاعدة حميميم "
            "بطائرات مسيرة، مؤكدة أن قواتها ردت على مصادر النيران."
        ),
    },
    {
        "id": "web-hama-clashes",
        "title": "اشتباكات عنيفة في ريف حماة الشمالي",
        "source": "شبكة الشمال",
        "url": "https://example.org/web/hama-clashes",
        "published": "2019-08-15",
        "text": (
            "اندلعت أمس الأربعاء اشتباكات عنيفة بين قوات النظام السوري وفصائل المعارضة في محيط بلدة كفرزيتا "
            "بريف حماة الشمالي، قتل فيها ثلاثة عناصر من قوات النظام.\n"
            "ونفى المتحدث باسم الجبهة الوطنية للتحرير ناجي مصطفى أن تكون قوات النظام قد تقدمت في المنطقة، "
            "مشيرا إلى أن المعارك ما زالت مستمرة."
        ),
    },
    {
        "id": "web-daraa-protest",
        "title": "مظاهرة في درعا تطالب بالإفراج عن المعتقلين",
        "source": "درعا اليوم",
        "url": "https://example.org/web/daraa-protest",
        "published": "2019-08-18",
        "text": (
            "خرج العشرات من أهالي مدينة درعا، اليوم الأحد، في مظاهرة سلمية طالبوا فيها بالإفراج عن المعتقلين "
            "في سجون النظام.\n"
            "وأكد أحد المشاركين أن الأهالي سيواصلون الاحتجاج حتى تلبية مطالبهم."
        ),
    },
    {
        "id": "web-aleppo-shelling",
        "title": "قصف مدفعي على أحياء في حلب",
        "source": "شبكة رصد",
        "url": "https://example.org/web/aleppo-shelling",
        "published": "2019-08-22",
        "text": (
            "استهدف قصف مدفعي، اليوم الخميس، حي الراشدين في مدينة حلب، ما أسفر عن إصابة أربعة مدنيين بجروح.\n"
            "وحذر محافظ حلب من تهـ.ديدات متزايدة للأحياء السكنية، داعيا السكان إلى الابتعاد عن خطوط التماس."
        ),
    },
]
PAYLOAD_ARTICLE = {"id": "web-hostile", "title": PAYLOAD_TITLE, "source": PAYLOAD_SOURCE,
                   "published": "2019-08-21", "text": PAYLOAD_TEXT}

# Debian's Chromium, driven by Playwright in the browser tests (no browser download).
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def analyse_and_store(store: Any, item: dict[str, Any]) -> dict[str, Any]:
    """Analyse one article with the real pipeline and ingest it; returns its record."""
    from rasd.article import Article
    from rasd.pipeline import shared

    meta = {k: item.get(k) for k in ("title", "source", "url", "published", "id")}
    article = Article.build(item["text"], **meta)
    record = shared().analyze(article)
    store.ingest(article, record)
    return record


@cache
def store_url(name: str = "web") -> str:
    """A SQLite store holding the test articles (built once per name and test process)."""
    from rasd.store import Store

    folder = Path(tempfile.mkdtemp(prefix=f"rasd-{name}-test-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    url = f"sqlite:///{folder / 'web.db'}"
    store = Store.open(url)
    for item in ARTICLES:
        analyse_and_store(store, item)
    store.close()
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """A real uvicorn server on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


class Highlights(html.parser.HTMLParser):
    """Collects the highlighted pieces inside `#text`: (kind, id, start, end, text inside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = 0
        self.stack: list[dict[str, Any] | None] = []
        self.pieces: list[dict[str, Any]] = []
        self.text: list[str] = []
        self.script_tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"script", "img"} and self.inside:
            self.script_tags += 1
        if a.get("id") == "text":
            self.inside = 1
            self.stack.append(None)
            return
        if not self.inside:
            return
        self.inside += 1
        piece = None
        if "data-start" in a:
            piece = {"kind": a.get("data-kind"), "id": a.get("data-id"), "start": int(a["data-start"] or 0),
                     "end": int(a["data-end"] or 0), "title": a.get("title"), "html_id": a.get("id"), "text": []}
            self.pieces.append(piece)
        self.stack.append(piece)

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        self.inside -= 1
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.inside:
            return
        self.text.append(data)
        for piece in self.stack:
            if piece is not None:
                piece["text"].append(data)


def highlights(page_html: str) -> tuple[str, list[dict[str, Any]], int]:
    """The text of `#text`, its highlighted pieces and how many script/img tags are inside it."""
    parser = Highlights()
    parser.feed(page_html)
    for piece in parser.pieces:
        piece["text"] = "".join(piece["text"])
    return "".join(parser.text), parser.pieces, parser.script_tags
