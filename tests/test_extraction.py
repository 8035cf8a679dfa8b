"""Quotes and events, rule by rule, on sentences written for these tests (fa/ar/en).

Each case names the rule it exercises; expectations are on FORMAT.md keys so that a change
in wording of the lexicons does not break them while a change in behaviour does.
"""

from __future__ import annotations

import pytest

from extraction_support import event_keys, extract


def _extract(text: str, lang: str, published: str | None = "2025-05-10") -> dict:
    return extract(text, lang, published)


def _keys(ex: dict) -> set[tuple]:
    return event_keys(ex, undirected_consult=False)


def _quotes(ex: dict) -> list[tuple[str, str]]:
    return [(q["speaker"], q["text"]) for q in ex["quotes"]]


# -- quotes --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "lang", "speaker", "quoted"),
    [
        ("عباس عراقچی گفت: «ما برای گفت‌وگوی منصفانه آماده‌ایم.»", "fa", "Abbas Araghchi",
         "ما برای گفت‌وگوی منصفانه آماده‌ایم."),
        ("«هیچ پیامی از واشنگتن دریافت نکرده‌ایم»؛ این را اسماعیل بقائی گفت.", "fa",
         "Esmaeil Baghaei", "هیچ پیامی از واشنگتن دریافت نکرده‌ایم"),
        ('وقال وزير الخارجية العماني بدر البوسعيدي: "المحادثات جرت في أجواء إيجابية وبناءة".',
         "ar", "Badr Albusaidi", "المحادثات جرت في أجواء إيجابية وبناءة"),
        ('"We are not seeking a war with Iran at all," Secretary of State Marco Rubio said.',
         "en", "Marco Rubio", "We are not seeking a war with Iran at all,"),
        ("Marco Rubio said: the talks will continue next week in Muscat.", "en", "Marco Rubio",
         "the talks will continue next week in Muscat."),
    ],
    ids=["fa-speaker-before", "fa-speaker-after", "ar-verb-first", "en-speaker-after",
         "en-colon-without-marks"],
)
def test_quote_attribution(text: str, lang: str, speaker: str, quoted: str) -> None:
    got = _quotes(_extract(text, lang))
    assert len(got) == 1
    assert got[0][0] == speaker
    assert got[0][1].strip(" ,.") == quoted.strip(" ,.")


def test_pronoun_refers_to_the_previous_sentences_subject() -> None:
    text = ("دونالد ترامپ روز یکشنبه در دیدار با خبرنگاران درباره ایران سخن گفت. "
            "او افزود: «ما ترجیح می‌دهیم با ایران توافق کنیم.»")
    assert _quotes(_extract(text, "fa"))[0][0] == "Donald Trump"


def test_arabic_dropped_subject_refers_back() -> None:
    text = ('وأعلن الرئيس الأمريكي دونالد ترامب يوم الأحد أن المحادثات مستمرة. '
            'وقال للصحفيين على متن الطائرة: "سنلتقي بهم قريبا جدا على الأرجح".')
    assert _quotes(_extract(text, "ar"))[0][0] == "Donald Trump"


def test_slogans_topics_and_scare_quotes_are_not_quotes() -> None:
    text = ("جمعیت شعار «مرگ بر آمریکا» سر داد و سخنگوی وزارت خارجه درباره «گفت‌وگوی "
            "غیرمستقیم ایران و آمریکا» توضیح داد که این روند «سازنده» بوده است.")
    assert _quotes(_extract(text, "fa")) == []


def test_interview_answers_belong_to_the_interviewee() -> None:
    text = ("کمال خرازی در مصاحبه با یک شبکه تلویزیونی به پرسش‌ها پاسخ داد.\n"
            "*آیا پیامی میان تهران و واشنگتن رد و بدل شده است؟\n"
            "بله، پیام‌هایی از طریق سفارت سوئیس رد و بدل شده است و این روند ادامه دارد.")
    got = _quotes(_extract(text, "fa"))
    assert got and got[-1][0] == "Kamal Kharazi"
    assert got[-1][1].startswith("بله")


