"""The web dashboard and JSON API (``qasid serve``), through FastAPI's TestClient.

One SQLite store holds the five seed articles and two articles written for these tests
(``tests/fixtures/web/``): an English one whose title, quote and share widget carry
``<script>``, an ``onerror`` image and an ``onclick`` link, and a Persian one with an English
quote inside (mixed direction) and Persian digits. Every page is checked in both forms (HTML
and its ``.json`` twin must show the same records), with filters, pagination, errors,
escaping, right-to-left attributes and the token-guarded write endpoint.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:  # the web extra; CI installs it, so there a missing package is an error, not a skip
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip("needs the web extra: pip install -e '.[web]'", allow_module_level=True)

from fastapi.testclient import TestClient

from qasid import Corpus
from qasid.web import create_app
from qasid.web.text import Span, highlight_pieces, segment, text_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "web"
TOKEN = "test-token-0123"

PAGES = ["/timeline", "/events", "/channels", "/stance", "/quotes",
         "/search?q=%D9%85%D8%B0%D8%A7%DA%A9%D8%B1%D9%87"]  # مذاکره


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    corpus = Corpus.open(str(path))
    report = corpus.ingest([str(SEEDS), str(FIXTURES)])
    assert report.failed == 0 and report.new == 7
    yield corpus
    corpus.close()


@pytest.fixture(scope="module")
def client(corpus: Corpus) -> Iterator[TestClient]:
    with TestClient(create_app(corpus, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def readonly(corpus: Corpus) -> Iterator[TestClient]:
    with TestClient(create_app(corpus)) as c:
        yield c


def _json(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert data["ok"] is True
    return data


def _html(client: TestClient, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def _twin(url: str) -> str:
    path, _, query = url.partition("?")
    return f"{path}.json" + (f"?{query}" if query else "")


def _doc_id(corpus: Corpus, name: str) -> str:
    doc = corpus.get(name)
    assert doc is not None
    return str(doc.id)


# -- every page, both forms ------------------------------------------------------------------


def test_root_redirects_to_timeline(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"] == "/timeline"


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_and_links_its_json_twin(client: TestClient, url: str) -> None:
    html = _html(client, url)
    alt = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
    assert alt is not None
    assert alt.group(1).replace("&amp;", "&") == _twin(url)
    _json(client, _twin(url))
    # Everything the page loads comes from qasid itself.
    assert not re.search(r'(src|href)="(https?:)?//', html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""))
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/qasid.js" defer>']


def test_static_files_are_served(client: TestClient) -> None:
    for path in ("/static/qasid.css", "/static/qasid.js", "/static/favicon.svg"):
        r = client.get(path)
        assert r.status_code == 200 and r.content


def test_timeline_html_json_parity(client: TestClient) -> None:
    data = _json(client, "/timeline.json")
    html = _html(client, "/timeline")
    ids = {e["id"] for e in data["events"]}
    assert ids and set(re.findall(r'<li class="event[^"]*" id="event-([^"]+)"', html)) == ids
    assert data["a"] == "IRN" and data["b"] == "USA"
    assert all({e["source"], e["target"]} == {"IRN", "USA"} or e["type"] == "MEDIATE"
               for e in data["events"])
    # every event links to its evidence in the article view
    for e in data["events"]:
        assert e["evidence_url"] == f"/documents/{e['doc_id']}#ev-{e['idx']}"
        assert e["evidence"]
        assert f'href="{e["evidence_url"]}"' in html
    assert "<svg" in html and 'class="dot' in html  # the chart
    assert sum(c["count"] for c in data["counts"]) + data["undated"] == data["total"]


def test_events_html_json_parity(client: TestClient) -> None:
    data = _json(client, "/events.json?limit=500")
    html = _html(client, "/events?limit=500")
    ids = [e["id"] for e in data["events"]]
    assert len(ids) > 20 and data["next"] is None
    assert data["total"] is None  # paged by the store, not counted
    assert re.findall(r'data-event-id="([^"]+)"', html) == ids
    counted = _json(client, "/events.json?limit=500&lang=fa")  # filtered here: counted
    assert counted["total"] == len(counted["events"]) == sum(e["lang"] == "fa" for e in
                                                             data["events"])


def test_quotes_html_json_parity(client: TestClient) -> None:
    data = _json(client, "/quotes.json?limit=500")
    html = _html(client, "/quotes?limit=500")
    ids = [q["id"] for q in data["quotes"]]
    assert ids and re.findall(r'data-quote-id="([^"]+)"', html) == ids
    texts = re.findall(r'<blockquote class="quote-text"[^>]*>(.*?)</blockquote>', html, re.S)
    assert len(texts) == len(ids)
    # same texts, up to HTML escaping and <bdi> isolation of embedded runs
    import html as htmllib

    assert [htmllib.unescape(re.sub(r"</?bdi[^>]*>", "", t)) for t in texts] == [
        q["text"] for q in data["quotes"]]


def test_channels_html_json_parity(client: TestClient) -> None:
    data = _json(client, "/channels.json")
    html = _html(client, "/channels")
    link_ids = [x["id"] for x in data["links"]]
    assert link_ids
    assert re.findall(r'<tr id="link-\d+" data-link-id="([^"]+)"', html) == link_ids
    # every link is clickable in the drawing too
    drawn = set(re.findall(r'<a href="[^"]+" class="edge-link" data-link-id="([^"]+)"', html))
    assert drawn == set(link_ids)
    assert {n["id"] for n in data["nodes"]} == set(re.findall(r'data-node="([^"]+)"', html))
    ends = {c for x in data["links"] for c in (x["a"], x["b"])}
    for n in data["nodes"]:  # a node is an intermediary exactly when it is never a party
        assert (n["role"] == "party") == (n["id"] in ends)
    for x in data["links"]:
        if x["channel_role"] in ("intermediary", "mediator"):
            assert x["channel"] in {n["id"] for n in data["nodes"]}


def test_channel_link_lists_exactly_its_events(client: TestClient) -> None:
    data = _json(client, "/channels.json")
    for link in data["links"]:
        listed = _json(client, _twin(link["events_url"]) + "&limit=500")
        assert sorted(e["id"] for e in listed["events"]) == sorted(link["event_ids"]), link
        html = _html(client, link["events_url"].replace("&amp;", "&"))
        assert sorted(re.findall(r'data-event-id="([^"]+)"', html)) == sorted(link["event_ids"])


def test_stance_html_json_parity(client: TestClient) -> None:
    data = _json(client, "/stance.json")
    html = _html(client, "/stance")
    keys = [s["key"] for s in data["series"]]
    assert keys
    assert re.findall(r'<tr data-series="([^"]+)"', html) == keys
    stance = _json(client, "/events.json?limit=500&type=INTENT_TALKS,APPEAL_TALKS,"
                           "REFUSE_TALKS,REJECT,THREATEN")["events"]
    busiest = sorted({e["source"] for e in stance if e["source"]},
                     key=lambda c: (-sum(e["source"] == c for e in stance), c))
    assert keys == busiest[:8]
    for s in data["series"]:
        assert -1 <= s["index"] <= 1
        assert s["positive"] + s["negative"] == sum(
            mo["positive"] + mo["negative"] for mo in s["months"]) + s["undated"]
    if any(mo["positive"] for s in data["series"] for mo in s["months"]):
        assert 'class="bar pos"' in html
    if any(mo["negative"] for s in data["series"] for mo in s["months"]):
        assert 'class="bar neg"' in html
    by_actor = _json(client, "/stance.json?by=actor&top=50")
    assert {s["key"] for s in by_actor["series"]} == {
        e["source_actor"] for e in stance if e["source_actor"]}


def test_search_html_json_parity_and_highlights(client: TestClient) -> None:
    data = _json(client, "/search.json?q=مذاکره")
    html = _html(client, "/search?q=مذاکره")
    ids = [h["id"] for h in data["hits"]]
    assert ids and re.findall(r'<li class="hit" data-doc-id="([^"]+)"', html) == ids
    marks = re.findall(r"<mark>(.*?)</mark>", html)
    assert marks
    snippet = data["hits"][0]["snippets"][0]
    a, b = snippet["highlights"][0]
    assert snippet["text"][a:b] in marks
    assert '<p class="snippet" dir="rtl" lang="fa">' in html


def test_document_html_json_parity(client: TestClient, corpus: Corpus) -> None:
    ident = _doc_id(corpus, "000_6e7595907d6b6f7a.txt")
    data = _json(client, f"/documents/{ident}.json")
    html = _html(client, f"/documents/{ident}")
    assert data["document"]["id"] == ident and data["document"]["lang"] == "fa"
    assert data["text"] == corpus.get(ident).text
    assert re.findall(r'<li id="card-ev-\d+" data-event-id="([^"]+)"', html) == [
        e["id"] for e in data["events"]]
    for e in data["events"]:  # each event's evidence span has its anchor and marks
        assert f'id="ev-{e["idx"]}"' in html
        assert re.search(rf'data-ev="[^"]*\b{e["idx"]}\b', html)
    for q in data["quotes"]:
        assert f'id="q-{q["idx"]}"' in html
    assert f'rel="alternate" type="application/json" href="/documents/{ident}.json"' in html
    # the name works as a key too
    assert _json(client, "/documents/000_6e7595907d6b6f7a.txt.json")["document"]["id"] == ident


def test_document_text_is_reproduced_exactly(client: TestClient, corpus: Corpus) -> None:
    """Cutting at span boundaries loses and duplicates nothing: the visible text of the
    article view's paragraphs is the stored text of those paragraphs."""
    import html as htmllib

    ident = _doc_id(corpus, "001_c489b840f046fcbc.txt")
    doc = corpus.get(ident)
    html = _html(client, f"/documents/{ident}")
    paras = re.findall(r'<p class="para (?:content|noise)"[^>]*data-start="(\d+)" '
                       r'data-end="(\d+)"[^>]*>(.*?)</p>', html, re.S)
    assert len(paras) == len(doc.paragraphs)
    for start, end, inner in paras:
        shown = re.sub(r'<span class="reason"[^>]*>.*?</span>', "", inner)
        assert htmllib.unescape(re.sub(r"<[^>]+>", "", shown)) == doc.text[int(start):int(end)]


