"""End-to-end: the real ``qasid serve`` app in headless Chromium, as an analyst uses it.

Each test opens pages over real HTTP (see ``conftest.py``), acts through the page (forms,
links, the chart's dots and lines) and checks what the browser shows and computes: loaded
assets, console, layout direction, chart geometry, the highlighted evidence span. The JSON
twins serve as the expected answer wherever the page shows records. Every test fails if a
page asks another host for anything, logs a console error, throws, or opens a dialog.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from browser_support import SKIP, Site, Tab, make_tab

if SKIP:  # before any fixture: a skipped run does not build the store either
    pytest.skip("QASID_SKIP_BROWSER=1: browser tests skipped on request",
                allow_module_level=True)

pytestmark = pytest.mark.e2e

PAGES = {
    "timeline": "/timeline",
    "events": "/events",
    "channels": "/channels",
    "stance": "/stance",
    "quotes": "/quotes",
    "search": "/search?q=" + quote("مذاکره"),
    "api": "/api",
    "article": "/documents/fa_mixed_direction.txt",
}
ACCENT = "rgb(29, 78, 137)"  # --accent in qasid.css: proves the stylesheet was applied


def _ids(tab: Tab, selector: str, attribute: str) -> list[str]:
    return tab.page.eval_on_selector_all(
        selector, f"els => els.map(e => e.getAttribute({attribute!r}))")  # type: ignore[no-any-return]


def _heading_count(tab: Tab, noun: str) -> int:
    """The number in the list heading ("42 events", "1 quote")."""
    text = tab.page.locator("main h2", has_text=re.compile(rf"\d+ {noun}")).first.inner_text()
    found = re.match(r"(\d+)", text.strip())
    assert found, text
    return int(found.group(1))


def _submit(tab: Tab, form: str = "form.filters") -> None:
    with tab.page.expect_navigation():
        tab.page.locator(f"{form} button[type=submit]").click()


def _twin(tab: Tab, site: Site) -> dict[str, Any]:
    """The JSON the page declares as its twin (``<link rel="alternate">``), fetched."""
    href = tab.page.get_attribute('link[rel="alternate"]', "href")
    assert href and ".json" in href, href
    return site.json(href)


# -- every page --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_offline_and_clean(tab: Tab, name: str) -> None:
    tab.open(PAGES[name])
    page = tab.page
    assert page.locator("main h1").first.is_visible()
    # the stylesheet and the script came from the app itself and were applied
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).backgroundColor") \
        == ACCENT
    assert any(u.endswith("/static/qasid.css") for u in tab.requested)
    assert any(u.endswith("/static/qasid.js") for u in tab.requested)
    origin = urlsplit(tab.base).netloc
    assert all(urlsplit(u).netloc == origin for u in tab.requested if "://" in u)
    # the current page is marked in the navigation (an article is not a navigation page)
    active = page.locator('header nav a[aria-current="page"]')
    assert active.count() == (0 if name == "article" else 1)
    tab.shot(f"page-{name}")
    tab.assert_clean()


# -- filters -----------------------------------------------------------------------------------


def test_timeline_type_filter(tab: Tab, site: Site) -> None:
    tab.open("/timeline")
    everything = _heading_count(tab, "event")
    tab.page.locator('fieldset.types input[value="CONSULT"]').check()
    _submit(tab)
    assert "type=CONSULT" in tab.page.url
    expected = _twin(tab, site)
    shown = _ids(tab, "ol.events li.event", "data-event-id")
    assert shown == [e["id"] for e in expected["events"]] != []
    assert 0 < _heading_count(tab, "event") == expected["total"] < everything
    assert tab.page.locator("ol.events li.event:not(.t-CONSULT)").count() == 0
    assert tab.page.locator('fieldset.types input[value="CONSULT"]').is_checked()
    tab.shot("filter-timeline-consult")
    tab.assert_clean()


def test_events_language_filter(tab: Tab, site: Site) -> None:
    tab.open("/events?limit=500")
    before = tab.page.locator("ol.events li.event").count()
    tab.page.select_option("select#f-lang", "fa")
    _submit(tab)
    assert "lang=fa" in tab.page.url
    expected = _twin(tab, site)
    assert expected["filters"]["lang"] == "fa"
    shown = _ids(tab, "ol.events li.event", "data-event-id")
    assert shown == [e["id"] for e in expected["events"]]
    assert 0 < len(shown) < before
    assert _heading_count(tab, "event") == expected["total"]
    assert {e["lang"] for e in expected["events"]} == {"fa"}
    # every listed event's evidence is Persian, laid out right to left
    evidence = tab.page.locator("ol.events blockquote.evidence")
    assert evidence.count() == len(shown)
    assert set(tab.page.eval_on_selector_all(
        "ol.events blockquote.evidence",
        "els => els.map(e => e.getAttribute('lang') + ':' + getComputedStyle(e).direction)",
    )) == {"fa:rtl"}
    tab.assert_clean()


def test_quotes_search_by_speaker(tab: Tab, site: Site) -> None:
    tab.open("/quotes")
    tab.page.fill('form.filters input[name="speaker"]', "araghchi")
    _submit(tab)
    expected = _twin(tab, site)
    assert expected["speaker"] == "araghchi"
    assert expected["total"] > 0
    assert _heading_count(tab, "quote") == expected["total"]
    assert _ids(tab, "ol.quotes li.quote", "data-quote-id") == [
        q["id"] for q in expected["quotes"]]
    speakers = tab.page.locator("bdi.speaker").all_inner_texts()
    assert speakers and all("Araghchi" in s for s in speakers)
    # a speaker's name links to all of that speaker's quotes
    with tab.page.expect_navigation():
        tab.page.locator("p.who a", has=tab.page.locator("bdi.speaker")).first.click()
    full = speakers[0]
    assert _heading_count(tab, "quote") == site.json(
        f"/quotes.json?speaker={quote(full)}")["total"]
    tab.shot("filter-quotes-speaker")
    tab.assert_clean()


def test_quick_search_finds_persian_variants(tab: Tab, site: Site) -> None:
    tab.open("/timeline")
    box = tab.page.locator("form.quick input[name=q]")
    box.fill("مذاکره")
    with tab.page.expect_navigation():
        box.press("Enter")
    assert urlsplit(tab.page.url).path == "/search"
    expected = site.json("/search.json?q=" + quote("مذاکره"))
    assert _ids(tab, "ol.hits li.hit", "data-doc-id") == [h["id"] for h in expected["hits"]]
    marks = tab.page.locator("p.snippet mark").all_inner_texts()
    assert "مذاکره" in marks and any(m != "مذاکره" for m in marks)  # inflections found too
    tab.assert_clean()


# -- from an event to its evidence -------------------------------------------------------------


def test_event_leads_to_its_highlighted_evidence(tab: Tab, site: Site) -> None:
    data = site.json("/timeline.json?lang=fa&limit=50")
    # the event whose evidence lies deepest in its article, so the view has to scroll to it
    event = max(data["events"], key=lambda e: e["start"])
    tab.open("/timeline?lang=fa&limit=50")
    with tab.page.expect_navigation():
        tab.page.locator(f'li.event[data-event-id="{event["id"]}"] div.src a').click()
    page = tab.page
    doc_id, idx = event["doc_id"], event["idx"]
    assert urlsplit(page.url).path == f"/documents/{doc_id}"
    assert urlsplit(page.url).fragment == f"ev-{idx}"
    assert page.evaluate("document.querySelector(':target')?.id") == f"ev-{idx}"
    marks = page.locator("span.hl")
    assert marks.count() > 0
    # the highlighted text is exactly the event's evidence span of the stored text
    doc = site.json(f"/documents/{doc_id}.json")
    shown = page.eval_on_selector_all("section.text span.hl",
                                      "els => els.map(e => e.textContent).join('')")
    assert shown == doc["text"][event["start"]:event["end"]]
    assert page.eval_on_selector_all(
        "section.text span.hl", f"els => els.every(e => e.dataset.ev.split(' ')"
                                f".includes('{idx}'))")
    # it is on screen, and the matching card in the side panel is marked
    box = marks.first.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert page.locator(f"#card-ev-{idx}").get_attribute("class") == "hl"
    tab.shot("evidence-highlighted")
    # another card moves the highlight there
    others = [e for e in doc["events"] if e["idx"] != idx]
    if others:
        other = others[0]["idx"]
        page.locator(f"#card-ev-{other} a").click()
        page.wait_for_function(f"location.hash === '#ev-{other}'")
        page.wait_for_selector(f"#card-ev-{other}.hl")
        assert page.locator(f"#card-ev-{idx}.hl").count() == 0
    tab.assert_clean()


def test_evidence_is_scrolled_into_view(tab: Tab, site: Site) -> None:
    """Opening an evidence link directly (no click, no earlier scroll) lands on the span."""
    data = site.json("/events.json?limit=500")
    event = max(data["events"], key=lambda e: e["start"])
    tab.open(event["evidence_url"])
    page = tab.page
    page.wait_for_selector("span.hl")
    box = page.locator("span.hl").first.bounding_box()
    assert box is not None
    assert page.evaluate("window.scrollY") > 0
    assert 0 <= box["y"] < page.viewport_size["height"]
    tab.assert_clean()


def test_noise_toggle(tab: Tab) -> None:
    tab.open("/documents/003_b5d89d51efa27d4e.txt")
    noise = tab.page.locator("p.para.noise").first
    assert noise.is_visible()
    button = tab.page.locator("button.toggle-noise")
    button.click()
    assert not noise.is_visible() and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert noise.is_visible()
    tab.assert_clean()


# -- right to left -----------------------------------------------------------------------------

#: For each element: its dir/lang attributes, the computed direction, and where its last line
#: of text sits — ``gap`` is the distance from the line's start edge (right for rtl, left for
#: ltr) to the content box's, ~0 when the text is laid out in that direction.
_RTL_PROBE = """els => els.map(e => {
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const range = document.createRange(); range.selectNodeContents(e);
  const rects = [...range.getClientRects()].filter(x => x.width > 0);
  const mid = x => (x.top + x.bottom) / 2, low = Math.max(...rects.map(mid));
  const last = rects.filter(x => mid(x) > low - 8);  // lines are 20+ px apart
  const gap = s.direction === 'rtl'
      ? r.right - (parseFloat(s.paddingRight) || 0) - Math.max(...last.map(x => x.right))
      : Math.min(...last.map(x => x.left)) - r.left - (parseFloat(s.paddingLeft) || 0);
  return {dir: e.getAttribute('dir'), lang: e.getAttribute('lang'), css: s.direction,
          gap: gap};
})"""


def _direction(tab: Tab, selector: str) -> list[dict[str, Any]]:
    return tab.page.eval_on_selector_all(selector, _RTL_PROBE)  # type: ignore[no-any-return]


def test_persian_article_is_right_to_left(tab: Tab) -> None:
    tab.open("/documents/fa_mixed_direction.txt")
    paras = _direction(tab, "section.text p.para.content")
    assert paras
    for p in paras:
        assert (p["dir"], p["lang"], p["css"]) == ("rtl", "fa", "rtl"), p
        assert abs(p["gap"]) < 2, p  # lines start at the right edge
    title = _direction(tab, "article.doc h1")[0]
    assert (title["dir"], title["lang"], title["css"]) == ("rtl", "fa", "rtl")
    # the English post quoted inside the Persian paragraph stays a left-to-right run
    runs = tab.page.eval_on_selector_all(
        "section.text bdi[dir=ltr]", "els => els.map(e => [e.textContent, "
                                      "getComputedStyle(e).direction])")
    assert any(t.startswith('"We remain open') and d == "ltr" for t, d in runs), runs
    # Persian digits are shown as written, not converted
    text = tab.page.locator("section.text").inner_text()
    assert "۱۴۰۴/۰۸/۱۲" in text and "۳ دور" in text
    assert "1404/08/12" not in text
    tab.assert_clean()


_ORDER = """([para, first, second]) => {
  // left edges of the first occurrences of two strings in one paragraph, as laid out
  const p = document.querySelectorAll('section.text p.para')[para];
  const where = needle => {
    const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const i = n.data.indexOf(needle);
      if (i >= 0) { const r = document.createRange(); r.setStart(n, i);
                    r.setEnd(n, i + needle.length); return r.getBoundingClientRect().left; }
    }
    return null;
  };
  return [where(first), where(second)];
}"""


def test_numbers_stay_with_their_run(tab: Tab) -> None:
    """A Persian line that begins with ``date 2025-11-03``: the English label and its date
    read left to right as one piece at the line's right end, "date" left of the date."""
    tab.open("/documents/000_6e7595907d6b6f7a.txt")
    date_x, number_x = tab.page.evaluate(_ORDER, [0, "date", "2025-11-03"])
    assert date_x is not None and number_x is not None
    assert date_x < number_x
    persian_x, _ = tab.page.evaluate(_ORDER, [0, "خبرنامه", "date"])
    assert persian_x < date_x  # the Persian text continues to the left of it
    tab.assert_clean()