def test_embedded_english_post_in_a_persian_article() -> None:
    text = ("مارکو روبیو درباره ایران سخن گفت.\n"
            "Secretary of State Marco Rubio on Iran:\n"
            "We are ready to meet with them anywhere, anytime. pic.twitter.com/abc123")
    got = _quotes(_extract(text, "fa"))
    assert ("Marco Rubio", "We are ready to meet with them anywhere, anytime.") in got


# -- events --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # negation turns readiness into refusal
        ("عباس عراقچی گفت ایران با آمریکا مذاکره نخواهد کرد.", "fa",
         ("REFUSE_TALKS", "IRN", "USA")),
        ('قال وزير الخارجية الإيراني عباس عراقجي إن طهران "لن تتفاوض" مع واشنطن تحت الضغط.',
         "ar", ("REFUSE_TALKS", "IRN", "USA")),
        ("Iran will not negotiate with the United States under pressure, Araghchi said.",
         "en", ("REFUSE_TALKS", "IRN", "USA")),
        # a claim: the clause subject acts, the speaker claims it
        ("Donald Trump claimed that Iran wants to negotiate a new deal with Washington.", "en",
         ("INTENT_TALKS", "IRN", "USA")),
        # a denial swallows the act it denies
        ("وزارت خارجه ایران هرگونه تبادل پیام با آمریکا را تکذیب کرد.", "fa",
         ("DENY", "IRN", "USA")),
        # speaker frame: the reporter accuses the clause subject
        ("رهبر جمهوری اسلامی گفت که آمریکا قابل اعتماد نیست.", "fa",
         ("ACCUSE", "IRN", "USA")),
        # coordinated sources and targets
        ("Oman and Qatar urged Tehran and Washington to return to the negotiating table.",
         "en", ("APPEAL_TALKS", "OMN", "IRN")),
    ],
    ids=["fa-negation", "ar-negation", "en-negation", "en-claim", "fa-deny",
         "fa-speaker-frame", "en-coordination"],
)
def test_event_keys(text: str, lang: str, expected: tuple) -> None:
    assert expected in _keys(_extract(text, lang))


def test_claimed_by_names_the_claimant() -> None:
    ex = _extract("Donald Trump claimed that Iran wants to negotiate a new deal with "
                  "Washington.", "en")
    ev = next(e for e in ex["events"] if e["type"] == "INTENT_TALKS")
    assert ev["claimed_by"] == "Donald Trump"


def test_channel_via_intermediary_is_indirect() -> None:
    ex = _extract("ایران و آمریکا از طریق سفارت سوئیس پیام‌هایی را مبادله کردند.", "fa")
    ev = next(e for e in ex["events"] if e["type"] == "CONSULT")
    assert {ev["source"], ev["target"]} == {"IRN", "USA"}
    assert ev["via"] == "CHE" and ev["mode"] == "indirect"


def test_third_country_venue_is_via_with_direct_mode() -> None:
    text = ("Secretary of State Marco Rubio held talks with Russian Foreign Minister "
            "Sergey Lavrov in Riyadh on 18 February 2025.")
    ex = _extract(text, "en")
    ev = next(e for e in ex["events"] if e["type"] == "CONSULT")
    assert {ev["source"], ev["target"]} == {"USA", "RUS"}
    assert ev["via"] == "SAU" and ev["mode"] == "direct"
    assert ev["date"] == "2025-02-18"


@pytest.mark.parametrize(
    ("text", "lang", "pair", "via"),
    [
        ("عباس عراقچی روز دوشنبه در هتل گراند وین با معاون وزیر خارجه روسیه دیدار کرد.", "fa",
         {"IRN", "RUS"}, "AUT"),
        ("التقى وزير الخارجية الإيراني نظيره الصيني في العاصمة القطرية الدوحة يوم الأحد.", "ar",
         {"IRN", "CHN"}, "QAT"),
        ("Iran's foreign minister met his Russian counterpart in the Turkish capital Ankara.",
         "en", {"IRN", "RUS"}, "TUR"),
    ],
    ids=["fa-hotel", "ar-adjective", "en-demonym"],
)
def test_venue_city_a_few_words_after_the_marker(text: str, lang: str, pair: set[str],
                                                 via: str) -> None:
    ev = next(e for e in _extract(text, lang)["events"] if e["type"] == "CONSULT")
    assert {ev["source"], ev["target"]} == pair
    assert ev["via"] == via and ev["mode"] == "direct"


