"""A synthetic multilingual news corpus for benchmarks: varied, realistic-shaped, reproducible.

Articles are assembled from sentence templates in Persian, Arabic and English (written for this
benchmark) filled with actors, places and topics, wrapped in page chrome (menus, date lines,
share widgets, related-headline lists) and emitted both as plain text and as HTML pages, so the
content classifier, trafilatura, language id, dating and de-duplication all do real work. A
share of documents are near-copies of earlier ones so the duplicate links are exercised too.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

FA = {
    "actors": ["وزیر خارجه ایران", "سخنگوی وزارت خارجه", "رئیس‌جمهور آمریکا",
               "فرستاده ویژه آمریکا",
               "وزیر خارجه عمان", "نماینده قطر", "دبیرکل آژانس", "سخنگوی کاخ سفید"],
    "places": ["مسقط", "دوحه", "ژنو", "وین", "تهران", "واشنگتن", "نیویورک", "رم"],
    "topics": ["برنامه هسته‌ای", "تحریم‌ها", "تبادل زندانیان", "امنیت منطقه", "غنی‌سازی اورانیوم",
               "دارایی‌های مسدودشده"],
    "templates": [
        "{a} روز {d} در {p} اعلام کرد که ایران برای گفت‌وگو درباره {t} آماده است.",
        "به گزارش خبرنگار ما، {a} در دیدار با همتای خود در {p} درباره {t} گفت‌وگو کرد.",
        "{a} گفت: «ما هیچ عجله‌ای برای مذاکره درباره {t} نداریم و منافع ملی را در نظر می‌گیریم.»",
        "این دیدار در حالی انجام شد که گمانه‌زنی‌ها درباره از سرگیری مذاکرات غیرمستقیم در {p} "
        "افزایش یافته است.",
        "{a} تأکید کرد که پیام‌های رسیده از طریق سفارت سوئیس به دقت بررسی می‌شود.",
        "ناظران می‌گویند که نتیجه این گفت‌وگوها به موضع دو طرف درباره {t} بستگی دارد.",
    ],
    "days": ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "یکشنبه"],
    "chrome": ["صفحه اصلی", "سیاسی", "اقتصادی", "کد خبر: {n}", "تاریخ انتشار: {jd}"],
    "tail": ["ارسال به دوستان", "اخبار مرتبط"],
}
AR = {
    "actors": ["وزير الخارجية الإيراني", "المتحدث باسم الخارجية", "الرئيس الأمريكي",
               "المبعوث الأمريكي الخاص", "وزير الخارجية العماني", "رئيس الوزراء القطري"],
    "places": ["مسقط", "الدوحة", "جنيف", "فيينا", "طهران", "واشنطن"],
    "topics": ["البرنامج النووي", "العقوبات", "تبادل السجناء", "أمن المنطقة", "تخصيب اليورانيوم"],
    "templates": [
        "أعلن {a} يوم {d} في {p} أن بلاده مستعدة للتفاوض بشأن {t}.",
        "وقال {a} للصحفيين إن \"المحادثات حول {t} ما زالت في مراحلها الأولى\".",
        "وأضاف أن الاتصالات مع الجانب الآخر مستمرة عبر الوسطاء في {p}.",
        "وتأتي هذه التصريحات وسط تصاعد التوتر بين البلدين بشأن {t}.",
        "من جهته، أكد {a} أن بلاده لن تقبل أي شروط مسبقة للمفاوضات.",
    ],
    "days": ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس"],
    "chrome": ["الرئيسية", "سياسة", "اقتصاد", "آخر تحديث: {gd}"],
    "tail": ["التعليقات", "اقرأ أيضا"],
}
EN = {
    "actors": ["Iran's foreign minister", "the State Department spokesperson", "the US president",
               "the special envoy", "Oman's foreign minister", "Qatar's prime minister"],
    "places": ["Muscat", "Doha", "Geneva", "Vienna", "Tehran", "Washington"],
    "topics": ["the nuclear programme", "sanctions relief", "a prisoner swap",
               "regional security", "uranium enrichment"],
    "templates": [
        "{a} said on {d} in {p} that the country was ready to discuss {t}.",
        "Speaking to reporters, {a} said talks on {t} were \"at an early stage\".",
        "Contacts with the other side continue through mediators in {p}, officials said.",
        "The remarks come amid rising tension between the two countries over {t}.",
        "{a} insisted that there would be no preconditions for negotiations on {t}.",
    ],
    "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"],
    "chrome": ["Home", "World", "Politics", "Published: {gd}"],
    "tail": ["Share this article", "Related stories"],
}
LANGS = {"fa": FA, "ar": AR, "en": EN}


@dataclass(frozen=True)
class SyntheticDoc:
    name: str
    lang: str
    kind: str  # "text" or "html"
    content: str


def _paragraph(rng: random.Random, pool: dict[str, list[str]]) -> str:
    n = rng.randint(2, 4)
    return " ".join(
        rng.choice(pool["templates"]).format(
            a=rng.choice(pool["actors"]), p=rng.choice(pool["places"]),
            t=rng.choice(pool["topics"]), d=rng.choice(pool["days"]))
        for _ in range(n))


def _article(rng: random.Random, lang: str) -> tuple[str, list[str], list[str], list[str], str]:
    pool = LANGS[lang]
    title = rng.choice(pool["templates"]).format(
        a=rng.choice(pool["actors"]), p=rng.choice(pool["places"]),
        t=rng.choice(pool["topics"]), d=rng.choice(pool["days"])).rstrip(".")
    paras = [_paragraph(rng, pool) for _ in range(rng.randint(4, 9))]
    y, m, d = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
    chrome = [c.format(n=rng.randint(10000, 999999), jd=f"{d:02d}-{m:02d}-{y - 621}",
                       gd=f"{y}-{m:02d}-{d:02d}") for c in pool["chrome"]]
    related = [_paragraph(rng, pool).split(".")[0] for _ in range(3)]
    return title, paras, chrome, [*pool["tail"], *related], f"{y}-{m:02d}-{d:02d}"


def generate(n: int, seed: int = 7, dup_share: float = 0.05) -> Iterator[SyntheticDoc]:
    """``n`` documents, alternating text and HTML, ~60 % fa, 25 % ar, 15 % en."""
    rng = random.Random(seed)
    previous: list[tuple[str, list[str], list[str], list[str], str, str]] = []
    for i in range(n):
        if previous and rng.random() < dup_share:
            title, paras, chrome, tail, lang, date = rng.choice(previous)
            paras = [*paras[:-1], _paragraph(rng, LANGS[lang])]  # a near-copy
        else:
            lang = rng.choices(["fa", "ar", "en"], weights=[60, 25, 15])[0]
            title, paras, chrome, tail, date = _article(rng, lang)
            if len(previous) < 500:
                previous.append((title, paras, chrome, tail, lang, date))
        if i % 2 == 0:
            text = "\n".join([*chrome, "", title, "", *(p + "\n" for p in paras), *tail])
            yield SyntheticDoc(f"syn_{i:06d}.txt", lang, "text", text)
        else:
            rtl = lang in ("fa", "ar")
            body = "".join(f"<p>{p}</p>\n" for p in paras)
            nav = "".join(f"<li><a href='/s/{k}'>{c}</a></li>" for k, c in enumerate(chrome[:3]))
            rel = "".join(f"<li><a href='/r/{k}'>{c}</a></li>" for k, c in enumerate(tail))
            html = (
                f"<!DOCTYPE html><html lang='{lang}' dir='{'rtl' if rtl else 'ltr'}'><head>"
                f"<meta charset='utf-8'><title>{title}</title>"
                f"<meta property='article:published_time' content='{date}'>"
                f"</head><body><header><nav><ul>{nav}</ul></nav></header>"
                f"<main><article><h1>{title}</h1>{body}</article>"
                f"<aside><h3>{tail[0]}</h3><ul>{rel}</ul></aside></main>"
                f"<footer><p>© news site</p></footer></body></html>"
            )
            yield SyntheticDoc(f"syn_{i:06d}.html", lang, "html", html)