def test_arabic_and_mixed_lists_are_right_to_left(tab: Tab) -> None:
    tab.open("/documents/003_b5d89d51efa27d4e.txt")
    paras = _direction(tab, "section.text p.para.content")
    assert paras and all((p["dir"], p["lang"], p["css"]) == ("rtl", "ar", "rtl")
                         for p in paras)
    tab.open("/quotes?limit=500")
    quotes = _direction(tab, "blockquote.quote-text")
    by_lang = {q["lang"]: q for q in quotes}
    assert {"fa", "ar", "en"} <= set(by_lang)
    for q in quotes:
        assert q["css"] == q["dir"], q
        if q["lang"] in ("fa", "ar"):
            assert q["dir"] == "rtl" and abs(q["gap"]) < 2, q
    assert by_lang["en"]["css"] == "ltr" and abs(by_lang["en"]["gap"]) < 2
    # the page chrome stays left to right around them
    assert tab.page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    tab.assert_clean()


# -- charts ------------------------------------------------------------------------------------

_BOXES = """els => els.map(e => { const b = e.getBoundingClientRect();
  return {w: b.width, h: b.height, fill: getComputedStyle(e).fill,
          title: e.querySelector('title')?.textContent || ''}; })"""


def test_timeline_chart_draws_every_month_count(tab: Tab, site: Site) -> None:
    tab.open("/timeline")
    chart = tab.page.locator("svg.timeline-chart")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 100
    dots = tab.page.eval_on_selector_all("svg.timeline-chart circle.dot", _BOXES)
    counts = site.json("/timeline.json")["counts"]
    assert len(dots) == sum(len(c["month"]) == 7 for c in counts) > 0
    assert all(d["w"] > 0 and d["h"] > 0 for d in dots)
    # coloured per type by the stylesheet (willingness green, refusal red …)
    fills = {d["title"].split()[0]: d["fill"] for d in dots}
    if "INTENT_TALKS" in fills:
        assert fills["INTENT_TALKS"] == "rgb(46, 125, 79)"
    if "REFUSE_TALKS" in fills:
        assert fills["REFUSE_TALKS"] == "rgb(179, 55, 47)"
    chart.screenshot(path=str(tab.shots / "chart-timeline.png"))
    # a dot leads to exactly the events it counts
    title = dots[0]["title"]  # "CONSULT 2013-09: 1 event"
    n = int(re.search(r": (\d+) event", title).group(1))  # type: ignore[union-attr]
    with tab.page.expect_navigation():
        tab.page.locator("svg.timeline-chart circle.dot").first.click()
    assert tab.page.locator("ol.events li.event").count() == n == _heading_count(tab, "event")
    tab.assert_clean()