def test_travel_destination_is_not_a_venue() -> None:
    # "به" (to) between the marker and the capital: the capital is where one travels, a party
    ex = _extract("وزیر خارجه عمان در سفر به تهران با عباس عراقچی دیدار کرد.", "fa")
    ev = next(e for e in ex["events"] if e["type"] == "CONSULT")
    assert ev.get("via") is None


def test_conditional_offer_becomes_a_demand_with_conditions() -> None:
    text = ("علی خامنه‌ای گفت: «اگر آمریکا حمایت خود از اسرائیل را کنار بگذارد، امکان بررسی "
            "همکاری با آمریکا وجود دارد.»")
    ex = _extract(text, "fa")
    demands = [e for e in ex["events"] if e["type"] == "DEMAND"]
    assert demands and demands[0]["source"] == "IRN" and demands[0]["target"] == "USA"
    assert demands[0]["conditions"][0].startswith("اگر آمریکا")


def test_questions_and_background_are_not_coded() -> None:
    assert _keys(_extract("آیا آمریکا از ایران خواسته است مذاکره کند؟", "fa")) == set()
    text = "Oman, which has previously mediated between Iran and the United States, said nothing."
    assert not any(k[0] == "MEDIATE" for k in _keys(_extract(text, "en")))


def test_relative_weekday_is_resolved_against_publication_date() -> None:
    text = "وزیر خارجه عمان روز یکشنبه با عباس عراقچی تلفنی گفت‌وگو کرد."
    ex = _extract(text, "fa", published="2025-05-14")  # a Wednesday
    ev = next(e for e in ex["events"] if e["type"] == "CONSULT")
    assert ev["date"] == "2025-05-11"
    assert ev["medium"] == "phone"


def test_every_event_and_quote_points_into_the_text() -> None:
    text = ("ترامپ گفت: «ایرانی‌ها خواهان توافق هستند.» "
            "عراقچی در پاسخ گفت ایران تحت فشار مذاکره نخواهد کرد.")
    ex = _extract(text, "fa")
    for q in ex["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    for e in ex["events"]:
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert e["text"] == text[e["start"] : e["end"]]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("وزیر خارجه قطر درباره حمله به رهبران حماس در دوحه با عباس عراقچی گفت‌وگو کرد.", "fa"),
        ("Qatar's prime minister discussed the attack on Hamas leaders with Araghchi.", "en"),
        ("Iran vowed to respond after the assassination of Ismail Haniyeh in Tehran.", "en"),
    ],
    ids=["fa-about", "en-discussed", "en-after"],
)
def test_an_attack_talked_about_is_not_the_speakers_attack(text: str, lang: str) -> None:
    attacks = [e for e in _extract(text, lang)["events"] if e["type"] == "ATTACK"]
    assert attacks == []


def test_an_attack_with_its_own_agent_after_a_topic_word_is_kept() -> None:
    ex = _extract("Oman and Iran discussed the Israeli strikes on Iran's nuclear sites.", "en")
    assert ("ATTACK", "ISR", "IRN") in _keys(ex)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("شیخ محمد بن عبدالرحمن آل ثانی پس از ترور اسماعیل هنیه با عراقچی تلفنی گفت‌وگو کرد.",
         "fa"),
        ("وتوعدت إيران بالرد على اغتيال إسماعيل هنية في طهران.", "ar"),
    ],
    ids=["fa-terror", "ar-ightiyal"],
)
def test_the_actor_after_an_assassination_noun_is_its_victim(text: str, lang: str) -> None:
    attacks = [e for e in _extract(text, lang)["events"] if e["type"] == "ATTACK"]
    assert attacks == []  # Hamas did not attack: its leader was killed, by someone unnamed


