"""The page metadata qasid takes from HTML (title, date, URL, site name, description) must be
what trafilatura's own ``extract_metadata`` finds: qasid runs the same steps without the
author/category/tag/licence lookups it does not keep (``qasid.stages.content.html``).
Pages written for these tests, each exercising one metadata source."""

from __future__ import annotations

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from qasid.stages.content.html import _DATE_PARAMS, _page_metadata, extract_html

BODY = ("<p>وزیر امور خارجه ایران روز یکشنبه در مسقط با همتای عمانی خود درباره دور تازه "
        "مذاکرات غیرمستقیم با آمریکا گفت‌وگو کرد و گفت تهران به دیپلماسی پایبند است.</p>"
        "<p>به گفته او، پیام‌های دو طرف از طریق عمان مبادله می‌شود و زمان دور بعدی هنوز "
        "تعیین نشده است.</p>")

PAGES = {
    "open-graph": f"""<html><head><title>Site | Talks</title>
        <meta property="og:title" content="Iran and US resume indirect talks">
        <meta property="og:site_name" content="example news">
        <meta property="og:url" content="https://news.example.org/a/1">
        <meta name="description" content="Talks in Muscat.">
        <meta property="article:published_time" content="2025-04-12T09:30:00Z">
        </head><body><article>{BODY}</article></body></html>""",
    "json-ld": f"""<html><head><title>وزیر خارجه در مسقط</title>
        <script type="application/ld+json">{{"@context": "https://schema.org",
        "@type": "NewsArticle", "headline": "مذاکرات در مسقط", "datePublished": "2025-05-03",
        "publisher": {{"@type": "Organization", "name": "خبرگزاری نمونه"}}}}</script>
        </head><body><main>{BODY}</main></body></html>""",
    "title-and-canonical-only": f"""<html><head><title>المحادثات - موقع المثال</title>
        <link rel="canonical" href="https://www.example.net/news/77"></head>
        <body><div class="content">{BODY}</div></body></html>""",
    "twitter-site": f"""<html><head><meta name="twitter:site" content="@samplewire">
        <meta name="twitter:title" content="Talks"><meta name="date" content="2024-11-02">
        </head><body><article><h1>Talks</h1>{BODY}</article></body></html>""",
    "nothing": f"<html><body><div>{BODY}</div></body></html>",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_metadata_agrees_with_trafilatura(name: str) -> None:
    html = PAGES[name]
    ours = _page_metadata(load_html(html), "https://given.example/x")
    theirs = extract_metadata(load_html(html), "https://given.example/x", dict(_DATE_PARAMS))
    fields = ("title", "date", "url", "sitename", "description")
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]


def test_extracted_page_keeps_its_metadata() -> None:
    ex = extract_html(PAGES["open-graph"])
    assert (ex.title, ex.date, ex.url, ex.sitename, ex.description) == (
        "Iran and US resume indirect talks", "2025-04-12", "https://news.example.org/a/1",
        "Example News", "Talks in Muscat.")
    assert ex.text.startswith("Iran and US resume indirect talks\n\nوزیر امور خارجه")