def test_stance_chart_draws_bars(tab: Tab, site: Site) -> None:
    tab.open("/stance")
    box = tab.page.locator("svg.stance-chart").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 100
    bars = tab.page.eval_on_selector_all("svg.stance-chart rect.bar", _BOXES)
    data = site.json("/stance.json")
    drawn = sum(bool(mo["positive"]) + bool(mo["negative"])
                for s in data["series"] for mo in s["months"])
    assert len(bars) == drawn > 0
    assert all(b["w"] > 0 and b["h"] > 0 for b in bars)
    assert {b["fill"] for b in bars} <= {"rgb(46, 125, 79)", "rgb(179, 55, 47)"}
    tab.page.locator("svg.stance-chart").screenshot(path=str(tab.shots / "chart-stance.png"))
    tab.assert_clean()


def test_channels_network_shows_intermediaries(tab: Tab, site: Site) -> None:
    tab.open("/channels")
    data = site.json("/channels.json")
    net = tab.page.locator("svg.network")
    box = net.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 300
    nodes = tab.page.eval_on_selector_all(
        "svg.network g.node", "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return {id: e.dataset.node, role: e.getAttribute('class'), w: b.width,"
        " x: b.left + b.width / 2,"
        " label: e.querySelector('text').textContent,"
        " dash: getComputedStyle(e.querySelector('circle')).strokeDasharray}; })")
    assert {n["id"] for n in nodes} == {n["id"] for n in data["nodes"]}
    assert all(n["w"] > 0 for n in nodes)
    intermediaries = [n for n in data["nodes"] if n["role"] == "intermediary"]
    assert intermediaries, "the corpus should have a contact through an intermediary"
    for n in intermediaries:
        drawn = next(x for x in nodes if x["id"] == n["id"])
        assert "role-intermediary" in drawn["role"] and drawn["label"] == n["label"]
        assert drawn["dash"] not in ("none", "")  # drawn dashed, unlike the parties
    # the two busiest parties face each other at the far left and right, the intermediaries
    # between them
    parties = [n["id"] for n in data["nodes"] if n["role"] == "party"]
    x = {n["id"]: n["x"] for n in nodes}
    assert min(x, key=x.__getitem__) == parties[0] and max(x, key=x.__getitem__) == parties[1]
    assert all(x[parties[0]] < x[n["id"]] < x[parties[1]] for n in intermediaries)
    # a link through an intermediary is two segments meeting at it; clicking one lists
    # exactly that link's events
    link = next(x for x in data["links"] if x["channel_role"] in ("intermediary", "mediator"))
    segments = tab.page.locator(f'svg.network a.edge-link[data-link-id="{link["id"]}"]')
    assert segments.count() == 2
    net.screenshot(path=str(tab.shots / "chart-channels.png"))
    # (dispatched on the link itself: with many edges another one may lie on top of this
    # segment's midpoint, where a positional click would land)
    with tab.page.expect_navigation():
        segments.first.dispatch_event("click")
    assert sorted(_ids(tab, "ol.events li.event", "data-event-id")) == sorted(
        link["event_ids"])
    tab.assert_clean()


