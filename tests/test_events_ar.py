"""Arabic event triggers: the expression families added for recall beyond the first corpus.

Sentences written for these tests (not taken from any corpus). Each case uses a wording that
the lexicon did not cover before: a synonym (ندد، استهجن، أنكر، ناشد), an inflection (the
و-prefixed verb that opens a news sentence, an object pronoun on the verb, a participle, a
first-person form), a future or subjunctive meeting, a noun phrase that starts after the
subject of a verb-first sentence, or a cue fix (privative غير + adjective is not a negation).
Expectations are FORMAT.md keys.
"""

from __future__ import annotations

import pytest

from extraction_support import event_keys, extract


def _extract(text: str, published: str | None = "2025-05-10") -> dict:
    return extract(text, "ar", published)


def _key(typ: str, source: str | None, other: object) -> tuple:
    """FORMAT.md scoring keys: a CONSULT is an unordered pair."""
    if typ == "CONSULT":
        return (typ, *sorted((str(source), str(other))))
    return (typ, source, other)


def _keys(text: str) -> set[tuple]:
    return event_keys(_extract(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # DENY: object-pronoun forms (تنفيها), أنكر, "described it as void"
        ("وأكد المتحدث باسم الخارجية الإيرانية أن طهران تلقت اتهامات أميركية جديدة تنفيها "
         "جملة وتفصيلا.", ("DENY", "IRN", "USA")),
        ("وأنكرت طهران ما أوردته وسائل إعلام أميركية عن اتصالات سرية.", ("DENY", "IRN", "USA")),
        ("ووصف البيت الأبيض، في بيان، ما أوردته وسائل إعلام إيرانية بأنه باطل.",
         ("DENY", "USA", "IRN")),
        ("ووصف عراقجي تصريحات ترامب بأنها باطلة.", ("DENY", "IRN", "USA")),
        # MEDIATE: imperfect تعرض + possessive وساطتها, good offices, hosting named after the
        # talks (مباحثات احتضنتها), carrying messages between delegations
        ("وتعرض الدوحة وساطتها لتجاوز الأزمة بين طهران وواشنطن.",
         ("MEDIATE", "QAT", ("IRN", "USA"))),
        ("وعرضت سلطنة عمان مساعيها الحميدة على إيران والولايات المتحدة.",
         ("MEDIATE", "OMN", ("IRN", "USA"))),
        ("وجاء الإعلان بعد مباحثات احتضنتها بكين بين السعودية وإيران.",
         ("MEDIATE", "CHN", ("IRN", "SAU"))),
        ("وينقل وزير الخارجية العماني رسائل بين الوفدين الإيراني والأميركي.",
         ("MEDIATE", "OMN", ("IRN", "USA"))),
        # REFUSE_TALKS: "no talk of negotiations", ruling out "any meeting", not up for
        # bargaining, freezing talks, "not on the table", the participle رافضة
        ('وقال المتحدث باسم الخارجية الإيرانية: "لا يمكن الحديث عن أي مفاوضات جديدة مع '
         'واشنطن".', ("REFUSE_TALKS", "IRN", "USA")),
        ("واستبعد الرئيس الإيراني أي لقاء مع نظيره الأميركي.", ("REFUSE_TALKS", "IRN", "USA")),
        ("وقال عراقجي إن حقوق إيران النووية غير قابلة للمساومة مع الولايات المتحدة.",
         ("REFUSE_TALKS", "IRN", "USA")),
        ("وجمدت إيران المحادثات الفنية مع الوكالة الدولية للطاقة الذرية.",
         ("REFUSE_TALKS", "IRN", "IAEA")),
        ("وأكد المرشد الإيراني أن التفاوض مع أمريكا غير مطروح.", ("REFUSE_TALKS", "IRN", "USA")),
        ("وقال بقائي إن طهران رافضة للتفاوض المباشر مع واشنطن.", ("REFUSE_TALKS", "IRN", "USA")),
        # APPEAL_TALKS: first-person call, a call for flexibility
        ('وقال بوريل: "أدعو إيران إلى إبداء المرونة في هذه المرحلة الحاسمة".',
         ("APPEAL_TALKS", "EU", "IRN")),
        # INTENT_TALKS: openness (انفتاح), wish for a deal, future meetings and talks, the door
        # still open; readiness for "indirect" talks is not negated by غير
        ("وأبدى الرئيس الأميركي انفتاحه على الحوار مع إيران.", ("INTENT_TALKS", "USA", "IRN")),
        ("وأعرب الرئيس الأميركي عن رغبته في التوصل إلى اتفاق مع إيران.",
         ("INTENT_TALKS", "USA", "IRN")),
        ("وقال عراقجي إن بلاده مستعدة لإجراء محادثات غير مباشرة مع الولايات المتحدة.",
         ("INTENT_TALKS", "IRN", "USA")),
        ("وقال عراقجي إنه سيعقد اجتماعا مع وزير الخارجية العماني الأسبوع المقبل.",
         ("INTENT_TALKS", "IRN", "OMN")),
        ("وقال ويتكوف إن الولايات المتحدة ستجري محادثات مع إيران يوم السبت.",
         ("INTENT_TALKS", "USA", "IRN")),
        ("وقال عراقجي إن باب الدبلوماسية مع واشنطن لا يزال مفتوحا.",
         ("INTENT_TALKS", "IRN", "USA")),
        # CONSULT: a call "to his counterpart" without هاتفيا, hosting (خلال استقباله), indirect
        # talks held (not negated by غير), briefing a counterpart, a round of dialogue, a call
        # (مكالمة), a proposal received from someone
        ("أجرى وزير الخارجية الإيراني عباس عراقجي اتصالا بنظيره العماني بدر البوسعيدي.",
         ("CONSULT", "IRN", "OMN")),
        ("وخلال استقباله وزير الخارجية القطري في طهران، قال الرئيس الإيراني إن بلاده تريد "
         "الاستقرار.", ("CONSULT", "IRN", "QAT")),
        ("أجرت إيران والولايات المتحدة جولة محادثات غير مباشرة في مسقط يوم السبت.",
         ("CONSULT", "IRN", "USA")),
        ("وأطلع عراقجي نظيره الصيني على نتائج الجولة الأخيرة.", ("CONSULT", "IRN", "CHN")),
        ("وجرت جولة الحوار الأولى بين إيران والسعودية في بغداد.", ("CONSULT", "IRN", "SAU")),
        ("وقال البيت الأبيض إن ترامب أجرى مكالمة مع أمير قطر.", ("CONSULT", "QAT", "USA")),
        ("وتسلم وزير الخارجية العماني من المبعوث الأميركي مقترحا جديدا.",
         ("CONSULT", "OMN", "USA")),
        # REJECT: will not back down, no legal basis (negated predicates)
        ("وقال عراقجي إن طهران لن تتراجع عن حقها في التخصيب رغم الضغوط الأميركية.",
         ("REJECT", "IRN", "USA")),
        ("ووصف بقائي القرار الأميركي بأنه لا يستند إلى أي أساس قانوني.", ("REJECT", "IRN", "USA")),
        # DEMAND: must + verb of compliance, "conditional upon", ناشد; "illegal sanctions" (غير
        # القانونية) does not negate the demand to lift them
        ("وقال عراقجي إن أي اتفاق يجب أن يضمن رفع العقوبات الأميركية.", ("DEMAND", "IRN", "USA")),
        ("وقال الجبير إن أي تقارب مع إيران مرهون بتغيير سلوكها في المنطقة.",
         ("DEMAND", "SAU", "IRN")),
        ("وناشد وزير الخارجية الأميركي، في بيان، طهران الإفراج عن المحتجزين.",
         ("DEMAND", "USA", "IRN")),
        ("وقال بقائي إن الأولوية هي رفع جميع العقوبات غير القانونية التي فرضتها الولايات "
         "المتحدة.", ("DEMAND", "IRN", "USA")),
        # THREATEN: first-person "will not hesitate", "the consequences of" (مغبة), on high
        # alert, pressing on with the sanctions mechanism, brandishing (لوحت) a response
        ('وقال ترامب: "لن أتردد في استخدام القوة ضد إيران".', ("THREATEN", "USA", "IRN")),
        ("وحذر قائد الحرس الثوري، في كلمة متلفزة، الولايات المتحدة من مغبة أي اعتداء.",
         ("THREATEN", "IRN", "USA")),
        ("وقال قائد الحرس الثوري إن قواتنا على أهبة الاستعداد للرد على إسرائيل.",
         ("THREATEN", "IRN", "ISR")),
        ("وقال دبلوماسي فرنسي إن باريس ستمضي في تفعيل آلية العقوبات ضد إيران.",
         ("THREATEN", "FRA", "IRN")),
        ("ولوحت طهران بالرد على أي اعتداء أميركي.", ("THREATEN", "IRN", "USA")),
        # ATTACK: a rocket salvo
        ("وأطلق حزب الله رشقة صاروخية على إسرائيل.", ("ATTACK", "LBN", "ISR")),
        # ACCUSE: ندد, doubting intentions, standing behind, sharp criticism, the participle
        # متهما, a full partner (of the aggressor), not an honest mediator, involvement
        ("ندد المتحدث باسم الخارجية الإيرانية بالعقوبات الأميركية الجديدة.",
         ("ACCUSE", "IRN", "USA")),
        ("وقال وزير الخارجية السعودي إن بلاده تشكك في جدية النوايا الإيرانية.",
         ("ACCUSE", "SAU", "IRN")),
        ("وقال المتحدث باسم البيت الأبيض إن إيران تقف وراء الهجمات على السفن.",
         ("ACCUSE", "USA", "IRN")),
        ("ووجه عراقجي انتقادات حادة إلى الإدارة الأميركية.", ("ACCUSE", "IRN", "USA")),
        ("وقال نتنياهو، متهما إيران بتهديد المنطقة، إن إسرائيل لن تسمح بذلك.",
         ("ACCUSE", "ISR", "IRN")),
        ("وقال لاريجاني إن واشنطن شريك كامل لإسرائيل.", ("ACCUSE", "IRN", "USA")),
        ("وقال عراقجي إن الولايات المتحدة ليست وسيطا نزيها.", ("ACCUSE", "IRN", "USA")),
        ("وأكد الجبير أن إيران متورطة في تأجيج التوتر في المنطقة.", ("ACCUSE", "SAU", "IRN")),
        # second family set: entering into talks, seeking to resume, no objection, agreeing to a
        # round, answering an invitation; talks held (جرت), taking part, holding "the" meeting;
        # "cannot accept", fabrication, a crushing response, "any attack", a stern warning, not
        # ruling out military action; bridging views, sponsoring talks, resorting to mediation;
        # giving priority to diplomacy; rejecting an invitation to talk, boycotting talks; an
        # attack named as an aggression (اعتداء) with its agent
        ("وأبدت طهران استعدادها للدخول في مفاوضات مع واشنطن.", ("INTENT_TALKS", "IRN", "USA")),
        ("وقال بقائي إن إيران تسعى إلى استئناف المحادثات مع الولايات المتحدة.",
         ("INTENT_TALKS", "IRN", "USA")),
        ("وقال عراقجي إن بلاده لا تمانع في إجراء محادثات مع الولايات المتحدة.",
         ("INTENT_TALKS", "IRN", "USA")),
        ("وقال بقائي إن إيران وافقت على عقد جولة جديدة من المحادثات مع الولايات المتحدة.",
         ("INTENT_TALKS", "IRN", "USA")),
        ("وقال عراقجي إنه لبى دعوة نظيره العماني لزيارة مسقط.", ("INTENT_TALKS", "IRN", "OMN")),
        ("وشارك وفد أميركي في المحادثات مع الوفد الإيراني في مسقط.", ("CONSULT", "IRN", "USA")),
        ("وعقد عراقجي الاجتماع مع أمير قطر في الدوحة.", ("CONSULT", "IRN", "QAT")),
        ("وقال عراقجي إنه لا يمكن القبول بالشروط الأميركية.", ("REJECT", "IRN", "USA")),
        ("ووصف بقائي الرواية الأميركية بأنها محض افتراء.", ("DENY", "IRN", "USA")),
        ("وقال قائد الحرس الثوري إن الرد الإيراني على أي هجوم أميركي سيكون ساحقا.",
         ("THREATEN", "IRN", "USA")),
        ("ووجه ترامب تحذيرا شديد اللهجة إلى إيران.", ("THREATEN", "USA", "IRN")),
        ("وقال ترامب إنه لم يستبعد عملا عسكريا ضد إيران.", ("THREATEN", "USA", "IRN")),
        ("وتسعى سلطنة عمان إلى تقريب وجهات النظر بين إيران والولايات المتحدة.",
         ("MEDIATE", "OMN", ("IRN", "USA"))),
        ("وترعى قطر المحادثات بين إيران والولايات المتحدة.", ("MEDIATE", "QAT", ("IRN", "USA"))),
        ("ولجأت إيران إلى وساطة سلطنة عمان لنقل رسائلها إلى واشنطن.",
         ("REQUEST_MEDIATION", "IRN", "OMN")),
        ("وقال وانغ يي إن الصين تدعو إلى تغليب الحلول الدبلوماسية في الملف النووي الإيراني.",
         ("APPEAL_TALKS", "CHN", "IRN")),
        ("ورفضت إيران الدعوة الأميركية للتفاوض المباشر.", ("REFUSE_TALKS", "IRN", "USA")),
        ("وقاطعت إيران المحادثات التي دعت إليها الولايات المتحدة.",
         ("REFUSE_TALKS", "IRN", "USA")),
        ("وقالت دمشق إن الاعتداء الإسرائيلي على مطار دمشق أخرجه عن الخدمة.",
         ("ATTACK", "ISR", "SYR")),
        ("وأدان عراقجي الاعتداء الإسرائيلي على القنصلية الإيرانية في دمشق.",
         ("ATTACK", "ISR", "IRN")),
    ],
)
def test_arabic_trigger_families(text: str, expected: tuple) -> None:
    assert _key(*expected) in _keys(text)