def test_an_assassination_with_a_stated_agent_targets_the_victim() -> None:
    ex = _extract("ترور اسماعیل هنیه توسط اسرائیل در تهران انجام شد.", "fa")
    assert ("ATTACK", "ISR", "PSE") in _keys(ex)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("“We were in the middle of negotiations when we were attacked by Israel,” Iranian "
         "President Masoud Pezeshkian said.", "en"),
        ("قال الرئيس الإيراني مسعود بزشكيان: \"لقد تعرضنا لهجوم من قبل إسرائيل بينما كنا نتفاوض\".",
         "ar"),
    ],
    ids=["en-passive", "ar-passive"],
)
def test_we_in_a_quote_is_the_speakers_country(text: str, lang: str) -> None:
    assert ("ATTACK", "ISR", "IRN") in _keys(_extract(text, lang))


@pytest.mark.parametrize(
    ("text", "lang", "pair"),
    [
        ("سرگئی لاوروف در ملاقات با عباس عراقچی در تهران درباره مذاکرات هسته‌ای گفت‌وگو کرد.",
         "fa", {"RUS", "IRN"}),
        ("أجرى وزير الخارجية القطري اتصالا هاتفيا بنظيره الإيراني عباس عراقجي، بحثا خلاله "
         "التطورات عقب الهجوم في طهران.", "ar", {"QAT", "IRN"}),
    ],
    ids=["fa-met-in-tehran", "ar-call-venue-later"],
)
def test_a_venue_in_the_targets_own_country_keeps_the_target(text: str, lang: str,
                                                             pair: set[str]) -> None:
    consults = [e for e in _extract(text, lang)["events"] if e["type"] == "CONSULT"]
    assert any({e["source"], e["target"]} == pair for e in consults)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("أكد وزير الخارجية الأمريكي أن واشنطن لا تزال منفتحة على الحوار مع إيران.", "ar",
         ("INTENT_TALKS", "USA", "IRN")),
        ("قال وزير الخارجية العماني إنه لا بد من العودة إلى طاولة المفاوضات بين إيران "
         "والولايات المتحدة.", "ar", ("APPEAL_TALKS", "OMN", "IRN")),
    ],
    ids=["ar-still", "ar-must"],
)
def test_fixed_phrases_with_a_negation_word_do_not_negate(text: str, lang: str,
                                                          expected: tuple) -> None:
    keys = _keys(_extract(text, lang))
    assert expected in keys
    assert not any(k[0] == "REFUSE_TALKS" for k in keys)


def test_a_denial_does_not_swallow_an_offer_across_but() -> None:
    text = ("وأكد بلينكن أن واشنطن لا تزال منفتحة على الدبلوماسية، لكنه أوضح أنه \"لا توجد "
            "حاليا أي مفاوضات\" مع طهران.")
    keys = _keys(_extract(text, "ar", "2023-09-19"))
    assert ("INTENT_TALKS", "USA", "IRN") in keys and ("DENY", "USA", "IRN") in keys


def test_verb_first_speaker_after_a_side_remark_naming_a_body() -> None:
    text = ("وفي إسطنبول، حيث يشارك في اجتماع منظمة التعاون الإسلامي، قال وزير الخارجية "
            "الإيراني عباس عراقجي إن الولايات المتحدة \"خانت الدبلوماسية\" وإن بلاده \"تحتفظ "
            "بكل الخيارات للدفاع عن سيادتها ومصالحها\".")
    ex = _extract(text, "ar", "2025-06-22")
    assert {q["speaker"] for q in ex["quotes"]} == {"Abbas Araghchi"}
    assert ("THREATEN", "IRN", "USA") in _keys(ex)


def test_all_parties_stands_for_the_two_principals() -> None:
    text = ("تصاعد التوتر بين إيران والولايات المتحدة بعد الضربات الأخيرة.\n"
            "وقال المتحدث باسم الكرملين دميتري بيسكوف إن على الجميع أن يعودوا إلى طاولة "
            "المفاوضات.")
    keys = _keys(_extract(text, "ar", "2025-06-22"))
    assert {("APPEAL_TALKS", "RUS", "IRN"), ("APPEAL_TALKS", "RUS", "USA")} <= keys
    assert not any(k[0] == "DEMAND" for k in keys)  # the "must" is the appeal itself