# -- untrusted text ----------------------------------------------------------------------------

_ACTIVE_MARKUP = """() => {
  const onAttrs = [...document.querySelectorAll('*')].filter(
      e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')));
  const scripts = [...document.scripts].map(s => s.getAttribute('src'));
  const js = [...document.querySelectorAll('[href], [src]')].filter(
      e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src')));
  return {pwned: window.__qasid_pwned ?? null, onAttrs: onAttrs.length, scripts,
          foreignEls: document.querySelectorAll('main img, main iframe, main object, '
                                                + 'main embed').length,
          js: js.length};
}"""


def test_scraped_markup_executes_nothing(browser: Any, site: Site, screenshots: Any) -> None:
    """The probe documents carry ``<script>``, ``onerror``, ``onload``, ``onclick``,
    ``javascript:`` and ``srcdoc`` payloads that would set ``window.__qasid_pwned``. The
    page's Content-Security-Policy is bypassed here, so what is tested is the escaping
    itself: with the CSP as the only defence, this test would fail."""
    tab = make_tab(browser, site, screenshots, bypass_csp=True)
    try:
        probe = site.corpus.get("xss_probe.txt")
        record = site.corpus.get("probe-record")
        assert probe is not None and record is not None
        urls = [f"/documents/{probe.id}", f"/documents/{record.id}", "/search?q=onerror",
                "/search?q=Muscat", "/quotes?q=negotiate&limit=500", "/timeline?lang=en",
                f"/events?doc={probe.id}", "/channels", "/stance?by=actor"]
        for url in urls:
            tab.open(url)
            state = tab.page.evaluate(_ACTIVE_MARKUP)
            assert state == {"pwned": None, "onAttrs": 0, "scripts": ["/static/qasid.js"],
                             "foreignEls": 0, "js": 0}, (url, state)
        # the payloads are there, shown as text
        tab.open(f"/documents/{probe.id}")
        text = tab.page.locator("main").inner_text()
        assert '<script>window.__qasid_pwned = "title script"</script>' in text
        assert "onerror=\"window.__qasid_pwned = 'img onerror'\"" in text
        tab.page.get_by_text("Facebook", exact=False).first.click()  # text, not a link
        assert tab.page.evaluate("window.__qasid_pwned ?? null") is None
        tab.shot("escaped-markup")
        tab.open(f"/documents/{record.id}")
        assert "javascript:window.__qasid_pwned='url'" in tab.page.locator(
            "dl.meta").inner_text()
        assert tab.page.locator("dl.meta a").count() == 0
        tab.assert_clean()
    finally:
        tab.page.context.close()