def test_privative_ghayr_does_not_turn_readiness_into_refusal() -> None:
    keys = _keys("وقال عراقجي إن بلاده مستعدة لإجراء محادثات غير مباشرة مع الولايات المتحدة.")
    assert ("REFUSE_TALKS", "IRN", "USA") not in keys


def test_diligent_efforts_are_not_an_appeal() -> None:
    # حثيثة ("diligent") starts like حث ("urged")
    keys = _keys("وتبذل قطر جهودا حثيثة لاستئناف المفاوضات بين إيران والولايات المتحدة.")
    assert not {k for k in keys if k[0] == "APPEAL_TALKS"}


def test_a_ruled_out_meeting_with_a_counterpart_is_not_a_meeting() -> None:
    keys = _keys("واستبعد المتحدث باسم الخارجية الإيرانية أي لقاء بين الرئيس الإيراني ونظيره "
                 "الأميركي على هامش اجتماعات الأمم المتحدة.")
    assert ("REFUSE_TALKS", "IRN", "USA") in keys
    assert not {k for k in keys if k[0] == "CONSULT"}


def test_condemning_an_attack_accuses_its_agent() -> None:
    # the condemner heads the sentence; the attack's agent is the accused
    keys = _keys("أدانت إيران بشدة الهجوم الإسرائيلي على سوريا.")
    assert ("ACCUSE", "IRN", "ISR") in keys
    assert ("ACCUSE", "ISR", "IRN") not in keys