def test_a_dateline_capital_is_never_a_party() -> None:
    text = ("وین- ایسنا- دور پایانی مذاکرات هسته‌ای ایران و گروه ۱+۵ امروز در هتل کوبورگ "
            "برگزار شد.")
    ex = _extract(text, "fa", "2014-11-24")
    assert ex["events"], "the talks themselves are coded"
    assert all("AUT" not in (e.get("source"), e.get("target")) for e in ex["events"])


def test_a_speaker_is_not_the_agent_of_an_attack_they_only_name() -> None:
    text = "ناصر کنعانی افزود: «حمله به عراق و سوریه نقض آشکار حاکمیت این دو کشور است.»"
    attacks = [e for e in _extract(text, "fa", "2024-02-03")["events"] if e["type"] == "ATTACK"]
    assert all(e["source"] != "IRN" for e in attacks)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("وزیر امور خارجه عمان از تهران و واشنگتن خواست پیش از آنکه دیر شود برای کاهش تنش "
         "گفت‌وگو کنند.", "fa"),
        ("Oman's foreign minister asked Tehran and Washington to hold talks before it is too "
         "late.", "en"),
    ],
    ids=["fa-khast", "en-asked"],
)
def test_a_demand_to_talk_is_an_appeal(text: str, lang: str) -> None:
    keys = _keys(_extract(text, lang))
    assert {("APPEAL_TALKS", "OMN", "IRN"), ("APPEAL_TALKS", "OMN", "USA")} <= keys
    assert not any(k[0] == "DEMAND" for k in keys)


def test_the_two_neighbours_are_the_articles_two_main_states() -> None:
    text = ("قطعت السعودية علاقاتها مع إيران بعد اقتحام سفارتها في طهران.\n"
            "وحملت الرياض طهران مسؤولية الهجوم، فيما رفضت إيران الاتهامات السعودية.\n"
            "وأبدى رئيس الوزراء العراقي حيدر العبادي استعداد بلاده للتوسط بين البلدين الجارين.")
    ex = _extract(text, "ar", "2016-01-05")
    assert ("MEDIATE", "IRQ", ("IRN", "SAU")) in _keys(ex)


def test_a_target_marker_far_from_the_trigger_governs_something_else() -> None:
    text = ("وهدد وزير الدفاع الإسرائيلي يسرائيل كاتس طهران مباشرة، قائلا إن إيران مكشوفة أمام "
            "ضرباتنا، ومتهما إياها بإعادة تسليح حزب الله عبر الأراضي السورية.")
    keys = _keys(_extract(text, "ar", "2024-11-20"))
    assert ("THREATEN", "ISR", "IRN") in keys and ("THREATEN", "ISR", "LBN") not in keys


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("وأدان المتحدث باسم وزارة الخارجية الإيرانية ناصر كنعاني الهجمات على اليمن بشدة.", "ar"),
        ("ناصر کنعانی سخنگوی وزارت خارجه حملات علیه یمن را به شدت محکوم کرد.", "fa"),
    ],
    ids=["ar-adana", "fa-mahkum"],
)
def test_a_condemned_attack_is_not_the_condemners(text: str, lang: str) -> None:
    keys = _keys(_extract(text, lang, "2024-01-12"))
    assert not any(k[0] == "ATTACK" and k[1] == "IRN" for k in keys)


def test_several_states_heading_a_reporting_clause_are_each_a_source() -> None:
    text = ("The leaders of France, Germany and Britain said in a joint statement on Monday that "
            "Iran bore responsibility for the attack on Saudi oil facilities.")
    keys = _keys(_extract(text, "en", "2019-09-24"))
    assert {("ACCUSE", "FRA", "IRN"), ("ACCUSE", "DEU", "IRN"), ("ACCUSE", "GBR", "IRN")} <= keys


