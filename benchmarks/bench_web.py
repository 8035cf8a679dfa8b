"""Dashboard latency: every page of ``qasid serve`` and its JSON twin on a large synthetic store.

    python benchmarks/bench_web.py                      # SQLite, 50,000 events, temporary
    taskset -c 0 python benchmarks/bench_web.py --db /tmp/web.db          # one core, kept
    taskset -c 0 python benchmarks/bench_web.py --db /tmp/web.db --reuse  # measure it again
    python benchmarks/bench_web.py --db postgresql://postgres@127.0.0.1:5432/test

The store is filled through the store's own write API (:meth:`qasid.store.Store.save` with a
hand-built extraction), not by running the pipeline over the articles: 50,000 events would
take most of an hour to extract, and what is measured here is reading. The documents are
realistic in shape — fa/ar/en text in paragraphs with a noise line, dates spread over twelve
years (some only to the month or year, some undated), exact duplicates, and per document
several events (many dyads, all twelve types, channels, modes and media), quotes (with
English posts inside Persian and Arabic articles) and actor mentions, each a span of the text.

The server is the real one (``qasid.web.app_for`` under uvicorn, in a child process); the
requests go over loopback HTTP one at a time. Every URL is requested once to warm up, then
``--repeat`` times, rounds interleaved. The table gives p50/p95/max per URL in milliseconds
(p95 is the nearest-rank percentile); the last column flags p95 ≥ ``--budget``.

A SQLite store given with ``--db`` is kept (without ``--db`` a temporary one is removed).
PostgreSQL: the store lives in its own schema (``--schema``, default ``qasid_bench_web``),
created for the run and dropped at the end unless ``--keep`` is given; its tables are
``VACUUM (ANALYZE)``d before measuring, as autovacuum would have done (see :func:`settle`).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import LANGS  # noqa: E402  (the benchmark folder is not a package)

#: share of events per dyad: the relationship qasid follows is by far the busiest
DYAD_WEIGHTS = [(("IRN", "USA"), 45), (("IRN", "GBR"), 4), (("IRN", "FRA"), 3),
                (("IRN", "DEU"), 3), (("IRN", "SAU"), 5), (("IRN", "ISR"), 6),
                (("USA", "ISR"), 4), (("USA", "RUS"), 4), (("USA", "CHN"), 3),
                (("IRN", "RUS"), 3), (("IRN", "CHN"), 3), (("IRN", "IAEA"), 6),
                (("USA", "IAEA"), 2), (("IRN", "IRQ"), 2), (("SAU", "ISR"), 1),
                (("IRN", "ARE"), 2), (("USA", "QAT"), 1), (("IRN", "EU"), 3)]
MEDIATORS = [("OMN", 40), ("QAT", 25), ("CHE", 12), ("IRQ", 6), ("NOR", 4), ("JPN", 4),
             ("EGY", 3), ("TUR", 3), ("PAK", 3)]
TYPES = [("CONSULT", 20), ("INTENT_TALKS", 10), ("APPEAL_TALKS", 8), ("REQUEST_MEDIATION", 3),
         ("MEDIATE", 7), ("DEMAND", 9), ("REFUSE_TALKS", 8), ("REJECT", 8), ("DENY", 5),
         ("ACCUSE", 10), ("THREATEN", 7), ("ATTACK", 3)]
CAMEO = {"CONSULT": "040", "INTENT_TALKS": "036", "APPEAL_TALKS": "0234",
         "REQUEST_MEDIATION": "028", "MEDIATE": "039", "DEMAND": "100", "REFUSE_TALKS": "1246",
         "REJECT": "120", "DENY": "013", "ACCUSE": "112", "THREATEN": "130", "ATTACK": "190"}
PLOVER = {"CONSULT": "CONSULT", "INTENT_TALKS": "AGREE", "APPEAL_TALKS": "REQUEST",
          "REQUEST_MEDIATION": "REQUEST", "MEDIATE": "AGREE", "DEMAND": "DEMAND",
          "REFUSE_TALKS": "REJECT", "REJECT": "REJECT", "DENY": "REJECT", "ACCUSE": "ACCUSE",
          "THREATEN": "THREATEN", "ATTACK": "ASSAULT"}
MEDIA = [(None, 45), ("meeting", 20), ("phone", 15), ("visit", 8), ("letter", 7),
         ("text messages", 5)]
#: canonical (English) actor names per country, as the actor registry writes them
ACTORS = {
    "IRN": ["Abbas Araghchi", "Masoud Pezeshkian", "Ali Khamenei", "Esmaeil Baghaei",
            "Mohammad Javad Zarif", "Hassan Rouhani", "Nasser Kanaani", "Ali Larijani"],
    "USA": ["Donald Trump", "Marco Rubio", "Steve Witkoff", "Antony Blinken", "Joe Biden",
            "Karoline Leavitt", "Robert Malley"],
    "OMN": ["Badr Albusaidi", "Haitham bin Tariq"], "QAT": ["Mohammed bin Abdulrahman"],
    "RUS": ["Vladimir Putin", "Sergey Lavrov", "Dmitry Peskov"], "CHN": ["Wang Yi"],
    "IAEA": ["Rafael Grossi"], "ISR": ["Benjamin Netanyahu", "Israel Katz"],
    "SAU": ["Faisal bin Farhan"], "GBR": ["David Lammy"], "FRA": ["Emmanuel Macron"],
    "DEU": ["Johann Wadephul"], "EU": ["Kaja Kallas", "Josep Borrell"],
}
#: what a quote says, per language: templates filled with a topic and a place, and a second
#: clause from the article templates, so that quotes are as varied as real ones
SAYINGS = {
    "fa": ["ما آماده‌ایم درباره {t} از طریق {p} مذاکره کنیم، اما زیر بار زور نمی‌رویم",
           "هیچ مذاکره مستقیمی درباره {t} در کار نیست و پیام‌ها در {p} منتقل می‌شود",
           "گفت‌وگو درباره {t} تنها در صورت لغو تحریم‌ها ممکن است",
           "جمهوری اسلامی درباره {t} به تعهدات خود پایبند است"],
    "ar": ["إيران مستعدة للتفاوض بشأن {t} لكنها لن تقبل أي شروط مسبقة",
           "المحادثات غير المباشرة حول {t} مستمرة عبر الوسطاء في {p}",
           "لا مفاوضات بشأن {t} تحت الضغط والتهديد",
           "نحن ندعم كل جهد دبلوماسي في {p} يخفف التوتر في المنطقة"],
    "en": ["We remain open to diplomacy on {t}",
           "There will be no talks on {t} while the sanctions stay in place",
           "{p} has offered to host another round on {t}",
           "The door to negotiations in {p} is not closed"],
}
SAY_VERB = {"fa": "گفت", "ar": "قال", "en": "said"}


@dataclass
class _Builder:
    """A document's text assembled piece by piece, recording the span of each piece."""

    parts: list[str] = field(default_factory=list)
    size: int = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.size
        self.parts.append(piece)
        self.size += len(piece)
        return start, self.size

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _published(rng: random.Random) -> str | None:
    """Dates over 2015–2026, denser in recent years; a few documents only say the month,
    a few say nothing."""
    r = rng.random()
    if r < 0.03:
        return None
    year = min(2026, 2015 + int(11 * math.sqrt(rng.random())))
    month = rng.randint(1, 12 if year < 2026 else 6)
    if r < 0.06:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _event(rng: random.Random, span: tuple[int, int], published: str | None) -> dict[str, Any]:
    kind = _pick(rng, TYPES)
    a, b = _pick(rng, DYAD_WEIGHTS)
    if rng.random() < 0.5:
        a, b = b, a
    ev: dict[str, Any] = {"type": kind, "source": a, "target": b, "parties": [],
                          "start": span[0], "end": span[1], "cameo": CAMEO[kind],
                          "plover": PLOVER[kind]}
    if kind == "MEDIATE":
        ev.update(source=_pick(rng, MEDIATORS), target=None, parties=sorted((a, b)))
    elif kind == "CONSULT":
        mode = rng.choices(["indirect", "direct", None], weights=[45, 30, 25])[0]
        ev["mode"] = mode
        if mode == "indirect" or (mode == "direct" and rng.random() < 0.3):
            ev["via"] = _pick(rng, MEDIATORS)
        ev["medium"] = _pick(rng, MEDIA)
    if rng.random() < 0.6 and ACTORS.get(ev["source"]):
        ev["source_actor"] = rng.choice(ACTORS[ev["source"]])
    if ev.get("target") and rng.random() < 0.3 and ACTORS.get(ev["target"]):
        ev["target_actor"] = rng.choice(ACTORS[ev["target"]])
    if rng.random() < 0.25:  # the text gives the event's own date
        base = published or "2020-06-15"
        ev["date"] = base[:7] if rng.random() < 0.5 else base[:4] if rng.random() < 0.1 \
            else base
    if kind == "DENY" and rng.random() < 0.5:
        ev["claimed_by"] = b
    return ev