def test_a_long_subject_between_verb_and_object_still_matches() -> None:
    # verb-first: the whole subject phrase sits inside the pattern's gap (meta.max_gap)
    keys = _keys("وحمّل وزير الخارجية العماني بدر البوسعيدي إسرائيل مسؤولية انهيار "
                 "المفاوضات.")
    assert ("ACCUSE", "OMN", "ISR") in keys


def test_the_subject_inside_a_verb_first_match_is_the_actor() -> None:
    # "وهدد نتنياهو بضرب …": the pattern runs over the subject; the one after it is the target
    keys = _keys("وهدد نتنياهو بضرب المنشآت النووية الإيرانية إذا فشلت المحادثات.")
    assert ("THREATEN", "ISR", "IRN") in keys
    assert ("THREATEN", "IRN", "ISR") not in keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the two delegations" stands for the article's two parties
        ("تستمر الأزمة بين إيران والولايات المتحدة.\nوعقد الوفدان جولة ثالثة من المحادثات في "
         "جنيف.", ("CONSULT", "IRN", "USA")),
        # proposals exchanged through a mediator are a contact
        ("وتبادل المفاوضون الإيرانيون والأمريكيون مقترحات جديدة عبر الوسطاء القطريين.",
         ("CONSULT", "IRN", "USA")),
        # an offer of talks turned down is a refusal of talks, not a generic rejection
        ("ورفض الرئيس الإيراني عرض واشنطن للتفاوض المباشر.", ("REFUSE_TALKS", "IRN", "USA")),
    ],
)
def test_arabic_contacts_and_refusals(text: str, expected: tuple) -> None:
    keys = _keys(text)
    assert expected in keys or (expected[0] == "CONSULT"
                                and (expected[0], expected[2], expected[1]) in keys)
