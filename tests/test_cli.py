"""The CLI end to end: the main job on the seeds, bad input, re-runs, exit codes, messages."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qasid.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
GOLD = ROOT / "examples" / "gold" / "seeds.jsonl"

runner = CliRunner()


def run(*args: str, input: bytes | str | None = None) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args), input=input)
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


def test_main_job_on_the_seeds(db: str) -> None:
    code, _, err = run("ingest", str(SEEDS), "--db", db)
    assert code == 0
    assert "ingest summary" in err
    # read, new, updated, unchanged, duplicate, failed
    assert "│    5 │   5 │       0 │         0 │         0 │      0 │" in err

    code, out, _ = run("stats", "--db", db, "--format", "json")
    st = json.loads(out)
    assert st["documents"] == 5
    assert st["by_lang"] == {"ar": 1, "fa": 4}

    code, out, _ = run("eval", str(GOLD), "--db", db, "--format", "json")
    fields = {f["field"]: f for f in json.loads(out)["fields"]}
    assert fields["lang"]["score"] == 1.0
    assert fields["published"]["score"] == 1.0
    assert fields["body.content_kept"]["score"] >= 0.95
    assert fields["body.noise_removed"]["score"] >= 0.90


def test_reingest_adds_nothing(db: str) -> None:
    run("ingest", str(SEEDS), "--db", db)
    code, _, err = run("ingest", str(SEEDS), "--db", db)
    assert code == 0
    assert "│    5 │   0 │       0 │         5 │         0 │      0 │" in err


def test_search_show_export_docs(db: str) -> None:
    run("ingest", str(SEEDS), "--db", db)
    code, out, _ = run("search", "مفاوضات", "--db", db, "--format", "json")
    hits = json.loads(out)
    assert [h["doc"] for h in hits] == ["003_b5d89d51efa27d4e.txt"]
    snip = hits[0]["snippets"][0]
    a, b = snip["highlights"][0]
    assert "مفاوض" in snip["text"][a:b]

    code, out, _ = run("search", "گفت‌وگو", "--db", db, "--format", "json")
    assert {h["doc"] for h in json.loads(out)} >= {"000_6e7595907d6b6f7a.txt",
                                                    "002_ca22d49b7a009fcd.txt"}

    code, out, _ = run("show", "001_c489b840f046fcbc.txt", "--db", db, "--noise")
    assert code == 0 and "2024-05-12" in out and "[tail-marker] ارسال به دوستان" in out

    code, out, _ = run("export", "--db", db, "--format", "jsonl")
    recs = [json.loads(x) for x in out.splitlines()]
    assert [r["doc"] for r in recs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for r in recs:
        assert set(r) >= {"doc", "lang", "published", "body", "actors", "countries", "quotes",
                          "events"}
        text = (SEEDS / r["doc"]).read_text(encoding="utf-8")
        assert all(0 <= s < e <= len(text) for s, e in r["body"])

    code, out, _ = run("export", "--db", db, "--format", "csv")
    assert out.splitlines()[0].startswith("doc,id,lang,published")
    assert len(out.strip().splitlines()) == 6

    code, out, _ = run("docs", "--db", db, "--lang", "ar", "--format", "json")
    assert [d["doc"] for d in json.loads(out)] == ["003_b5d89d51efa27d4e.txt"]


def test_bad_inputs_get_reasons_and_never_a_traceback(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (bad / "empty.txt").write_bytes(b"")
    lines = "".join(json.dumps({"id": f"r{i}", "text": f"خبر شماره {i} " * 40}) + "\n"
                    for i in range(300)).encode()
    packed = gzip.compress(lines)
    (bad / "truncated.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (bad / "broken.html").write_text("<html><body><div><p>نیمه‌کاره <b>بدون بستن",
                                     encoding="utf-8")
    (bad / "big.txt").write_text("کلمه " * 5000, encoding="utf-8")
    shutil.copy(SEEDS / "000_6e7595907d6b6f7a.txt", bad / "good.txt")
    code, _, err = run("ingest", str(bad), "--db", db, "--max-bytes", "20000")
    assert code == 0  # something was stored
    assert "Traceback" not in err
    for reason in ("binary", "empty", "gzip", "larger than"):
        assert reason in err.lower(), reason
    code, out, _ = run("db", "rejects", "--db", db, "--format", "json")
    names = {r["name"] for r in json.loads(out)}
    assert {"binary.txt", "empty.txt", "big.txt"} <= names
    # --strict turns any failure into exit 1; the good document stays stored
    code, _, _ = run("ingest", str(bad), "--db", db, "--max-bytes", "20000", "--strict")
    assert code == 1
    code, out, _ = run("stats", "--db", db, "--format", "json")
    assert json.loads(out)["documents"] >= 1


def test_nothing_ingested_exits_1(db: str, tmp_path: Path) -> None:
    code, _, err = run("ingest", str(tmp_path / "missing.txt"), "--db", db)
    assert code == 1
    assert "Traceback" not in err and "missing.txt" in err


def test_unreachable_url_is_a_reason(db: str) -> None:
    code, _, err = run("ingest", "http://127.0.0.1:9/none.html", "--db", db, "--timeout", "2")
    assert code == 1
    assert "unreachable" in err.lower() or "refused" in err.lower()


def test_store_errors_are_one_line(tmp_path: Path) -> None:
    code, _, err = run("stats", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 1
    assert err.startswith("error: E3") and "Traceback" not in err
    code, _, err = run("stats", "--db", str(tmp_path / "no" / "such" / "dir" / "x.db"))
    assert code == 1 and "error:" in err


def test_user_errors_are_clear(db: str) -> None:
    run("ingest", str(SEEDS), "--db", db)
    code, _, err = run("show", "nothing-like-this", "--db", db)
    assert code == 1 and "no document matches" in err
    code, _, err = run("search", '"unbalanced', "--db", db)
    assert code == 1 and "error:" in err
    code, _, err = run("eval", "/nonexistent/gold.jsonl", "--db", db)
    assert code == 1 and "cannot read gold file" in err
    code, _, _ = run("export", "--db", db, "--format", "xml")
    assert code == 2  # usage error


def test_stdin_source(db: str) -> None:
    text = (SEEDS / "003_b5d89d51efa27d4e.txt").read_bytes()
    code, _, _ = run("ingest", "-", "--db", db, input=text)
    assert code == 0
    code, out, _ = run("docs", "--db", db, "--format", "json")
    assert json.loads(out)[0]["lang"] == "ar"


def test_interrupted_ingest_keeps_committed_documents_and_rerun_completes(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qasid import pipeline
    from qasid.corpus import Corpus

    real = pipeline.run_document
    calls = {"n": 0}

    def dying(raw, settings):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(raw, settings)

    monkeypatch.setattr("qasid.corpus.run_document", dying)
    code, _, err = run("ingest", str(SEEDS), "--db", db)
    assert code == 130 and "interrupted" in err
    monkeypatch.setattr("qasid.corpus.run_document", real)
    with Corpus.open(db) as corpus:
        assert corpus.store.count() == 2
    code, _, err = run("ingest", str(SEEDS), "--db", db)
    assert "│    5 │   3 │       0 │         2 │         0 │      0 │" in err


def test_exact_duplicate_is_linked_not_dropped(db: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    original = (SEEDS / "002_ca22d49b7a009fcd.txt").read_text(encoding="utf-8")
    # the same article re-scraped: Arabic letter forms and an extra menu line
    (copy / "rescraped.txt").write_text("صفحه اصلی\n" + original.replace("ی", "ي"),
                                        encoding="utf-8")
    run("ingest", str(SEEDS), "--db", db)
    _, _, err = run("ingest", str(copy), "--db", db)
    assert "│    1 │   1 │       0 │         0 │         1 │      0 │" in err
    _, out, _ = run("show", "rescraped.txt", "--db", db, "--format", "json")
    links = json.loads(out)["duplicates"]
    assert links and links[0]["kind"] == "exact"


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("qasid ")
    code, out, _ = run("ingest", "--help")
    assert "Example:" in out


@pytest.mark.postgres
def test_main_job_on_postgresql(pg_url: str) -> None:
    code, _, err = run("ingest", str(SEEDS), "--db", pg_url)
    assert code == 0, err
    code, out, _ = run("search", "مذاکره", "--db", pg_url, "--format", "json")
    docs = {h["doc"] for h in json.loads(out)}
    assert "000_6e7595907d6b6f7a.txt" in docs and "001_c489b840f046fcbc.txt" in docs
    code, out, _ = run("eval", str(GOLD), "--db", pg_url, "--format", "json")
    fields = {f["field"]: f for f in json.loads(out)["fields"]}
    assert fields["published"]["score"] == 1.0


def test_extraction_surfaces(db: str) -> None:
    run("ingest", str(SEEDS), "--db", db)
    _, out, _ = run("actors", "--db", db, "--kind", "person", "--format", "json")
    names = {r["name"] for r in json.loads(out)}
    assert {"Ali Khamenei", "Abbas Araghchi", "Marco Rubio"} <= names

    _, out, _ = run("quotes", "--db", db, "--speaker", "rubio", "--format", "json")
    quotes = json.loads(out)
    assert quotes and all(q["speaker"] == "Marco Rubio" for q in quotes)
    assert any(q["lang"] == "en" for q in quotes)  # the embedded tweet

    _, out, _ = run("events", "--db", db, "--type", "CONSULT", "--via", "CHE",
                       "--format", "json")
    evs = json.loads(out)
    assert evs and all(e["type"] == "CONSULT" and e["via"] == "CHE" for e in evs)

    _, out, _ = run("events", "--db", db, "--source", "irn", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0].startswith("day,type,source,target") and len(lines) > 3

    _, out, _ = run("timeline", "--between", "IRN", "USA", "--db", db, "--format", "json")
    tl = json.loads(out)
    assert tl and all({e["source"], e.get("target")} <= {"IRN", "USA", None}
                      or e["type"] == "MEDIATE" for e in tl)
    days = [e["day"] for e in tl if e["day"]]
    assert days == sorted(days)

    _, out, _ = run("export", "--db", db)
    rec = json.loads(out.splitlines()[0])
    assert rec["actors"] and rec["quotes"] and rec["events"]
    q = rec["quotes"][0]
    text = (SEEDS / rec["doc"]).read_text(encoding="utf-8")
    assert text[q["start"] : q["end"]] == q["text"]

    _, out, _ = run("eval", str(GOLD), "--db", db, "--format", "json")
    fields = {f["field"]: f for f in json.loads(out)["fields"]}
    assert fields["actors"]["f1"] >= 0.9
    assert fields["quotes"]["f1"] >= 0.9
    assert fields["events"]["f1"] >= 0.8


def test_extract_reruns_without_reingesting(db: str) -> None:
    run("ingest", str(SEEDS), "--db", db, "--no-extract")
    code, out, _ = run("events", "--db", db, "--format", "json")
    assert json.loads(out) == []
    code, _, err = run("extract", "--db", db)
    assert code == 0 and "extracted 5 documents" in err
    code, out, _ = run("events", "--db", db, "--format", "json")
    assert json.loads(out)


def test_python_api_returns_dataframes(db: str) -> None:
    from qasid import Corpus

    run("ingest", str(SEEDS), "--db", db)
    with Corpus.open(db) as corpus:
        df = corpus.events(as_frame=True, types=["REFUSE_TALKS"])
        assert list(df["type"].unique()) == ["REFUSE_TALKS"]
        assert len(corpus.quotes(lang="ar")) >= 3


def test_event_table_fits_a_narrow_terminal(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On 80 columns the type, parties, channel and date are shown whole; the columns that
    do not fit are named instead of being squeezed to nothing."""
    from rich.console import Console

    import qasid.cli

    assert run("ingest", "examples/seeds", "--db", db)[0] == 0
    monkeypatch.setattr(qasid.cli, "out", Console(width=80, highlight=False, soft_wrap=True))
    code, stdout, _ = run("events", "--db", db, "--type", "CONSULT")
    assert code == 0
    header = next(line for line in stdout.splitlines() if "type" in line and "source" in line)
    for col in ("day", "type", "source", "target", "via"):
        assert f" {col} " in header
    assert "IRN" in stdout and "USA" in stdout and "CHE" in stdout
    assert "not shown at this width: cameo" in stdout
    assert max(len(line) for line in stdout.splitlines() if line.startswith(("┃", "│"))) <= 80