def make_document(i: int, rng: random.Random, n_events: int) -> Any:
    """One synthetic processed document with ``n_events`` events in its extraction."""
    from qasid.records import Paragraph, ProcessedDocument

    lang = rng.choices(["fa", "ar", "en"], weights=[55, 25, 20])[0]
    pool = LANGS[lang]
    published = _published(rng)
    doc = _Builder()
    paras: list[Paragraph] = []
    sentences: list[tuple[int, int]] = []
    quotes: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []

    def sentence() -> str:
        return rng.choice(pool["templates"]).format(
            a=rng.choice(pool["actors"]), p=rng.choice(pool["places"]),
            t=rng.choice(pool["topics"]), d=rng.choice(pool["days"]))

    chrome = " | ".join(c.format(n=i, jd="1404-08-12", gd=published or "")
                        for c in pool["chrome"])
    paras.append(Paragraph(*doc.add(chrome), "noise", "menu", lang))
    doc.add("\n\n")
    title = sentence().rstrip(".")
    paras.append(Paragraph(*doc.add(title), "content", "good", lang))
    n_quotes = rng.randint(1, 4)
    for _ in range(rng.randint(max(3, n_events // 2), 8)):
        doc.add("\n\n")
        start = doc.size
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.2:  # an actor named in English, as registries resolve
                country = rng.choice(list(ACTORS))
                name = rng.choice(ACTORS[country])
                span = doc.add(name)
                mentions.append({"kind": "person", "id": name.lower().replace(" ", "_"),
                                 "name": name, "country": country, "start": span[0],
                                 "end": span[1], "role": None, "how": "alias"})
                doc.add(" ")
            sentences.append(doc.add(sentence()))
            doc.add(" ")
        if len(quotes) < n_quotes and rng.random() < 0.6:
            q_lang = "en" if rng.random() < 0.1 else lang
            q_pool = LANGS[q_lang]
            words = rng.choice(SAYINGS[q_lang]).format(
                t=rng.choice(q_pool["topics"]), p=rng.choice(q_pool["places"]))
            if rng.random() < 0.7:
                words += "، " if q_lang == "fa" else "، و" if q_lang == "ar" else "; "
                words += rng.choice(q_pool["templates"]).format(
                    a=rng.choice(q_pool["actors"]), p=rng.choice(q_pool["places"]),
                    t=rng.choice(q_pool["topics"]), d=rng.choice(q_pool["days"])).rstrip(".")
            country = rng.choice(["IRN", "USA", "OMN", "RUS"])
            speaker = rng.choice(ACTORS[country])
            doc.add(f"{rng.choice(pool['actors'])} {SAY_VERB[lang]}: «")
            span = doc.add(words)
            doc.add("». ")
            quotes.append({"speaker": speaker, "speaker_id": speaker.lower().replace(" ", "_"),
                           "text": words, "start": span[0], "end": span[1], "lang": q_lang,
                           "how": "marks"})
        paras.append(Paragraph(start, doc.size, "content", "good", lang))
    doc.add("\n\n")
    paras.append(Paragraph(*doc.add(pool["tail"][0]), "noise", "after-article", lang))
    text = doc.text
    events = [_event(rng, rng.choice(sentences), published) for _ in range(n_events)]
    countries = sorted({c for e in events for c in (e["source"], e.get("target"), *e["parties"])
                        if c})
    actors = sorted({m["name"] for m in mentions})
    extraction = {
        "extractor": "bench.synthetic", "resources_hash": "bench",
        "countries": countries,
        "actors": [{"name": a, "type": "person", "country": None, "role": None,
                    "mentions": sum(m["name"] == a for m in mentions)} for a in actors],
        "quotes": quotes, "events": events, "mentions": mentions,
    }
    body = tuple((p.start, p.end) for p in paras if p.kind == "content")
    # about 2 % of the documents are exact copies of another's body: duplicate links
    body_key = f"body-{i - 1 if i % 50 == 49 else i}"
    locator = f"bench/web/{i:06d}.txt"
    return ProcessedDocument(
        locator=locator, name=f"web_{i:06d}.txt", source="bench/web", text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), title=title,
        body=body, paragraphs=tuple(paras), lang=lang, published=published,
        body_hash=hashlib.sha256(body_key.encode()).hexdigest(), extraction=extraction)


def build_store(url: str, n_events: int, seed: int = 11) -> dict[str, int]:
    """Fill the (empty) store at ``url`` with documents until it holds ``n_events`` events."""
    from qasid.store import Store

    rng = random.Random(seed)
    events = docs = 0
    t0 = time.perf_counter()
    with Store.open(url) as store, store.batch(max_docs=500, max_seconds=30.0):
        while events < n_events:
            n = min(n_events - events, rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6]))
            store.save(make_document(docs, rng, n))
            events += n
            docs += 1
            if docs % 2000 == 0:
                print(f"  {docs} documents, {events} events, "
                      f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return {"documents": docs, "events": events, "seconds": round(time.perf_counter() - t0)}


def _engine(url: str) -> Any:
    """A plain engine on the store, for the benchmark's own look-ups."""
    from sqlalchemy import create_engine

    from qasid.store.engine import resolve_url

    return create_engine(resolve_url(url))


def count_events(url: str) -> int:
    from sqlalchemy import func, select

    from qasid.store.schema import events

    engine = _engine(url)
    try:
        with engine.connect() as conn:
            if not engine.dialect.has_table(conn, "events"):
                return 0
            return int(conn.scalar(select(func.count()).select_from(events)) or 0)
    finally:
        engine.dispose()


def settle(url: str) -> None:
    """PostgreSQL: ``VACUUM (ANALYZE)`` the store's tables, which autovacuum does by itself on
    a default server (the test server here runs with autovacuum off): without statistics
    the planner guesses a few rows where there are tens of thousands. SQLite stores are
    measured as qasid leaves them, never ANALYZEd."""
    if not url.startswith("postgres"):
        return
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    options = parsed.query.get("options")
    libpq = parsed.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True, options=str(options or "")) as conn:
        for table in ("documents", "paragraphs", "duplicates", "search_text", "extractions",
                      "events", "quotes", "mentions"):
            conn.execute(f"VACUUM (ANALYZE) {table}")