def test_a_multi_place_dateline_is_not_a_party() -> None:
    text = ("BAGHDAD/TEHRAN — Iran launched ballistic missiles early Wednesday at two bases "
            "housing U.S. troops.")
    ex = _extract(text, "en", "2020-01-08")
    assert all("IRQ" not in (e.get("source"), e.get("target")) for e in ex["events"])


def test_a_relative_clause_after_the_trigger_has_its_own_actors() -> None:
    text = ("عمان در سال ۲۰۲۵ میانجی پنج دور مذاکره غیرمستقیم میان ایران و آمریکا بود که با "
            "حمله اسرائیل به ایران در خرداد متوقف شد.")
    keys = _keys(_extract(text, "fa", "2026-01-20"))
    assert ("ATTACK", "ISR", "IRN") in keys
    assert not any(k[0] == "CONSULT" and "ISR" in k for k in keys)


def test_a_city_unknown_to_the_gazetteer_then_its_country_is_the_venue() -> None:
    text = ("پس از هشت روز گفت‌وگوی فشرده در شهر لوزان سوئیس، محمدجواد ظریف و فدریکا "
            "موگرینی بیانیه مشترک را قرائت کردند.")
    ev = next(e for e in _extract(text, "fa", "2015-04-03")["events"] if e["type"] == "CONSULT")
    assert {ev["source"], ev["target"]} == {"IRN", "EU"} and ev["via"] == "CHE"


def test_an_attack_without_an_agent_in_its_sentence_is_not_coded() -> None:
    text = ("وكتب بومبيو على تويتر: \"لا دليل على أن الهجمات على أرامكو جاءت من اليمن\".")
    assert not any(k[0] == "ATTACK" for k in _keys(_extract(text, "ar", "2019-09-15")))


def test_a_quote_opening_the_next_sentence_continues_the_speech() -> None:
    text = ('"The administration condemns these actions by Iran," Michael Flynn said. "As of '
            'today, we are officially putting Iran on notice."')
    got = _quotes(_extract(text, "en", "2017-02-02"))
    assert [s for s, _t in got] == ["Michael Flynn", "Michael Flynn"]
    assert got[1][1].startswith("As of today")


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("امروز در دیدار با رافائل گروسی، عباس عراقچی تصریح کرد: «ما بارها ثابت کرده‌ایم که به "
         "دنبال سلاح هسته‌ای نیستیم.»", "fa", "Abbas Araghchi"),
        ("وفي اتصال هاتفي مع نظيره العماني بدر البوسعيدي، قال وزير الخارجية الإيراني حسين أمير "
         "عبد اللهيان إن \"الحل العسكري لن يجلب الأمن للملاحة في البحر الأحمر\".", "ar",
         "Hossein Amir-Abdollahian"),
    ],
    ids=["fa-ba", "ar-maa"],
)
def test_the_object_of_a_preposition_does_not_speak(text: str, lang: str, speaker: str) -> None:
    assert [s for s, _t in _quotes(_extract(text, lang, "2024-01-14"))] == [speaker]


def test_a_verb_first_subject_next_to_its_object_is_not_a_list() -> None:
    text = "وطالب غروسي طهران بالسماح للمفتشين بالوصول إلى المنشأة في أقرب وقت ممكن."
    assert ("DEMAND", "IAEA", "IRN") in _keys(_extract(text, "ar", "2021-12-03"))



def test_a_negation_inside_a_following_condition_does_not_negate_the_threat() -> None:
    text = "Trump warned Iran of severe consequences if it did not agree to a deal."
    assert ("THREATEN", "USA", "IRN") in _keys(_extract(text, "en", "2025-03-08"))


def test_a_pronoun_subject_is_the_previous_sentences_actor_not_the_object() -> None:
    text = ("US President Joe Biden condemned the Iranian strikes.\n"
            "He later spoke by phone with Israeli Prime Minister Benjamin Netanyahu.")
    ex = _extract(text, "en", "2024-04-14")
    consults = [e for e in ex["events"] if e["type"] == "CONSULT"]
    assert [{e["source"], e["target"]} for e in consults] == [{"USA", "ISR"}]