def test_noise_is_distinguished(client: TestClient, corpus: Corpus) -> None:
    ident = _doc_id(corpus, "003_b5d89d51efa27d4e.txt")
    data = _json(client, f"/documents/{ident}.json")
    kinds = {p["kind"] for p in data["paragraphs"]}
    assert kinds == {"content", "noise"}
    html = _html(client, f"/documents/{ident}")
    assert html.count('<p class="para noise"') == sum(
        1 for p in data["paragraphs"] if p["kind"] == "noise")
    assert 'title="removed: ' in html


def test_duplicates_are_linked(tmp_path: Path) -> None:
    src = (FIXTURES / "fa_mixed_direction.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(src, encoding="utf-8")
    (tmp_path / "b.txt").write_text(src, encoding="utf-8")
    with Corpus.open(str(tmp_path / "d.db")) as corpus:
        corpus.ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
        a, b = _doc_id(corpus, "a.txt"), _doc_id(corpus, "b.txt")
        with TestClient(create_app(corpus)) as c:
            dup = _json(c, f"/documents/{b}.json")["duplicates"]
            assert [(x["id"], x["relation"], x["kind"]) for x in dup] == [
                (a, "duplicate_of", "exact")]
            assert f'href="/documents/{a}"' in _html(c, f"/documents/{b}")
            back = _json(c, f"/documents/{a}.json")["duplicates"]
            assert [(x["id"], x["relation"]) for x in back] == [(b, "duplicated_by")]


# -- exact semantics on hand-annotated documents -----------------------------------------------
#
# The store above holds whatever the extractor finds today (its lexicons change). Here the two
# fixture articles get a hand-written extraction, so channels, stance, direction and isolation
# are checked against known answers.

FA = "fa_mixed_direction.txt"
EN = "en_script_injection.txt"


def _span(text: str, piece: str) -> dict[str, int]:
    start = text.index(piece)
    return {"start": start, "end": start + len(piece)}


def _event(text: str, piece: str, kind: str, source: str, target: str | None,
           **extra: Any) -> dict[str, Any]:
    return {"type": kind, "source": source, "target": target, **_span(text, piece), **extra}


@pytest.fixture(scope="module")
def exact(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("exact") / "exact.db"
    with Corpus.open(str(path)) as corpus:
        assert corpus.ingest([str(FIXTURES)]).new == 2
        fa, en = corpus.get(FA), corpus.get(EN)
        ft, et = fa.text, en.text
        english_post = "We remain open to diplomacy with Iran <b>onmouseover=alert(1)</b>"
        corpus.store.save_extraction(fa.id, {
            "countries": ["IRN", "USA", "OMN", "CHE"],
            "actors": [{"name": "Abbas Araghchi", "type": "person", "country": "IRN"}],
            "mentions": [{"kind": "person", "id": "abbas_araghchi", "name": "Abbas Araghchi",
                          "country": "IRN", **_span(ft, "عباس عراقچی")}],
            "quotes": [
                {"speaker": "Abbas Araghchi", "lang": "fa", "text": ft[slice(*_span(
                    ft, "ما آماده‌ایم از طریق عمان با آمریکا مذاکره کنیم، اما زیر بار زور "
                        "نمی‌رویم.").values())],
                 **_span(ft, "ما آماده‌ایم از طریق عمان با آمریکا مذاکره کنیم، اما زیر بار "
                             "زور نمی‌رویم.")},
                {"speaker": "Spokesperson for the United States Department of State",
                 "lang": "fa", "text": english_post, **_span(ft, english_post)}],
            "events": [
                _event(ft, "عراقچی: گفت‌وگوهای غیرمستقیم با آمریکا از طریق عمان ادامه دارد",
                       "MEDIATE", "OMN", None, parties=["IRN", "USA"]),
                _event(ft, "اما زیر بار زور نمی‌رویم", "REFUSE_TALKS", "IRN", "USA"),
                _event(ft, "او افزود که پیام‌ها از طریق سفارت سوئیس در تهران رد و بدل شده است",
                       "CONSULT", "IRN", "USA", mode="indirect", via="CHE",
                       medium="text messages"),
                _event(ft, english_post, "CONSULT", "USA", "IRN", mode="direct",
                       medium="phone", date="2025-10-20"),
            ]})
        corpus.store.save_extraction(en.id, {
            "quotes": [], "mentions": [], "actors": [], "countries": ["IRN", "USA", "OMN"],
            "events": [
                _event(et, "is ready to hold indirect talks with the United States through "
                           "Oman", "CONSULT", "IRN", "USA", mode="indirect", via="OMN",
                       medium="meeting"),
                _event(et, "We are ready to negotiate", "INTENT_TALKS", "IRN", "USA",
                       source_actor="Abbas Araghchi"),
                _event(et, "urged Iran to return to the negotiating table", "APPEAL_TALKS",
                       "USA", "IRN", source_actor="Marco Rubio"),
            ]})
        with TestClient(create_app(corpus)) as c:
            yield c


def test_exact_channels(exact: TestClient) -> None:
    data = _json(exact, "/channels.json")
    links = {(x["type"], x["a"], x["b"], x["channel"], x["channel_role"], x["mode"]):
             (x["count"], x["media"]) for x in data["links"]}
    assert links == {
        ("CONSULT", "IRN", "USA", "CHE", "intermediary", "indirect"): (1, {"text messages": 1}),
        ("CONSULT", "IRN", "USA", "OMN", "intermediary", "indirect"): (1, {"meeting": 1}),
        ("CONSULT", "IRN", "USA", None, None, "direct"): (1, {"phone": 1}),
        ("MEDIATE", "IRN", "USA", "OMN", "mediator", "unspecified"): (1, {"unspecified": 1}),
    }
    roles = {n["id"]: n["role"] for n in data["nodes"]}
    assert roles == {"IRN": "party", "USA": "party", "OMN": "intermediary",
                     "CHE": "intermediary"}
    html = _html(exact, "/channels")
    # the intermediaries are nodes between the parties, reached by dashed (indirect) paths
    assert html.count('<g class="node role-intermediary"') == 2
    assert "edge mode-indirect type-CONSULT medium-text-messages" in html
    assert "edge mode-direct type-CONSULT medium-phone" in html
    assert "type-MEDIATE" in html
    paths = re.findall(r'data-link-id="CONSULT:IRN-USA:CHE:indirect"><path', html)
    assert len(paths) == 2  # Iran–Switzerland and Switzerland–United States
    for x in data["links"]:
        got = _json(exact, _twin(x["events_url"]))["events"]
        assert [e["id"] for e in got] == x["event_ids"]


def test_exact_stance(exact: TestClient) -> None:
    data = _json(exact, "/stance.json")
    assert data["months"][0] == "2025-03" and data["months"][-1] == "2025-11"
    assert len(data["months"]) == 9
    series = {s["key"]: s for s in data["series"]}
    assert set(series) == {"IRN", "USA"}
    irn, usa = series["IRN"], series["USA"]
    assert (irn["positive"], irn["negative"], irn["index"]) == (1, 1, 0.0)
    assert [(m["month"], m["positive"], m["negative"]) for m in irn["months"]] == [
        ("2025-03", 1, 0), ("2025-11", 0, 1)]
    assert (usa["positive"], usa["negative"], usa["index"]) == (1, 0, 1.0)
    assert usa["label"] == "United States"
    actors = _json(exact, "/stance.json?by=actor")
    assert {s["key"] for s in actors["series"]} == {"Abbas Araghchi", "Marco Rubio"}
    html = _html(exact, "/stance")
    assert html.count('class="bar pos"') == 2 and html.count('class="bar neg"') == 1


def test_exact_timeline(exact: TestClient) -> None:
    data = _json(exact, "/timeline.json")
    assert data["total"] == 7 and data["undated"] == 0
    counts = {(c["month"], c["type"]): c["count"] for c in data["counts"]}
    assert counts == {("2025-03", "CONSULT"): 1, ("2025-03", "INTENT_TALKS"): 1,
                      ("2025-03", "APPEAL_TALKS"): 1, ("2025-10", "CONSULT"): 1,
                      ("2025-11", "CONSULT"): 1, ("2025-11", "MEDIATE"): 1,
                      ("2025-11", "REFUSE_TALKS"): 1}
    assert [e["day"] for e in data["events"]] == sorted(e["day"] for e in data["events"])
    assert len(re.findall(r'<circle class="dot', _html(exact, "/timeline"))) == 7
    assert _json(exact, "/timeline.json?channel=OMN")["total"] == 2  # via OMN + mediated
    assert _json(exact, "/timeline.json?channel=none")["total"] == 4
    assert _json(exact, "/timeline.json?actor=rubio")["total"] == 1


def test_exact_direction_and_isolation(exact: TestClient) -> None:
    quotes = _json(exact, "/quotes.json")["quotes"]
    post = next(q for q in quotes if q["text"].startswith("We remain open"))
    assert post["lang"] == "fa" and post["dir"] == "ltr"
    html = _html(exact, "/quotes")
    # an English post quoted in a Persian article: left to right, and no lang="fa" on it
    assert '<blockquote class="quote-text" dir="ltr">We remain open' in html
    assert '<blockquote class="quote-text" dir="rtl" lang="fa">ما آماده' in html
    doc = _html(exact, f"/documents/{FA}")
    # inside the Persian paragraph the English quote, with its quotation marks and the
    # closing '>', is isolated as one left-to-right run
    run = re.search(r'<bdi dir="ltr">(.*?)</bdi>', doc, re.S)
    assert run is not None
    shown = re.sub(r"<[^>]+>", "", run.group(1))
    assert shown == "&#34;We remain open to diplomacy with Iran &lt;b&gt;onmouseover=alert(1)" \
                    "&lt;/b&gt;&#34;"
    assert 'id="q-1"' in doc and 'id="ev-3"' in doc
    timeline = _html(exact, "/timeline")
    assert '<bdi dir="ltr">&#34;We remain open' not in timeline  # evidence is the post alone
    assert re.search(r'<blockquote class="evidence" dir="ltr"><a href="[^"]+">We remain open',
                     timeline)


# -- filters -----------------------------------------------------------------------------------


def test_event_filters(client: TestClient) -> None:
    every = _json(client, "/events.json?limit=500")["events"]

    def got(query: str) -> list[str]:
        return [e["id"] for e in _json(client, f"/events.json?limit=500&{query}")["events"]]

    def want(keep: Any) -> list[str]:
        return [e["id"] for e in every if keep(e)]

    assert got("type=CONSULT") == want(lambda e: e["type"] == "CONSULT") != []
    both = want(lambda e: e["type"] in ("CONSULT", "MEDIATE"))
    assert got("type=CONSULT,MEDIATE") == got("type=CONSULT&type=MEDIATE") == both
    assert got("lang=en") == want(lambda e: e["lang"] == "en") != []
    assert got("lang=en") == want(lambda e: e["doc"] == "en_script_injection.txt")
    assert got("actor=araghchi") == want(lambda e: "araghchi" in (
        (e["source_actor"] or "") + (e["target_actor"] or "")).lower())
    channel = next(e["via"] for e in every if e["via"])
    assert got(f"channel={channel.lower()}") == want(
        lambda e: e["via"] == channel or (e["type"] == "MEDIATE" and e["source"] == channel
                                          and not e["via"])) != []
    assert got("channel=none") == want(lambda e: not e["via"] and e["type"] != "MEDIATE")
    for mode in ("direct", "indirect"):
        assert got(f"mode={mode}") == want(lambda e, m=mode: e["mode"] == m)
    assert got("mode=unspecified") == want(lambda e: e["mode"] is None)
    assert got("since=2025-01-01") == want(lambda e: (e["day"] or "") >= "2025-01-01") != []
    assert got("until=2024-12") == want(lambda e: e["day"] and e["day"] <= "2024-12-31") != []
    assert got("source=usa") == want(lambda e: e["source"] == "USA") != []
    assert got("target=IRN") == want(lambda e: e["target"] == "IRN") != []
    assert got("party=RUS") == want(lambda e: "RUS" in {e["source"], e["target"],
                                                         *e["parties"]})
    doc = every[0]["doc"]
    assert got(f"doc={doc}") == want(lambda e: e["doc"] == doc)


def test_timeline_filters_and_third_parties(client: TestClient) -> None:
    every = _json(client, "/events.json?limit=500")["events"]
    base = _json(client, "/timeline.json?limit=500")
    pair = {"IRN", "USA"}

    def dyad(e: dict[str, Any]) -> bool:
        return {e["source"], e["target"]} == pair or (e["type"] == "MEDIATE" and (
            set(e["parties"]) >= pair or e["source"] in pair))

    assert [e["id"] for e in base["events"]] == [e["id"] for e in every if dyad(e)]
    with_rus = _json(client, "/timeline.json?limit=500&third=RUS")
    assert with_rus["third"] == ["RUS"]

    def with_third(e: dict[str, Any]) -> bool:
        parts = {e["source"], e["target"], *e["parties"]} - {None}
        return dyad(e) or (bool(parts & pair) and "RUS" in parts and parts <= pair | {"RUS"})

    assert [e["id"] for e in with_rus["events"]] == [e["id"] for e in every if with_third(e)]
    kind = base["events"][0]["type"]
    typed = _json(client, f"/timeline.json?type={kind}&limit=500")["events"]
    assert [e["id"] for e in typed] == [e["id"] for e in base["events"] if e["type"] == kind]
    ar = _json(client, "/timeline.json?lang=ar&limit=500")["events"]
    assert [e["id"] for e in ar] == [e["id"] for e in base["events"] if e["lang"] == "ar"]
    swapped = _json(client, "/timeline.json?a=USA&b=IRN&limit=500")
    assert {e["id"] for e in swapped["events"]} == {e["id"] for e in base["events"]}
    html = _html(client, "/timeline?type=REFUSE_TALKS&actor=Khamenei")
    assert 'value="REFUSE_TALKS" checked' in html and 'value="Khamenei"' in html


def test_quote_filters(client: TestClient) -> None:
    every = _json(client, "/quotes.json?limit=500")["quotes"]
    ar = _json(client, "/quotes.json?lang=ar&limit=500")["quotes"]
    assert [q["id"] for q in ar] == [q["id"] for q in every if q["lang"] == "ar"] != []
    speaker = every[0]["speaker"]
    who = _json(client, f"/quotes.json?speaker={speaker.split()[-1].lower()}&limit=500")
    assert who["quotes"] and all(speaker.split()[-1] in q["speaker"] for q in who["quotes"])
    # text search folds ZWNJ and letter variants: a stored word with ZWNJ is found without it
    zwnj = next(q for q in every if "\u200c" in q["text"])
    word = next(w for w in zwnj["text"].split() if "\u200c" in w)
    found = _json(client, f"/quotes.json?q={word.replace(chr(0x200C), '')}&limit=500")
    assert zwnj["id"] in {q["id"] for q in found["quotes"]}


def test_stance_and_channels_filters(client: TestClient) -> None:
    only = _json(client, "/stance.json?source=IRN")
    assert [s["key"] for s in only["series"]] in (["IRN"], [])
    towards = _json(client, "/stance.json?target=USA")
    assert towards["target"] == "USA"
    every = _json(client, "/channels.json")
    ar = _json(client, "/channels.json?lang=ar")
    ar_events = {e["id"] for e in _json(client, "/events.json?lang=ar&limit=500")["events"]}
    assert {i for x in ar["links"] for i in x["event_ids"]} == {
        i for x in every["links"] for i in x["event_ids"] if i in ar_events}
    rus = _json(client, "/channels.json?party=RUS")
    assert all("RUS" in {x["a"], x["b"]} or x["channel"] == "RUS" for x in rus["links"])


# -- pagination --------------------------------------------------------------------------------


@pytest.mark.parametrize(("route", "key"), [("/events.json", "events"),
                                            ("/events.json?mode=unspecified", "events"),
                                            ("/timeline.json", "events"),
                                            ("/quotes.json", "quotes")])
def test_pagination_walks_every_record_once(client: TestClient, route: str, key: str) -> None:
    sep = "&" if "?" in route else "?"
    full = _json(client, f"{route}{sep}limit=500")
    seen: list[str] = []
    url: str | None = f"{route}{sep}limit=7"
    pages = 0
    while url:
        page = _json(client, url)
        assert page["limit"] == 7 and page["total"] == full["total"]
        assert len(page[key]) <= 7
        seen += [r["id"] for r in page[key]]
        url = page["next"]
        pages += 1
        assert pages < 50
    assert seen == [r["id"] for r in full[key]]
    assert pages == -(-len(full[key]) // 7)


def test_html_pagination_links(client: TestClient) -> None:
    html = _html(client, "/events?limit=5&type=APPEAL_TALKS")
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert nxt is not None
    second = _html(client, nxt.group(1).replace("&amp;", "&"))
    assert 'rel="prev"' in second and "offset=5" in nxt.group(1)
    assert "type=APPEAL_TALKS" in nxt.group(1)


def test_search_pagination(client: TestClient) -> None:
    first = _json(client, "/search.json?q=آمریکا&limit=1")
    assert len(first["hits"]) == 1 and first["next"]
    second = _json(client, first["next"])
    assert second["offset"] == 1 and second["hits"][0]["id"] != first["hits"][0]["id"]


# -- errors ------------------------------------------------------------------------------------


def _error(client: TestClient, url: str, status: int) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


def test_json_errors_share_one_shape(client: TestClient) -> None:
    assert "no document" in _error(client, "/documents/0000000000000000.json", 404)["error"]
    _error(client, "/documents/no-such-article.txt.json", 404)
    _error(client, "/no/such/route.json", 404)
    assert "unknown event type" in _error(client, "/events.json?type=BOGUS", 400)["error"]
    _error(client, "/events.json?since=last-week", 400)
    _error(client, "/timeline.json?a=IRN&b=IRN", 400)
    _error(client, "/events.json?limit=100000", 422)
    _error(client, "/quotes.json?offset=-1", 422)
    _error(client, '/search.json?q="unbalanced', 400)


def test_html_errors_are_pages(client: TestClient) -> None:
    r = client.get("/documents/0000000000000000")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no document" in r.text
    r = client.get("/events?type=BOGUS")
    assert r.status_code == 400 and "<html" in r.text


def test_openapi_documents_the_json_routes(client: TestClient, readonly: TestClient) -> None:
    spec = _json_spec(client)
    for route in ("/timeline.json", "/events.json", "/channels.json", "/stance.json",
                  "/quotes.json", "/search.json", "/documents/{doc_id}.json", "/api/ingest"):
        assert route in spec["paths"], route
    assert "TimelinePage" in spec["components"]["schemas"]
    assert "ErrorBody" in spec["components"]["schemas"]
    assert "/api/ingest" not in _json_spec(readonly)["paths"]
    # Swagger UI would load from a CDN: not served; /api is the offline reference
    assert client.get("/docs").status_code == 404
    assert "/timeline.json" in _html(client, "/api")


def _json_spec(client: TestClient) -> dict[str, Any]:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()  # type: ignore[no-any-return]


# -- untrusted text ----------------------------------------------------------------------------

RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", 'onclick="alert(1)"',
       "<iframe", '<a href="javascript:', "<b>onmouseover")


@pytest.mark.parametrize("url", [
    "/documents/en_script_injection.txt", "/documents/fa_mixed_direction.txt",
    "/timeline?lang=en", "/events?lang=en", "/quotes?lang=en", "/quotes", "/search?q=alert",
    "/search?q=Washington", "/channels?lang=en", "/stance?by=actor"])
def test_scraped_markup_is_only_ever_escaped(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    html = r.text
    for raw in RAW:
        assert raw not in html, (url, raw)
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/qasid.js" defer>']
    assert not re.search(r"<(img|iframe|object|embed)\b", html)
    # no real tag carries an event-handler attribute
    assert not re.findall(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", html)
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_escaped_forms_are_visible(client: TestClient) -> None:
    doc = _html(client, "/documents/en_script_injection.txt")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc
    assert "&lt;a href=&#34;javascript:alert(1)&#34; onclick=&#34;alert(1)&#34;&gt;" in doc
    quotes = _html(client, "/quotes?lang=en")
    assert "&lt;img src=x onerror=alert(1)&gt;" in quotes
    # the JSON twin carries the text as data, unchanged
    data = _json(client, "/documents/en_script_injection.txt.json")
    assert "<script>alert(1)</script>" in data["text"]


def test_non_web_urls_never_become_links(tmp_path: Path) -> None:
    record = tmp_path / "evil.jsonl"
    record.write_text('{"id": "evil", "url": "javascript:alert(1)", "text": "Iran and the '
                      'United States held talks in Muscat on Monday, officials said."}\n',
                      encoding="utf-8")
    with Corpus.open(str(tmp_path / "e.db")) as corpus:
        corpus.ingest([str(record)])
        with TestClient(create_app(corpus)) as c:
            html = _html(c, "/documents/evil")
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html


# -- right to left -----------------------------------------------------------------------------


def test_quotes_carry_direction_and_language(client: TestClient) -> None:
    html = _html(client, "/quotes?limit=500")
    data = _json(client, "/quotes.json?limit=500")["quotes"]
    assert {"fa", "ar", "en"} <= {q["lang"] for q in data}
    assert '<blockquote class="quote-text" dir="rtl" lang="fa">' in html
    assert '<blockquote class="quote-text" dir="rtl" lang="ar">' in html
    assert '<blockquote class="quote-text" dir="ltr" lang="en">' in html
    for q in data:
        assert q["dir"] == text_dir(q["text"], q["lang"])
    # speakers are the English canonical names, isolated from the text around them
    speaker = next(q["speaker"] for q in data if q["lang"] == "fa" and q["speaker"])
    assert f'<bdi class="speaker">{speaker}</bdi>' in html


def test_paragraphs_carry_direction_and_language(client: TestClient) -> None:
    fa = _html(client, "/documents/fa_mixed_direction.txt")
    assert re.search(r'<p class="para content" dir="rtl" lang="fa"', fa)
    ar = _html(client, "/documents/003_b5d89d51efa27d4e.txt")
    assert re.search(r'<p class="para content" dir="rtl" lang="ar"', ar)
    en = _html(client, "/documents/en_script_injection.txt")
    assert re.search(r'<p class="para content" dir="ltr" lang="en"', en)
    assert '<h1 dir="rtl" lang="fa">' in fa
    # Persian digits are kept as written
    assert "۱۴۰۴/۰۸/۱۲" in fa and "۳ دور" in fa
    # the evidence of a Persian event on the timeline is right to left too
    tl = _html(client, "/timeline?lang=fa")
    assert '<blockquote class="evidence" dir="rtl" lang="fa">' in tl


def test_text_direction_rules() -> None:
    assert text_dir("ما آماده‌ایم", "fa") == "rtl"
    assert text_dir("We remain open to diplomacy", "fa") == "ltr"
    assert text_dir("IAEA گزارش داد", "fa") == "rtl"
    assert text_dir("قال عراقجي", None) == "rtl"
    assert text_dir("Iran", "en") == "ltr"


def test_segments_cover_text_and_escape_nothing_themselves() -> None:
    text = "a <b>bold</b> claim"
    segs = segment(text, 0, len(text), [Span(2, 13, "q", 0), Span(5, 9, "m", 1, "X"),
                                        Span(0, 19, "ev", 2)])
    assert "".join(s.text for s in segs) == text
    assert [s.anchors for s in segs if s.anchors] == [["ev-2"], ["q-0"], ["m-1"]]
    assert highlight_pieces("x<y>z", [[1, 4], [2, 3]]) == [("x", False), ("<y>", True),
                                                          ("z", False)]


# -- the write endpoint ------------------------------------------------------------------------


def test_ingest_disabled_without_configured_token(readonly: TestClient) -> None:
    r = readonly.post("/api/ingest", json={"text": "x"},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403
    assert r.json()["ok"] is False and "disabled" in r.json()["error"]


def test_read_routes_refuse_writes(client: TestClient) -> None:
    for path in ("/events.json", "/documents/en_script_injection.txt.json"):
        r = client.post(path, json={})
        assert r.status_code == 405 and r.json()["status"] == 405


def test_ingest_requires_the_token_and_then_stores(tmp_path: Path) -> None:
    with Corpus.open(str(tmp_path / "w.db")) as corpus, \
            TestClient(create_app(corpus, token=TOKEN)) as c:
        body = {"text": "Iran and the United States held indirect talks in Muscat through "
                        "Oman on Saturday, officials in Tehran said.",
                "name": "posted.txt", "title": "Talks in Muscat", "published": "2025-04-12"}
        r = c.post("/api/ingest", json=body)
        assert r.status_code == 401 and r.json()["status"] == 401
        assert r.headers["www-authenticate"] == "Bearer"
        r = c.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 403 and r.json()["error"] == "wrong token"
        r = c.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["ok"] is True and out["new"] == 1
        doc = out["documents"][0]
        assert doc["status"] == "new" and doc["name"] == "posted.txt"
        stored = _json(c, f"{doc['url']}.json")
        assert stored["document"]["title"] == "Talks in Muscat"
        assert stored["document"]["published"] == "2025-04-12"
        assert stored["text"].startswith("Iran and the United States")
        again = c.post("/api/ingest", json=body, headers={"X-Qasid-Token": TOKEN}).json()
        assert again["unchanged"] == 1 and again["new"] == 0
        assert corpus.store.count() == 1


def test_ingest_rejects_bad_bodies(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for body in ({}, {"text": "a", "html": "<p>b</p>"}, {"url": "file:///etc/passwd"},
                 {"url": "/etc/passwd"}):
        r = client.post("/api/ingest", json=body, headers=auth)
        assert r.status_code == 400, body
        assert r.json()["ok"] is False
    r = client.post("/api/ingest", content=b"not json", headers={
        **auth, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["ok"] is False


# -- both backends ----------------------------------------------------------------------------


def test_pages_on_each_backend(store_url: str) -> None:
    """The app only uses the corpus API, so it serves PostgreSQL as it serves SQLite."""
    with Corpus.open(store_url) as corpus, \
            TestClient(create_app(corpus, token=TOKEN)) as c:
        assert corpus.ingest([str(FIXTURES)]).new == 2
        for url in [*PAGES[:-1], "/search?q=Washington", f"/documents/{EN}"]:
            _html(c, url)
            _json(c, _twin(url))
        hits = _json(c, "/search.json?q=مذاکره")["hits"]
        assert [h["doc"] for h in hits] == [FA]
        r = c.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                   json={"text": "Oman said Iran and the United States would meet in Muscat.",
                         "name": "backend.txt"})
        assert r.status_code == 200 and r.json()["new"] == 1
        assert _json(c, "/documents/backend.txt.json")["document"]["name"] == "backend.txt"


# -- the command -------------------------------------------------------------------------------


def test_serve_command_registers_with_defaults(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    import typer
    import uvicorn
    from typer.testing import CliRunner

    from qasid.web.cli import register

    app = typer.Typer()

    @app.command("version")
    def _version() -> None:  # a second command, so "serve" stays a named subcommand
        """Print nothing."""

    register(app)
    calls: list[dict[str, Any]] = []

    def fake_run(asgi: Any, **kwargs: Any) -> None:
        calls.append({"app": asgi, **kwargs})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    runner = CliRunner()
    help_text = runner.invoke(app, ["serve", "--help"]).output
    for option in ("--db", "--host", "--port", "--token"):
        assert option in help_text
    db = tmp_path / "serve.db"
    result = runner.invoke(app, ["serve", "--db", str(db)], env={"QASID_TOKEN": "t0k"})
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    assert calls[0]["app"].state.token == "t0k"
    calls[0]["app"].state.corpus.close()
    result = runner.invoke(app, ["serve", "--port", "99999"], env={"QASID_DB": str(db)})
    assert result.exit_code == 1 and "port" in result.output
