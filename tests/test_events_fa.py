"""Persian event triggers: the expression families added for recall beyond the first corpus.

Sentences written for these tests (not taken from any corpus). Each case uses a wording that
the lexicon did not cover before: a synonym, an inflection, a light-verb or subjunctive form,
a spaced spelling or a bridge over a longer noun phrase. Expectations are FORMAT.md keys.
"""

from __future__ import annotations

import pytest

from extraction_support import event_keys, extract


def _extract(text: str, published: str | None = "2025-05-10") -> dict:
    return extract(text, "fa", published)


def _keys(text: str) -> set[tuple]:
    return event_keys(_extract(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # DENY: falsehood adjectives with دانست/توصیف کرد, rumours, negated receipt
        ("سخنگوی وزارت خارجه ایران روز سه‌شنبه گزارش‌های منتشرشده درباره دیدار محرمانه با "
         "مقام‌های آمریکایی را بی‌پایه دانست.", ("DENY", "IRN", "USA")),
        ("کاخ سفید روز جمعه خبرهای مربوط به ارسال پیام برای تهران را شایعه دانست.",
         ("DENY", "USA", "IRN")),
        ("بقائی گفت: «تاکنون هیچ پیامی از واشنگتن به دست ما نرسیده است.»",
         ("DENY", "IRN", "USA")),
        ("وزارت خارجه عراق روز شنبه ادعای آمریکا درباره هماهنگی قبلی را دروغ و گمراه‌کننده "
         "توصیف کرد.", ("DENY", "IRQ", "USA")),
        # REFUSE_TALKS: no ground left for talks; intent not held
        ("سخنگوی دولت ایران گفت با رفتار فعلی آمریکا هیچ زمینه‌ای برای مذاکره باقی نمانده است.",
         ("REFUSE_TALKS", "IRN", "USA")),
        ("عراقچی گفت ایران در شرایط کنونی قصد مذاکره مستقیم با آمریکا را ندارد.",
         ("REFUSE_TALKS", "IRN", "USA")),
        # INTENT_TALKS: readiness with a با bridge, ملاقات, اعلام آمادگی, not leaving the table
        ("ترامپ روز دوشنبه گفت حاضر است بدون هیچ پیش‌شرطی با رهبران ایران دیدار کند.",
         ("INTENT_TALKS", "USA", "IRN")),
        ("معاون رئیس‌جمهور آمریکا گفت واشنگتن برای گفت‌وگو با تهران اعلام آمادگی کرده است.",
         ("INTENT_TALKS", "USA", "IRN")),
        ("وزیر خارجه آمریکا گفت واشنگتن از میز مذاکره با ایران کنار نمی‌رود.",
         ("INTENT_TALKS", "USA", "IRN")),
        # APPEAL_TALKS: the invitation verb at the end
        ("رئیس‌جمهور روسیه روز چهارشنبه تهران و واشنگتن را به خویشتنداری و گفت‌وگو دعوت کرد.",
         ("APPEAL_TALKS", "RUS", "IRN")),
        # CONSULT: sat down to talk, indefinite phone call, spaced گفت و گو, arrival in a capital
        ("عراقچی روز یکشنبه در ژنو با وزیر خارجه فرانسه به گفت‌وگو نشست.",
         ("CONSULT", "FRA", "IRN")),
        ("وزیر خارجه ایران ظهر امروز در تماسی تلفنی با وزیر خارجه قطر، تحولات منطقه را "
         "بررسی کرد.",
         ("CONSULT", "IRN", "QAT")),
        ("لاوروف روز پنجشنبه با عراقچی دیدار و گفت و گو کرد.", ("CONSULT", "IRN", "RUS")),
        ("وزیر خارجه عمان صبح امروز در رأس هیئتی سیاسی وارد تهران شد.",
         ("CONSULT", "IRN", "OMN")),
        # MEDIATE: bringing positions closer; offering to mediate between the parties
        ("وزیر خارجه ترکیه گفت آنکارا برای نزدیک کردن مواضع تهران و واشنگتن تلاش می‌کند.",
         ("MEDIATE", "TUR", ("IRN", "USA"))),
        ("ژاپن پیشنهاد داد میان ایران و آمریکا وساطت کند.", ("MEDIATE", "JPN", ("IRN", "USA"))),
        # REQUEST_MEDIATION: asking to pass views on, or to use influence
        ("عراقچی از همتای عمانی خود خواست دیدگاه‌های ایران را به طرف آمریکایی منتقل کند.",
         ("REQUEST_MEDIATION", "IRN", "OMN")),
        ("ایران روز دوشنبه از روسیه و چین خواست از نفوذ خود برای کاهش تنش استفاده کنند.",
         ("REQUEST_MEDIATION", "IRN", "RUS")),
        # DEMAND: expectation, 'unless', subjunctive object forms
        ("سخنگوی وزارت خارجه آمریکا گفت واشنگتن از تهران انتظار دارد با بازرسان همکاری کند.",
         ("DEMAND", "USA", "IRN")),
        ("لاریجانی گفت: «با آمریکا مذاکره نمی‌کنیم، مگر آنکه تهدیدها متوقف شود.»",
         ("DEMAND", "IRN", "USA")),
        ("عراقچی تأکید کرد که آمریکا باید پیش از هر گفت‌وگویی تحریم‌ها را لغو کند.",
         ("DEMAND", "IRN", "USA")),
        # THREATEN: warnings, consequences, a military attack as the consequence
        ("فرمانده نیروی دریایی سپاه روز شنبه به آمریکا هشدار داد.", ("THREATEN", "IRN", "USA")),
        ("ترامپ گفت اگر ایران توافق نکند، با حمله نظامی روبه‌رو خواهد شد.",
         ("THREATEN", "USA", "IRN")),
        ("سخنگوی پنتاگون گفت ادامه این رفتار برای ایران پیامدهایی خواهد داشت.",
         ("THREATEN", "USA", "IRN")),
        ("فرمانده سپاه گفت هر حمله‌ای به خاک ایران پیامدهای سنگینی برای آمریکا خواهد داشت.",
         ("THREATEN", "IRN", "USA")),
        # ATTACK: shooting down, hits
        ("پدافند هوایی سپاه روز پنجشنبه یک پهپاد آمریکایی را بر فراز تنگه هرمز سرنگون کرد.",
         ("ATTACK", "IRN", "USA")),
        ("جنگنده‌های اسرائیلی روز جمعه چند پایگاه نظامی ایران را مورد اصابت قرار دادند.",
         ("ATTACK", "ISR", "IRN")),
        # claiming responsibility for an attack is the attack, not an accusation
        ("سپاه پاسداران روز سه‌شنبه مسئولیت حمله به پایگاه آمریکا را بر عهده گرفت.",
         ("ATTACK", "IRN", "USA")),
        # ACCUSE: strategic mistake, summons, responsibility lies with
        ("سخنگوی وزارت خارجه ایران حمله آمریکا به سوریه را خطای راهبردی خواند.",
         ("ACCUSE", "IRN", "USA")),
        ("وزارت خارجه ایران روز دوشنبه سفیر انگلیس را احضار کرد.", ("ACCUSE", "IRN", "GBR")),
        ("عراقچی گفت: «مسئولیت گسترش جنگ بر عهده آمریکا خواهد بود.»", ("ACCUSE", "IRN", "USA")),
        # INTENT_TALKS: resuming talks (spaced از سرگیری), the door of talks open, hoping for a deal
        ("سخنگوی دولت گفت ایران آماده از سرگیری روند دیپلماسی با آمریکا است.",
         ("INTENT_TALKS", "IRN", "USA")),
        ("رئیس‌جمهور ایران روز یکشنبه گفت باب مذاکره با آمریکا همچنان باز است.",
         ("INTENT_TALKS", "IRN", "USA")),
        ("ترامپ گفت امیدوار است به زودی با ایران به توافقی منصفانه برسد.",
         ("INTENT_TALKS", "USA", "IRN")),
        # REFUSE_TALKS: talks not accepted
        ("رهبر ایران گفت تهران مذاکره مستقیم با آمریکا را نمی‌پذیرد.",
         ("REFUSE_TALKS", "IRN", "USA")),
        # DEMAND: setting a condition
        ("عراقچی شرط گذاشت که واشنگتن پیش از هر دیداری به تعهدات گذشته خود عمل کند.",
         ("DEMAND", "IRN", "USA")),
        # THREATEN: the military option not ruled out; closing Hormuz
        ("ونس گفت واشنگتن گزینه نظامی را رد نکرده است و ایران باید این را بداند.",
         ("THREATEN", "USA", "IRN")),
        ("فرمانده سپاه گفت در صورت حمله آمریکا، تنگه هرمز را خواهیم بست.",
         ("THREATEN", "IRN", "USA")),
        # ACCUSE: breach of international law; MEDIATE: a facilitator's role
        ("وزیر خارجه ایران حمله آمریکا به یمن را نقض حقوق بین‌الملل دانست.",
         ("ACCUSE", "IRN", "USA")),
        ("سلطنت عمان نقش تسهیلگر را در گفت‌وگوهای ایران و آمریکا بر عهده دارد.",
         ("MEDIATE", "OMN", ("IRN", "USA"))),
        # INTENT_TALKS: 'I will meet with anyone'; MEDIATE: mediator of talks between the parties
        ("ترامپ گفت: «من با هر کسی از جمله رهبران ایران دیدار می‌کنم.»",
         ("INTENT_TALKS", "USA", "IRN")),
        ("قطر ماه گذشته میانجی چند دور گفت‌وگوی غیرمستقیم میان ایران و آمریکا بود.",
         ("MEDIATE", "QAT", ("IRN", "USA"))),
        # REJECT: will not give up
        ("وزیر خارجه ایران در پاسخ به شروط آمریکا گفت تهران از حق غنی‌سازی دست نمی‌کشد.",
         ("REJECT", "IRN", "USA")),
    ],
)
def test_new_persian_expressions(text: str, expected: tuple) -> None:
    assert expected in _keys(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # "current conditions" is not a demand's conditions
        ("عراقچی گفت ایران در شرایط کنونی قصد مذاکره با آمریکا را ندارد.",
         ("DEMAND", "IRN", "USA")),
        # a named claim's author is the denial's target, never the denier
        ("وزارت خارجه ایران ادعای ترامپ درباره تماس تهران را بی‌اساس خواند.",
         ("DENY", "USA", "IRN")),
        # a named request's author is not the one who rejects it
        ("ایران روز شنبه درخواست آمریکا را رد کرد.", ("REJECT", "USA", "IRN")),
        # offering to mediate is not asking for mediation
        ("ژاپن پیشنهاد داد میان ایران و آمریکا وساطت کند.",
         ("REQUEST_MEDIATION", "JPN", "IRN")),
        # the threatened attack is part of the threat
        ("ترامپ گفت اگر ایران توافق نکند، با حمله نظامی روبه‌رو خواهد شد.",
         ("ATTACK", "USA", "IRN")),
    ],
)
def test_persian_readings_that_must_not_be_coded(text: str, unexpected: tuple) -> None:
    assert unexpected not in _keys(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # readiness with the complement first (SOV: "برای گفت‌وگو … آماده است")
        ("سخنگوی کاخ سفید گفت دولت آمریکا برای مذاکره مستقیم با ایران آماده است.",
         ("INTENT_TALKS", "USA", "IRN")),
        ("وزیر خارجه ایران گفت تهران برای گفت‌وگو با اتحادیه اروپا حاضر است.",
         ("INTENT_TALKS", "IRN", "EU")),
        # the mediator of the talks, named in a relative clause
        ("وزیر خارجه قطر که میانجی مذاکرات است، گفت دور تازه به زودی برگزار می‌شود.",
         ("MEDIATE", "QAT", ("IRN", "USA"))),
        # a demand to resume talks (ZWNJ spelling of the complement) is an appeal
        ("دبیرکل سازمان ملل از ایران و آمریکا خواست گفت‌وگو را از سر بگیرند.",
         ("APPEAL_TALKS", "UN", "IRN")),
        # a comma after the subject does not make the object part of a list
        ("وزیر خارجه ایران، آمریکا را مسئول تنش‌های اخیر دانست.", ("ACCUSE", "IRN", "USA")),
        # the party whose message is carried (پیام ایران) is not the carrier
        ("وزیر خارجه قطر پیام آمریکا را به مقام‌های ایرانی رساند.",
         ("MEDIATE", "QAT", ("IRN", "USA"))),
        # a future continuation of talks is an intent; talks called unwise are refused
        ("سخنگوی دولت گفت تهران گفت‌وگوها با واشنگتن را ادامه خواهد داد.",
         ("INTENT_TALKS", "IRN", "USA")),
        ("رئیس مجلس ایران گفت‌وگو با آمریکا را در شرایط کنونی غیرعاقلانه خواند.",
         ("REFUSE_TALKS", "IRN", "USA")),
    ],
)
def test_persian_word_order_and_clause_structure(text: str, expected: tuple) -> None:
    assert expected in _keys(text)


def test_a_message_on_someones_behalf_names_the_sender_not_the_channel() -> None:
    # از سوی ('on behalf of') introduces the sender; از طریق the channel
    text = "بقائی گفت پیامی از سوی ترامپ از طریق عمان به تهران ارسال شده است."
    consults = [e for e in _extract(text)["events"] if e["type"] == "CONSULT"]
    assert consults
    assert {consults[0]["source"], consults[0]["target"]} == {"IRN", "USA"}
    assert consults[0].get("via") == "OMN"