def test_a_place_after_in_names_the_target_of_a_strike_not_a_venue() -> None:
    text = "شنت إسرائيل غارات جوية على مواقع في جنوب لبنان."
    assert ("ATTACK", "ISR", "LBN") in _keys(_extract(text, "ar", "2024-10-01"))


def test_the_contact_a_denial_is_about_is_not_coded_as_a_contact() -> None:
    text = "Iran's foreign ministry spokesman denied that Araghchi met Witkoff in Muscat."
    keys = _keys(_extract(text, "en", "2025-04-20"))
    assert ("DENY", "IRN", "USA") in keys
    assert not any(k[0] == "CONSULT" for k in keys)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("US Secretary of State Mike Pompeo accused Iran of launching an unprecedented attack "
         "on Saudi oil facilities.", "en"),
        ("اتهم وزير الخارجية الأميركي مايك بومبيو إيران بشن هجوم غير مسبوق على منشآت النفط "
         "السعودية.", "ar"),
        ("مایک پمپئو، وزیر خارجه آمریکا، ایران را به حمله به تأسیسات نفتی عربستان متهم کرد.",
         "fa"),
    ],
    ids=["en", "ar", "fa"],
)
def test_an_attack_charged_by_an_accusation_is_the_accuseds_as_claimed(text: str,
                                                                       lang: str) -> None:
    ex = _extract(text, lang, "2019-09-15")
    attack = next(e for e in ex["events"] if e["type"] == "ATTACK")
    assert (attack["source"], attack["target"]) == ("IRN", "SAU")
    assert attack["claimed_by"] == "Mike Pompeo"
    assert ("ACCUSE", "USA", "IRN") in _keys(ex)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Emirates blamed Iran for the drone attack on its fuel depot.", "en"),
        ("واتهمت الإمارات إيران بالوقوف وراء الهجوم على مستودعات الوقود التابعة لها.", "ar"),
        ("امارات ایران را به حمله پهپادی به انبار سوخت خود متهم کرد.", "fa"),
    ],
    ids=["en", "ar", "fa"],
)
def test_a_state_blaming_another_for_an_attack_on_itself(text: str, lang: str) -> None:
    # the accuser is a state (no named person), and the attack's only party is the accused
    ex = _extract(text, lang, "2022-01-18")
    attacks = [e for e in ex["events"] if e["type"] == "ATTACK"]
    assert [(e["source"], e["target"], e["claimed_by"]) for e in attacks] == [
        ("IRN", "ARE", "United Arab Emirates")]


@pytest.mark.parametrize(
    ("text", "lang", "speaker", "quoted"),
    [
        # a headline names the speaker by family name before the body names them in full
        ("ظریف: هفت ماه دیگر به مذاکره فرصت می‌دهیم\nمحمدجواد ظریف پس از نشست با خبرنگاران "
         "گفت‌وگو کرد.", "fa", "Mohammad Javad Zarif", "هفت ماه دیگر به مذاکره فرصت می‌دهیم"),
        ("Araghchi: the talks in Muscat were useful\nForeign Minister Abbas Araghchi spoke to "
         "reporters after the meeting.", "en", "Abbas Araghchi",
         "the talks in Muscat were useful"),
        # "adding:" between two quotations of one speaker
        ('Ali Larijani said the decision was "a strategic error," adding: "Europe will regret '
         'this step very soon."', "en", "Ali Larijani", "Europe will regret this step very soon."),
        # a speech verb between two quotations and no new speaker: the same one goes on
        ('وقال عراقجي إن المحادثات كانت "بناءة ومفيدة للغاية"، مضيفا أن الجولة المقبلة '
         '"ستكون حاسمة لمستقبل الاتفاق".', "ar", "Abbas Araghchi", "ستكون حاسمة لمستقبل الاتفاق"),
    ],
    ids=["fa-headline", "en-headline", "en-adding-colon", "ar-continuation"],
)
def test_quotes_headline_surnames_and_continuations(text: str, lang: str, speaker: str,
                                                    quoted: str) -> None:
    quotes = _extract(text, lang, "2025-05-10")["quotes"]
    assert (speaker, quoted) in [(q["speaker"], q["text"]) for q in quotes]