# -- the requests ------------------------------------------------------------------------------


def sample_documents(url: str) -> list[str]:
    """Ids of article views to request: the busiest documents of each language, one with a
    duplicate link, one of the latest."""
    from sqlalchemy import func, select

    from qasid.store.schema import documents, duplicates, events

    engine = _engine(url)
    with engine.connect() as conn:
        busiest = [r[0] for r in conn.execute(
            select(events.c.doc_id).group_by(events.c.doc_id)
            .order_by(func.count().desc(), events.c.doc_id).limit(2))]
        per_lang = [conn.scalar(select(documents.c.id).where(documents.c.lang == lang)
                                .order_by(documents.c.seq).offset(500).limit(1))
                    for lang in ("fa", "ar", "en")]
        dup = conn.scalar(select(duplicates.c.dup_of).order_by(duplicates.c.dup_of).limit(1))
        last = conn.scalar(select(documents.c.id).order_by(documents.c.seq.desc()).limit(1))
    engine.dispose()
    return [d for d in dict.fromkeys([*busiest, *per_lang, dup, last]) if d]


def request_set(doc_ids: list[str]) -> list[tuple[str, str]]:
    """``(page, path)`` pairs: every page with and without its usual filters, pagination
    deep into the lists, and each page's JSON twin."""
    q = quote
    pages: list[tuple[str, str]] = [
        ("timeline", "/timeline"),
        ("timeline", "/timeline?type=CONSULT,MEDIATE&since=2022"),
        ("timeline", "/timeline?lang=fa&mode=indirect&channel=OMN"),
        ("timeline", "/timeline?third=RUS,CHN&actor=araghchi"),
        ("timeline", "/timeline?offset=5000"),
        ("timeline", "/timeline?a=IRN&b=ISR&offset=200"),
        ("events", "/events"),
        ("events", "/events?offset=20000"),
        ("events", "/events?type=THREATEN&source=IRN"),
        ("events", "/events?between=IRN,USA&since=2024-01&until=2024-12"),
        ("events", "/events?party=QAT&mode=indirect"),
        ("events", "/events?channel=none&lang=ar&offset=1000"),
        ("events", "/events?actor=rubio&medium=phone"),
        ("channels", "/channels"),
        ("channels", "/channels?party=IRN&since=2023"),
        ("channels", "/channels?lang=ar&until=2020"),
        ("stance", "/stance"),
        ("stance", "/stance?by=actor&top=20"),
        ("stance", "/stance?source=IRN,USA&target=USA&since=2020&lang=fa"),
        ("quotes", "/quotes"),
        ("quotes", "/quotes?offset=20000"),
        ("quotes", "/quotes?lang=fa&speaker=araghchi"),
        ("quotes", f"/quotes?q={q('مذاکره')}"),
        ("quotes", f"/quotes?q={q('sanctions')}&lang=en&offset=100"),
        ("search", f"/search?q={q('مذاکره')}"),
        ("search", f"/search?q={q('مفاوضات')}&lang=ar&offset=40"),
        ("search", f"/search?q={q('Muscat talks')}"),
        ("search", f"/search?q={q('«برنامه هسته‌ای»')}&offset=100"),
        *(("document", f"/documents/{d}") for d in doc_ids),
    ]
    out: list[tuple[str, str]] = []
    for page, path in pages:
        base, _, query = path.partition("?")
        out.append((page, path))
        out.append((page + ".json", f"{base}.json" + (f"?{query}" if query else "")))
    # the API reference and the document it is drawn from
    return [*out, ("api", "/api"), ("api.json", "/openapi.json")]


# -- the server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, port: int) -> None:
    """Run the dashboard (in the child process)."""
    import uvicorn

    from qasid.web import app_for

    uvicorn.run(app_for(url), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


def cpu_ms(pid: int) -> float | None:
    """CPU time (user + system, all threads) the process ``pid`` has used, in ms; ``None``
    where ``/proc`` is not available."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def server(url: str) -> Iterator[tuple[str, int]]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--serve", url, "--port", str(port)],
                            cwd=HERE.parent)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/static/favicon.svg", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the dashboard did not start")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure(base: str, pid: int, requests: list[tuple[str, str]],
            repeat: int) -> dict[str, Any]:
    """Time every request ``repeat`` times (after one warm-up round), rounds interleaved.

    Besides wall-clock latency, the server's own CPU time per request is recorded: on a
    machine shared with other jobs the wall clock includes waiting for the core, the CPU
    time does not (it is summed over the repeats, so the clock tick's coarseness averages
    out)."""
    import httpx

    times: dict[str, list[float]] = {path: [] for _, path in requests}
    cpu: dict[str, float] = dict.fromkeys(times, 0.0)
    sizes: dict[str, int] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for round_ in range(repeat + 1):  # round 0 warms up (templates, registry, caches)
            for _, path in requests:
                c0 = cpu_ms(pid)
                t0 = time.perf_counter()
                r = client.get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                c1 = cpu_ms(pid)
                if r.status_code != 200:
                    raise SystemExit(f"GET {path} answered {r.status_code}: {r.text[:300]}")
                if round_:
                    times[path].append(elapsed)
                    if c0 is not None and c1 is not None:
                        cpu[path] += c1 - c0
                sizes[path] = len(r.content)
    return {path: {"p50": percentile(t, 50), "p95": percentile(t, 95), "max": max(t),
                   "cpu": cpu[path] / repeat, "bytes": sizes[path]}
            for path, t in times.items()}


# -- main --------------------------------------------------------------------------------------


@contextlib.contextmanager
def store_url(args: argparse.Namespace) -> Iterator[str]:
    """The store to measure: a SQLite file, or a schema of the PostgreSQL database."""
    if args.db and args.db.startswith("postgres"):
        import psycopg
        from psycopg import sql
        from sqlalchemy.engine import make_url

        libpq = args.db.replace("postgresql+psycopg://", "postgresql://", 1)
        ident = sql.Identifier(args.schema)
        with psycopg.connect(libpq, autocommit=True) as conn:
            if not args.reuse:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(ident))
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(ident))
        url = make_url(args.db).update_query_dict({"options": f"-csearch_path={args.schema}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            if not args.keep:
                with psycopg.connect(libpq, autocommit=True) as conn:
                    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(ident))
        return
    path = Path(args.db).resolve() if args.db else \
        Path(tempfile.mkdtemp(prefix="qasid-web-")) / "web.db"
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        yield f"sqlite:///{path}"
    finally:
        if not args.db:
            shutil.rmtree(path.parent, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=50_000, help="events in the store")
    ap.add_argument("--db", help="SQLite path or postgresql:// URL (default: a temporary "
                                 "SQLite file)")
    ap.add_argument("--schema", default="qasid_bench_web", help="PostgreSQL schema to use")
    ap.add_argument("--keep", action="store_true",
                    help="PostgreSQL: keep the schema for a later --reuse (a SQLite --db file "
                         "is always kept)")
    ap.add_argument("--reuse", action="store_true",
                    help="measure the existing store at --db instead of rebuilding it")
    ap.add_argument("--repeat", type=int, default=20, help="timed requests per URL")
    ap.add_argument("--budget", type=float, default=300.0, help="p95 budget in ms")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    if args.reuse and not args.db:
        raise SystemExit("--reuse needs --db (the store to measure again)")
    with store_url(args) as url:
        have = count_events(url) if args.reuse else 0
        if have >= args.events:
            print(f"reusing the store: {have} events")
        else:
            if have:
                raise SystemExit(f"the store holds {have} events, fewer than --events; "
                                 "run without --reuse to rebuild it")
            print(f"building a store of {args.events} events …", file=sys.stderr)
            built = build_store(url, args.events)
            print(f"built {built['documents']} documents with {built['events']} events in "
                  f"{built['seconds']} s")
        settle(url)
        requests = request_set(sample_documents(url))
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        with server(url) as (base, pid):
            results = measure(base, pid, requests, args.repeat)
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"\n{backend}, {args.repeat} timed requests per URL, CPUs {cpus} "
          f"(server and client), times in ms")
    shown = {path: unquote(path) for _, path in requests}
    width = max(len(p) for p in shown.values()) + 2
    print(f"{'URL':<{width}}{'p50':>8}{'p95':>8}{'max':>8}{'cpu':>8}{'KB':>8}")
    for _, path in requests:
        r = results[path]
        flag = "  over budget" if r["p95"] >= args.budget else ""
        print(f"{shown[path]:<{width}}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['max']:>8.1f}"
              f"{r['cpu']:>8.1f}{r['bytes'] / 1024:>8.0f}{flag}")
    print("(cpu: the server's CPU time per request, mean over the timed requests)")
    print(f"\n{'page':<16}{'URLs':>6}{'median p50':>12}{'worst p50':>11}{'worst p95':>11}"
          f"{'worst cpu':>11}")
    by_page: dict[str, list[str]] = {}
    for page, path in requests:
        by_page.setdefault(page, []).append(path)
    for page, paths in by_page.items():
        p50s = sorted(results[p]["p50"] for p in paths)
        print(f"{page:<16}{len(paths):>6}{p50s[len(p50s) // 2]:>12.1f}{p50s[-1]:>11.1f}"
              f"{max(results[p]['p95'] for p in paths):>11.1f}"
              f"{max(results[p]['cpu'] for p in paths):>11.1f}")
    worst = max(r["p95"] for r in results.values())
    print(f"\nworst p95: {worst:.1f} ms ({'within' if worst < args.budget else 'over'} "
          f"the {args.budget:.0f} ms budget)")
    if args.json:
        args.json.write_text(json.dumps({"backend": backend, "repeat": args.repeat,
                                         "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
