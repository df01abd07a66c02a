"""What a document does to other documents, read from its own words.

Legal texts state their effect on earlier texts in fixed formulas, mostly in
the title and the Điều khoản thi hành (final article):

- "Nghị định này … thay thế Nghị định số 29/2024/NĐ-CP …" -> replaces;
- "Bãi bỏ Thông tư số 55/2015/TT-BLĐTBXH …", "Thông tư số … hết hiệu lực kể từ
  ngày Thông tư này có hiệu lực" -> repeals;
- a title, a chapter or an article heading "Sửa đổi, bổ sung một số điều của Thông
  tư số …" -> amends (and "Bãi bỏ khoản 5." under it repeals a part of that
  document), as is replacing or removing phrases ("Bãi bỏ cụm từ “…” tại … của Luật
  số …"); "Quy định chi tiết / Hướng dẫn … Nghị định số …" in the title, the enacting
  formula or the scope article (Điều 1), whatever the named document's type -> guides;
  "Đính chính Nghị định số …" -> corrects;
- a consolidated text (VBHN) names the documents it merges above its preamble
  -> consolidates.

Everything else a text mentions is a citation. Formulas in the preamble
("Căn cứ Nghị định số 166/2025/NĐ-CP … về sửa đổi, bổ sung …") describe the cited
document, not this one, and passive forms ("được sửa đổi, bổ sung bởi …",
"được bãi bỏ theo …") say what another text did: both are read as citations only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vanban_core.analysis import find_numbers, key_of_canonical
from vanban_core.schema import Relation, RelationType

_CONSOLIDATED = "Văn bản hợp nhất"
# Sentence ends: ";" or a full stop before a capital; an article opening "Điều 3.".
_SENTENCE = re.compile(r";\s+|\.\s+(?=[A-ZĐÀ-Ỹ0-9])|:\s+(?=[a-zđ]\)|\d+\.)")
# A chapter's number, "Chương II", opens its heading ("Chương II. SỬA ĐỔI, BỔ SUNG MỘT SỐ
# ĐIỀU CỦA THÔNG TƯ SỐ …"), which then reads like an article heading.
_CHAPTER_NUMBER = r"Chương\s+(?:[IVXLCDM]+|\d+)\b"
_ARTICLE = re.compile(
    rf"^(?:{_CHAPTER_NUMBER}\s*[.:]?\s*|Điều\s+\d+\w?\s*[.:]\s*|\d+\.\s*|[a-zđ]\)\s*)+",
    re.IGNORECASE,
)
# The types a document is named by in a text ("Nghị định số …", "Thông tư số …").
_TYPE_WORDS = (
    r"(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|Quyết\s+định|Chỉ\s+thị)"
)
_PREAMBLE = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện|Trên cơ sở)\b", re.I)
_PASSIVE = r"(?:được|bị|đã được|đã bị|đã)\s+(?:\S+\s+){0,2}?"
_REPLACE = re.compile(r"(?<!văn bản )\bthay\s+thế(?:\s+cho)?\b", re.IGNORECASE)
_REPEAL = re.compile(r"\bbãi\s+bỏ\b", re.IGNORECASE)
_EXPIRE = re.compile(r"\bhết\s+hiệu\s+lực\b", re.IGNORECASE)
_AMEND = re.compile(r"\bsửa\s+đổi(?:,?\s*bổ\s+sung)?\b|\bbổ\s+sung\b", re.IGNORECASE)
_GUIDE = re.compile(
    r"\b(?:quy\s+định\s+chi\s+tiết|hướng\s+dẫn|quy\s+định\s+(?:một\s+số\s+)?biện\s+pháp\s+thi\s+hành)\b",
    re.IGNORECASE,
)
# "- Văn bản sửa đổi, bổ sung, thay thế, bãi bỏ một phần: …" labels a table column
# (a systematization report), and "Tham mưu ban hành Nghị định sửa đổi …" is a task.
# "Trường hợp văn bản dẫn chiếu … được thay thế thì …" is a condition.
_NOT_AN_ACT = re.compile(
    r"^(?:Trường\s+hợp|Khi|Nếu)\b|^[-–•+]?\s*(?:Các\s+)?văn\s+bản\s+(?:sửa|bổ|thay|bãi|hết|được|bị)|\b(?:tham\s+mưu|trình|đề\s+xuất|xây\s+dựng|nghiên\s+cứu|"
    r"dự\s+thảo|chuẩn\s+bị)\s+(?:việc\s+)?(?:ban\s+hành|sửa\s+đổi|thay\s+thế|bãi\s+bỏ)",
    re.IGNORECASE,
)
_CORRECT = re.compile(r"\bđính\s+chính\b", re.IGNORECASE)
_ENACTS = re.compile(r"\bban\s+hành\s+(?:\S+\s+){1,3}?(?=sửa\s+đổi|quy\s+định\s+chi|hướng|đính)")
# What "thay thế" replaces when it is a part of a document, not the document.
_PART_WORDS = re.compile(
    r"^\s*(?:các\s+|một\s+số\s+)?(?:Mẫu|mẫu|Phụ\s+lục|phụ\s+lục|Biểu|biểu|Điều|điều|khoản|"
    r"Khoản|điểm|Điểm|cụm\s+từ|Cụm\s+từ|từ|Từ|Chương|chương|Mục|mục|tên|Tên|quy\s+định)\b"
)
_SELF = re.compile(
    r"\b(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|Văn bản|"
    r"Thông tư liên tịch|Công văn|Hướng dẫn)\s+này\b",
    re.IGNORECASE,
)
_OPENS = re.compile(
    r"^(?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s|Điều\s+\d+\w?\s*[.:]|Chương\s|Mục\s|\d{1,3}[.)]\s|[a-zđ]\)\s|[-+•]\s)"
)
_AMENDMENT_NOTE = re.compile(
    r"(?:đã\s+)?được\s+sửa\s+đổi.*?(?:\(sau\s+đây[^)]*\)|(?=\s+và\s+(?:Nghị|Luật|Thông|Quyết|Pháp)"
    r"[^;]*\bhết\s+hiệu\s+lực|\s+hết\s+hiệu\s+lực)|$)",
    re.IGNORECASE,
)
_FORM_BEFORE = re.compile(r"\b(?:Mẫu|mẫu|Biểu|biểu|MẪU)\s*(?:số\s*)?:?\s*$")
# A standard's code, "QCVN 01-189:2019/BNNPTNT", "TCVN 7957:2023": its year after the ":"
# looks like a number's tail ("2019/BNNPTNT"), but the code names no document.
_CODE_BEFORE = re.compile(r"[\w.-]:$")


def _not_a_document(text: str, start: int) -> bool:
    """Whether the number found at ``start`` of ``text`` is a form's code ("Mẫu số 02/TNDN")
    or part of a standard's code ("QCVN 01-189:2019/BNNPTNT")."""
    before = text[max(0, start - 16) : start]
    return bool(_FORM_BEFORE.search(before) or _CODE_BEFORE.search(before))


_ANNEX = re.compile(r"\bkèm\s+theo\b")
_SOME = re.compile(r"^\s*(?:một\s+phần|một\s+số|toàn\s+bộ\s+(?:Điều|khoản|điểm))", re.I)
_UNTIL_REPLACED = re.compile(r"cho\s+đến\s+khi\s+có\s+văn\s+bản\s+thay\s+thế", re.IGNORECASE)
# A verb whose object is a phrase ("Thay thế cụm từ …", "Bãi bỏ một số cụm từ của Luật …",
# "bỏ cụm từ …") changes the words of a document, which stays in force: it amends it.
_PHRASE = re.compile(r"^\s*(?:một\s+số\s+|các\s+)?(?:cụm\s+từ|từ\s+ngữ|từ)\b", re.IGNORECASE)
# An object listing phrases and parts together: "một số cụm từ, điểm, khoản, điều của …".
_PHRASES_AND_PARTS = re.compile(
    rf"{_PHRASE.pattern}\s*(?:,|và)\s*(?:điểm|khoản|điều|chương|mục|phụ\s+lục)\b", re.IGNORECASE
)
_DROP_PHRASE = re.compile(
    r"(?<!bãi )(?<!Bãi )\b[Bb]ỏ\s+(?=(?:một\s+số\s+|các\s+)?(?:cụm\s+từ|từ)\b)"
)
# A ";"-part going on with the phrase act before it: "…; tại khoản 1 Điều 169 của Luật
# Đất đai số 31/2024/QH15", "…; cụm từ “…” tại khoản 2 Điều 29 của Luật Hóa chất số …".
_PHRASE_GOES_ON = re.compile(r"^(?:và\s+)?(?:tại|cụm\s+từ|từ)\b", re.IGNORECASE)
# What is quoted is the phrase removed or put in, not a document acted on (“khoản 3
# Điều 6 Nghị định số 63/2019/NĐ-CP”); a quote still open runs to the sentence's end.
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")


def _unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _phrase_target(rest: str) -> list[str]:
    """The document whose phrase a verb acts on: the first one named outside the quotes
    (what follows it, "đã được sửa đổi … theo Luật số …", describes it)."""
    return _first_document(_unquoted(rest))


def _numbers(text: str) -> list[str]:
    """Canonical numbers of documents in ``text``, in order, once each (a form's
    code, "Mẫu số 02/TNDN", is not a document)."""
    seen: dict[str, str] = {}
    for match in find_numbers(text):
        if _not_a_document(text, match.start):
            continue
        seen.setdefault(key_of_canonical(match.canonical), match.canonical)
    return list(seen.values())


# Verbs coordinated before the formula: "được sửa đổi, bổ sung, thay thế", "cần sửa đổi,
# bổ sung, bãi bỏ" put the last verb under the same passive or proposal as the first.
_COORDINATED = r"(?:(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ|đính\s+chính)\s*(?:,|và|hoặc)?\s*)*"
_PASSIVE_BEFORE = re.compile(rf"\b(?:{_PASSIVE}|(?:được|bị)\s+{_COORDINATED})$", re.IGNORECASE)
# A proposal or a need describes what someone should do, not what this text does.
_PROPOSED_BEFORE = re.compile(
    rf"\b(?:cần|cần\s+phải|phải|đề\s+nghị|kiến\s+nghị|dự\s+kiến|đề\s+xuất)\s+(?:được\s+)?"
    rf"{_COORDINATED}$",
    re.IGNORECASE,
)


def _passive_before(sentence: str, start: int) -> bool:
    """True when the formula at ``start`` is passive ("được sửa đổi", "bị bãi bỏ", "được
    sửa đổi, bổ sung, thay thế") or proposed ("cần sửa đổi, bổ sung, bãi bỏ")."""
    window = sentence[max(0, start - 60) : start]
    return bool(_PASSIVE_BEFORE.search(window) or _PROPOSED_BEFORE.search(window))


# A line going on with the sentence of the line before: it opens in lower case ("quản
# lý phôi …; Thông tư số 28/2018/TT-BLĐTBXH … hết hiệu lực", "cụm từ “…” tại khoản 7").
_LOWER_START = re.compile(r"^[a-zđà-ỹ]")


def _paragraphs(lines: Iterable[str]) -> list[str]:
    """Lines with a block that HTML or PDF cut mid-sentence put back together: a line
    not ending a sentence goes on in the next unless that one opens an article or item.
    A gazette's text layer also breaks lines after a ";" inside a sentence (an expiry
    naming several documents, a repeal-list item naming several phrases, with the page's
    furniture between the halves, which cleanup drops): a line after a ";" that opens
    in lower case, and not with an item's marker ("b) …"), goes on with it too."""
    out: list[str] = []
    joinable = False  # a blank line is a block boundary: never joined across
    for line in lines:
        if not line:
            joinable = False
            continue
        ended = out[-1].endswith((".", ";", ":")) if joinable else True
        resumed = joinable and out[-1].endswith(";") and bool(_LOWER_START.match(line))
        if joinable and (not ended or resumed) and not _OPENS.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joinable = True
    return out


def _drop_amendment_notes(text: str) -> str:
    """ "Luật số 58/2014/QH13 đã được sửa đổi, bổ sung … theo Luật số 84/2015/QH13 …
    (sau đây gọi chung là …)": the amending laws are a description, not the target."""
    return _AMENDMENT_NOTE.sub(" ", text)


def _after(pattern: re.Pattern[str], sentence: str) -> tuple[int, str] | None:
    """Position and text after the first active use of ``pattern`` in ``sentence``."""
    for match in pattern.finditer(sentence):
        if not _passive_before(sentence, match.start()):
            return match.start(), sentence[match.end() :]
    return None


# What a document named in a formula is about, when that is another document: "Nghị
# định số A … của Chính phủ sửa đổi, bổ sung khoản 2 Điều 9 [của] Thông tư số B".
# The number must be the verb's object: "sửa đổi, bổ sung một số điều của Nghị định số",
# "… khoản 2 Điều 9 Thông tư số"; in "hướng dẫn một số nội dung về … và Thông tư số B"
# the verb's object is something else and B is a second document named.
_DESCRIBES = re.compile(
    r"\b(?:sửa\s+đổi|bổ\s+sung|hướng\s+dẫn|quy\s+định\s+chi\s+tiết|thi\s+hành|đính\s+chính)"
    r"(?:,?\s*(?:bổ\s+sung|bãi\s+bỏ|thay\s+thế))*\b(?:(?!\svà\s)[^,;]){0,60}?"
    r"\b(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư(?:\s+liên\s+tịch)?|"
    r"Quyết\s+định)\s*(?:số\s*)?$",
    re.IGNORECASE,
)


def _heads(text: str) -> list[str]:
    """Numbers of ``text`` that a formula acts on: each one that is not named inside
    the description of the one before it (a number after "… sửa đổi, bổ sung … của"
    following a named document is what that document amended)."""
    out: list[str] = []
    previous_end: int | None = None
    describing = False  # inside a description: it runs on to the next ";"
    for match in find_numbers(text):
        if _not_a_document(text, match.start):
            continue
        between = text[previous_end : match.start] if previous_end is not None else ""
        if ";" in between:
            describing = False
        describing = describing or bool(previous_end is not None and _DESCRIBES.search(between))
        if not describing:
            out.append(match.canonical)
        previous_end = match.end
    return list(dict.fromkeys(out))


def _first_document(text: str) -> list[str]:
    """The first number of ``text``: the document a formula names (what follows it
    is that document's description, which may name others)."""
    found = _numbers(_cut_description(text))
    return found[:1]


def _cut_description(text: str) -> str:
    """``text`` up to where a description of another document's effect starts."""
    cut = re.search(r"\b(?:được|đã được)\s+sửa\s+đổi|\bvề\s+việc\s+sửa", text)
    return text[: cut.start()] if cut else text


Found = tuple[RelationType, str, bool]  # type, number, partial


_COORDINATED_AFTER = re.compile(
    r"^\s*(?:(?:,|và|hoặc)\s*(?:sửa\s+đổi|bổ\s+sung|(?:bãi\s+)?bỏ|thay\s+thế|đính\s+chính)\s*)+"
)
_DOCUMENT_NAME = re.compile(
    r"^(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|Quyết\s+định|"
    r"Chỉ\s+thị|Thông\s+tư\s+liên\s+tịch)\b"
)
_FROM_SELF = re.compile(r"^Kể\s+từ\s+ngày\s+[^,]*\bnày\s+có\s+hiệu\s+lực", re.IGNORECASE)


def _self_dated(body: str, expired: re.Match[str]) -> bool:
    """Whether the expiry is dated by this text's own entry into force: "… hết hiệu lực
    kể từ ngày Nghị định này có hiệu lực", or "Kể từ ngày Nghị định này có hiệu lực
    thi hành, Nghị định số … hết hiệu lực"."""
    return bool(_SELF.search(body[expired.end() :]) or _FROM_SELF.match(body))


# Articles, clauses or points: what a repeal naming no document takes from the amended one.
_OWN_PARTS = re.compile(r"^\s*(?:các\s+|một\s+số\s+)?(?:Điều|điều|khoản|Khoản|điểm|Điểm)\s")


def _repealing(rest: str, amended: str | None) -> list[Found]:
    """What "Bãi bỏ" does to what follows it (``rest``)."""
    if _PHRASE.match(rest):
        # "Bãi bỏ cụm từ “…” tại khoản 3 Điều 19 của Luật …": words removed, an amendment;
        # "Bãi bỏ một số cụm từ, điểm, khoản, điều của Nghị định số …" also repeals parts.
        target = _phrase_target(rest)
        amends = [(RelationType.amends, n, False) for n in target]
        if _PHRASES_AND_PARTS.match(rest):
            return amends + [(RelationType.repeals, n, True) for n in target]
        return amends
    partial = bool(_PART_WORDS.match(rest) or _SOME.match(rest))
    numbers = _heads(_drop_amendment_notes(rest))
    if not numbers and amended and _OWN_PARTS.match(rest) and not _SELF.search(rest):
        # "8. Bãi bỏ khoản 1, khoản 2 Điều 4" in a text amending one document (its
        # title): the articles repealed are that document's.
        numbers, partial = [amended], True
    return [(RelationType.repeals, n, partial) for n in numbers]


def _typed(sentence: str, title: bool, amended: str | None = None) -> list[Found]:
    """The typed relations one sentence states about this document (``amended``: the one
    document its title amends, if any)."""
    body = _ARTICLE.sub("", sentence)
    if _PREAMBLE.match(body) or _UNTIL_REPLACED.search(body) or _NOT_AN_ACT.search(body):
        return []
    found: list[Found] = []
    replaced = _after(_REPLACE, body)
    if replaced and not body[: replaced[0]].strip().lower().startswith(("căn cứ",)):
        # "thay thế, bãi bỏ cụm từ …": the object is the one of the coordinated verbs.
        rest = _COORDINATED_AFTER.sub("", replaced[1])
        first = find_numbers(rest)
        annex = _ANNEX.search(rest[: first[0].start]) if first else None
        part = _PART_WORDS.match(rest) or annex
        kind = RelationType.amends if part else RelationType.replaces
        if _PHRASE.match(rest):
            numbers = _phrase_target(rest)
        elif kind is RelationType.amends:
            numbers = _first_document(rest)
        else:
            numbers = _heads(_drop_amendment_notes(rest))
        found.extend((kind, n, False) for n in numbers)
    repealed = _after(_REPEAL, body)
    if repealed:
        found.extend(_repealing(repealed[1], amended))
    dropped = _DROP_PHRASE.search(body)
    if dropped and not _passive_before(body, dropped.start()):
        found.extend((RelationType.amends, n, False) for n in _phrase_target(body[dropped.end() :]))
    expired = _EXPIRE.search(body)
    if expired and not replaced and not repealed and _self_dated(body, expired):
        # "Nghị định số … hết hiệu lực kể từ ngày Nghị định này có hiệu lực"
        before = _drop_amendment_notes(body[: expired.start()])
        found.extend((RelationType.repeals, n, False) for n in _heads(before))
    # A title, an article heading ("Sửa đổi, bổ sung …") or the enacting formula
    # ("… ban hành Thông tư hướng dẫn …") speaks of this document; an appendix's
    # "Hướng dẫn lập danh sách …" does not, so guides needs a title or the formula.
    lead = title or bool(re.match(r"^(?:Sửa|Bổ|Đính)", body, re.IGNORECASE))
    enacts = _ENACTS.search(body)
    if lead or enacts:
        head = body if lead else body[enacts.end() :] if enacts else ""
        kinds = [(_CORRECT, RelationType.corrects), (_AMEND, RelationType.amends)]
        if title or enacts:
            kinds.append((_GUIDE, RelationType.guides))
        for pattern, kind in kinds:
            match = pattern.search(head)
            if match and match.start() < 12 and not _passive_before(head, match.start()):
                rest = head[match.end() :]
                # "Bổ sung cụm từ “…” vào …": the quoted words are not the target
                named = _phrase_target(rest) if _PHRASE.match(rest) else _first_document(rest)
                found.extend((kind, n, False) for n in named)
                break
    return found


def _in_sentences(paragraphs: list[str], amended: str | None) -> list[Found]:
    """What each sentence of the enacting text states, with a phrase act's ";"-parts
    ("Thay thế cụm từ … của Luật A; tại khoản 1 Điều 169 của Luật B …") each amending
    the document they name.

    A text amending several documents gives each its chapter or article ("Chương I.
    SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ A …", "Điều 2. Sửa đổi, bổ sung một số
    điều của Luật B"): a "Bãi bỏ khoản 5." naming no document under that heading takes
    the clause from the one document the heading amends (else from the title's)."""
    found: list[Found] = []
    phrase = False  # the sentence before acted on phrases
    chapter: str | None = None  # the one document the current chapter heading amends
    article: str | None = None  # the same for the current article heading
    item: str | None = None  # the same for the current numbered item ("2. Sửa đổi …")
    quoting = False  # inside the quoted text an amendment puts in
    for index, paragraph in enumerate(paragraphs):
        if index + 1 < len(paragraphs) and _TASK_FIELD.match(paragraphs[index + 1]):
            continue  # a task of a plan, not an act
        # The quoted article an amendment puts in ("“Điều 32. …" / "1. Tranh chấp …" /
        # "…”.") has headings and items of the amended text: they do not end this one's.
        inside = quoting or paragraph.startswith(('"', "“"))
        quoting = inside and not _QUOTE_END.search(paragraph)
        heading = None if inside else _HEADING.match(paragraph)
        numbered = None if inside else _ITEM_HEADING.match(paragraph)
        if heading or numbered:
            item = None
        if heading:
            article = None
            if heading.group(1):
                chapter = None
        before = len(found)
        going: RelationType | None = None  # whole documents replaced or repealed so far
        for sentence, after_semicolon in _parts(paragraph):
            body = _ARTICLE.sub("", sentence)
            if going and after_semicolon and _GOES_ON_NAMING.match(body):
                # "… thay thế Thông tư số A …; Thông tư số B … (được sửa đổi … bởi …":
                # each ";"-part naming a document is one more object of the verb.
                found.extend((going, n, False) for n in _first_document(body))
                continue
            start = len(found)
            phrase = _in_sentence(sentence, phrase, item or article or chapter or amended, found)
            going = _whole_act(found[start:])
        named = {n for kind, n, _ in found[before:] if kind is RelationType.amends}
        if len(named) == 1 and (heading or numbered):
            if heading and heading.group(1):
                chapter = named.pop()
            elif heading:
                article = named.pop()
            else:
                item = named.pop()
    return found


# A numbered item amending a document names it: "2. Sửa đổi, bổ sung Điều 32 của Bộ luật
# Tố tụng dân sự số 92/2015/QH13 như sau:"; its points ("b) Bãi bỏ khoản 2 Điều 32.") act
# on that document.
_ITEM_HEADING = re.compile(r"^\d{1,3}\.\s")
_QUOTE_END = re.compile(r"[\"”]\s*[.;,]?\s*(?:/\.)?$")
# A ";"-part that names a document first: "Thông tư số 23/2020/TT-BTC ngày … của …".
_GOES_ON_NAMING = re.compile(rf"^(?:và\s+)?{_TYPE_WORDS}\b[^;]{{0,80}}?\bsố\s*\d")


def _whole_act(found: list[Found]) -> RelationType | None:
    """The act a sentence ends on, when it replaces or repeals whole documents (the
    ";"-parts after it may name more of them)."""
    if not found:
        return None
    kind, _, partial = found[-1]
    whole = kind in (RelationType.replaces, RelationType.repeals) and not partial
    return kind if whole else None


# An amending item introducing what it puts in ("… tại Mục số 0115. Tỷ lệ đô thị hóa của
# Phụ lục 1. Nội dung … ban hành kèm theo Nghị định số 94/2022/NĐ-CP …, như sau:") quotes
# headings without quotes: a full stop inside it ends no sentence.
_AS_FOLLOWS = re.compile(r"\bnhư\s+sau\s*:$")
_SEMICOLON = re.compile(r";\s+")


def _parts(paragraph: str) -> list[tuple[str, bool]]:
    """The sentences of ``paragraph``, each with whether a ";" came before it."""
    out: list[tuple[str, bool]] = []
    splitter = _SEMICOLON if _AS_FOLLOWS.search(paragraph) else _SENTENCE
    position = 0
    after_semicolon = False
    for match in splitter.finditer(paragraph):
        part = paragraph[position : match.start()].strip()
        if part:
            out.append((part, after_semicolon))
        after_semicolon = match.group(0).startswith(";")
        position = match.end()
    tail = paragraph[position:].strip()
    if tail:
        out.append((tail, after_semicolon))
    return out


# A chapter heading (group 1) or an article heading of the enacting text.
_HEADING = re.compile(rf"^(?:({_CHAPTER_NUMBER})|Điều\s+\d+\w?\s*[.:])")


# A plan's task ("b) Sửa đổi, bổ sung Nghị định số 01/2018/NĐ-CP …") is followed by the
# fields of the assignment: "- Đơn vị chủ trì: Bộ Công an.", "- Thời gian thực hiện: …".
_TASK_FIELD = re.compile(
    r"^[-–+•]?\s*(?:Đơn\s+vị|Cơ\s+quan)\s+(?:chủ\s+trì|thực\s+hiện)|^[-–+•]?\s*Thời\s+gian\s+"
    r"(?:thực\s+hiện|hoàn\s+thành)",
    re.IGNORECASE,
)


def _in_sentence(sentence: str, phrase: bool, amended: str | None, found: list[Found]) -> bool:
    """Add what ``sentence`` states to ``found``; whether it acts on phrases (``phrase``:
    the sentence before did)."""
    body = _ARTICLE.sub("", sentence)
    goes_on = phrase and bool(_PHRASE_GOES_ON.match(body))
    if goes_on:
        found.extend((RelationType.amends, n, False) for n in _phrase_target(body))
    else:
        found.extend(_typed(sentence, title=False, amended=amended))
    return goes_on or _phrase_act(body)


def _phrase_act(body: str) -> bool:
    """Whether an active verb of ``body`` takes a phrase as its object."""
    for pattern in (_REPLACE, _REPEAL):
        for match in pattern.finditer(body):
            rest = _COORDINATED_AFTER.sub("", body[match.end() :])
            if _PHRASE.match(rest) and not _passive_before(body, match.start()):
                return True
    return bool(_DROP_PHRASE.search(body))


# The scope article: "Nghị định này quy định chi tiết và hướng dẫn thi hành khoản 3 Điều
# 20 … của Nghị quyết số 222/2025/QH15", "Thông tư này hướng dẫn … theo Nghị quyết số …".
_SELF_GUIDES = re.compile(rf"^{_SELF.pattern}\s+(?:\S+\s+){{0,2}}?(?={_GUIDE.pattern})", re.I)
_SELF_RULES = re.compile(rf"^{_SELF.pattern}\s+quy\s+định\b", re.IGNORECASE)
# Điều 1 as the scope article of this text (in an amending text, Điều 1 is an amendment
# and quotes the scope of the amended one).
_SCOPE = re.compile(r"^Điều\s+1\s*[.:]\s*Phạm\s+vi\b", re.IGNORECASE)
# What is guided: a document named by its type and number, whatever the type (a law, a
# decree, a resolution, but also a Quyết định or a Thông tư: vbpl.vn lists any of them
# as "Văn bản được hướng dẫn").
_NAMED = re.compile(
    r"\b((?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư(?:\s+liên\s+tịch)?|"
    r"Quyết\s+định|Chỉ\s+thị)(?:\s+[^,;()]{0,80}?)?)\s+số\s*$"
)
# A sub-heading the scope article may open with: "1. Phạm vi điều chỉnh" before "Thông tư
# này quy định chi tiết …" (the two lines are one paragraph once put back together).
_SCOPE_SUBHEADING = re.compile(
    r"^(?:Phạm\s+vi\s+điều\s+chỉnh(?:\s+và\s+đối\s+tượng\s+áp\s+dụng)?|Đối\s+tượng\s+áp\s+dụng)"
    r"\s*[.:]?\s*(?=\S)",
    re.IGNORECASE,
)


def _scope_guides(lines: list[str], title: str) -> list[Found]:
    """Documents the first article says this one details or guides: the one named after
    "… này quy định chi tiết / hướng dẫn …"; or, when the title details a law named
    without its number ("Quy định chi tiết một số điều của Luật Việc làm"), that law
    where the first article writes its number ("… của Luật Việc làm số 74/2025/QH15")."""
    first = next((i for i, line in enumerate(lines) if _SCOPE.match(line)), None)
    if first is None:
        return []
    end = next(
        (i for i in range(first + 1, len(lines)) if re.match(r"^Điều\s+\d", lines[i])), len(lines)
    )
    titled = _GUIDE.match(title.strip()) and not find_numbers(title)
    found: list[Found] = []
    # Whole sentences: a ";" inside the scope ("… hướng dẫn … bảo hiểm y tế; chế độ báo cáo
    # … theo quy định tại … Nghị định số 233/2025/NĐ-CP") does not end what it guides.
    sentences = [
        part.strip()
        for paragraph in _paragraphs(lines[first + 1 : end])
        for part in _FULL_STOP.split(paragraph)
        if part.strip()
    ]
    for sentence in sentences:
        body = _SCOPE_SUBHEADING.sub("", _ARTICLE.sub("", sentence))
        guides = _SELF_GUIDES.match(body)
        if guides:
            match = _GUIDE.search(body, guides.end())
            rest = body[match.end() :] if match else ""
            for number in find_numbers(_cut_description(rest))[:1]:
                name = _NAMED.search(rest[: number.start])
                # The first document named after the verb is the one guided: when that one
                # is written without its number ("… Điều 96 của Luật Thi đua, khen thưởng
                # theo phân quyền tại Nghị định số 152/2025/NĐ-CP"), a later number is not.
                if name and not _TYPE_NAME.search(rest, 0, name.start(1)):
                    found.append((RelationType.guides, number.canonical, False))
        elif titled and _SELF_RULES.match(body):
            for number in find_numbers(body):
                name = _NAMED.search(body[: number.start])
                if name and name.group(1).casefold() in title.casefold():
                    found.append((RelationType.guides, number.canonical, False))
                    break
    return found


_LIST_INTRO = re.compile(r"\b(?:bãi\s+bỏ|hết\s+hiệu\s+lực|thay\s+thế)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[a-zđ]\)|[-+•])\s*")
_ITEM_NUMBER_REACH = 48
_LIST_HEAD = re.compile(r"^(?:Điều\s+\d+\w?\s*[.:]\s*|\d{1,3}\.\s*)")


# Numbers of the 1950s–1990s: serial, then issuer and type codes ("37-BYT/QĐ",
# "16-BYT/TT", "15/BYT-TT"); the shared number analysis reads only the modern form.
_OLD_NUMBER = re.compile(r"\bsố\s+(\d{1,4}[-/][A-ZĐ]{1,6}[-/][A-ZĐ]{1,4})\b")


def _old_number(item: str) -> list[str]:
    found = _OLD_NUMBER.search(item[: _ITEM_NUMBER_REACH + 20])
    if found is None or _FORM_BEFORE.search(item[max(0, found.start(1) - 16) : found.start(1)]):
        return []
    return [found.group(1)]


# An expiring subject that is a part of a named document: "Điều 12 và Mục 4 Phụ lục II
# kèm theo Nghị định số 128/2025/NĐ-CP …; Điều 58 Nghị định số 129/2025/NĐ-CP … hết hiệu lực".
_PART_OF = re.compile(
    rf"^(?:Điều|Khoản|Điểm|Chương|Mục|Phụ\s+lục)\s+[^;]{{0,100}}?"
    rf"\b{_TYPE_WORDS}\s+(?:[^;]{{0,80}}?\s)?số\s*\d"
)
_FULL_STOP = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])")
# "đã hết hiệu lực" reports, "khi … hết hiệu lực" conditions: neither is this text's act.
_NOT_NOW = re.compile(r"\b(?:đã|khi|nếu|chưa|sẽ|bị)\s+$", re.IGNORECASE)


def _expiring_sentences(paragraphs: list[str]) -> list[Found]:
    """ "Nghị định số A …; Thông tư liên tịch số B … hết hiệu lực kể từ ngày Nghị định
    này có hiệu lực", "Quyết định số C … hết hiệu lực thi hành.": a sentence whose
    subject is a named document and whose verb is "hết hiệu lực" ends that document.
    Read over whole sentences, since a ";" may separate the documents or fall inside
    one's title (the ";"-split sentences see only the last part)."""
    found: list[Found] = []
    for paragraph in paragraphs:
        for sentence in _FULL_STOP.split(_ARTICLE.sub("", paragraph)):
            body = _ARTICLE.sub("", sentence.strip())
            expired = _EXPIRE.search(body)
            part = bool(_PART_OF.match(body))
            if expired is None or not (_DOCUMENT_NAME.match(body) or part):
                continue
            if _REPLACE.search(body) or _REPEAL.search(body) or _NOT_AN_ACT.search(body):
                continue
            before = body[: expired.start()]
            if _NOT_NOW.search(before) or re.search(r"\bthì\b", body[expired.end() :]):
                continue
            found.extend((RelationType.repeals, n, part) for n in _heads(before))
    return found


def _listed(paragraphs: list[str]) -> list[Found]:
    """Documents listed under an introducing line: "Các thông tư sau hết hiệu lực …" /
    "Bãi bỏ toàn bộ 43 văn bản …" followed by "a) Thông tư số …", "1. Quyết định số …".
    Each item's first number is the document it names (the rest describes it)."""
    found: list[Found] = []
    kind: RelationType | None = None
    partial = False
    level: str | None = None  # the marker after the intro's own: that sibling ends the list
    for line in paragraphs:  # an item broken after a ";" is one item
        body = _LIST_HEAD.sub("", line)
        intro = _LIST_INTRO.search(body)
        if (
            intro
            and not find_numbers(body)
            and not _passive_before(body, intro.start())
            and not _PREAMBLE.match(body)
            and not _NOT_AN_ACT.search(body)
            and re.search(r"\bsau\b|:$|\bvăn\s+bản\b|\b\d+\s+(?:văn bản|thông tư|quyết định)", body)
        ):
            kind = (
                RelationType.replaces if "thay" in intro.group(0).lower() else RelationType.repeals
            )
            partial = bool(re.search(r"một\s+phần", body, re.IGNORECASE))
            level = _next_marker(_marker(line))
            continue
        if kind is None:
            continue
        marker = _marker(line)
        if marker is None or line.startswith("Điều") or (level is not None and marker == level):
            kind = None
            continue
        item = _LIST_ITEM.sub("", line)
        # "b) Điều 2 Thông tư số …": only some articles of the document.
        part = partial or bool(_PART_WORDS.match(item))
        # The item's own number follows its type name ("Quyết định số …"); a number
        # further on belongs to the description, so an item whose own number is not
        # readable yields nothing rather than the wrong document.
        # An item naming parts first ("c) Điều 4, Điều 5, … và các mẫu số 21.MTCN, …
        # Phụ lục I Thông tư số …") reaches from the first document type it names.
        start = _item_start(item) if _PART_WORDS.match(item) else 0
        first = [
            m
            for m in find_numbers(item)
            if start <= m.start < start + _ITEM_NUMBER_REACH and not _not_a_document(item, m.start)
        ][:1]
        numbers = [m.canonical for m in first] or _old_number(item)
        found.extend((kind, n, part) for n in numbers)
    return found


_TYPE_NAME = re.compile(rf"\b{_TYPE_WORDS}\s+(?!này\b)")


def _item_start(item: str) -> int:
    """Where an item listing parts names its document: its first type name ("Thông tư"),
    not one of "… này" (the parts' own forms)."""
    named = _TYPE_NAME.search(item)
    return named.start() if named else 0


_LETTERS = "abcdđeghiklmnopqrstuvxy"  # the order of Vietnamese item letters


def _marker(line: str) -> str | None:
    """The item marker ``line`` opens with: "1", "a", or "-" for any dash."""
    found = _LIST_ITEM.match(line)
    if found is None:
        return None
    head = found.group(0).strip().rstrip(".)")
    return head if head[:1].isalnum() else "-"


def _next_marker(marker: str | None) -> str | None:
    """The marker of the item after ``marker`` at its level ("2" -> "3", "c" -> "d")."""
    if marker is None or marker == "-":
        return None
    if marker.isdigit():
        return str(int(marker) + 1)
    place = _LETTERS.find(marker)
    return _LETTERS[place + 1] if 0 <= place < len(_LETTERS) - 1 else None


def _consolidated(lines: list[str]) -> list[str]:
    """Numbers a VBHN lists above its preamble: the documents it merges, one per
    paragraph ("Nghị định số 35/2022/NĐ-CP …, được sửa đổi, bổ sung bởi:" / "Nghị
    định số 70/2023/NĐ-CP … sửa đổi … Nghị định số 152/2020/NĐ-CP …")."""
    block: list[str] = []
    for line in lines[:80]:
        if _PREAMBLE.match(line) or re.match(r"^(?:Điều|Chương)\s+\w+", line):
            if block:
                break
            continue
        if re.search(r"\bcó\s+hiệu\s+lực\b|sửa\s+đổi,?\s*bổ\s+sung\s+bởi", line, re.I) or block:
            block.append(line)
    # One merged document per paragraph, named first; what follows describes it.
    return [n for line in block for n in _first_document(_LIST_ITEM.sub("", line))]


# The VBHN formula under its title: "Luật … số 84/2015/QH13 …, được sửa đổi, bổ sung bởi:"
# (the header naming it a consolidated text may be lost in a gazette's text layer).
_MERGES = re.compile(r"\bđược\s+sửa\s+đổi,?\s*bổ\s+sung\s+bởi\s*:$", re.IGNORECASE)
# The signature block ("TM. CHÍNH PHỦ", "KT. BỘ TRƯỞNG", "CHỦ TỊCH QUỐC HỘI") ends the
# enacting text: what follows is an appendix (task tables, forms) or, in a gazette
# issue, another document.
_SIGNATURE = re.compile(
    r"^(?:(?:TM|KT|Q|TL|TUQ)\.\s*\S.*|CHỦ\s+TỊCH(?:\s+QUỐC\s+HỘI)?|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|"
    r"PHÓ\s+THỦ\s+TƯỚNG|THỨ\s+TRƯỞNG)$"
)


def _merges(lines: list[str]) -> bool:
    """Whether the text opens like a VBHN: the merge formula before the preamble."""
    for line in lines[:30]:
        if _PREAMBLE.match(line) or re.match(r"^(?:Điều|Chương)\s+\w+", line):
            return False
        if _MERGES.search(line):
            return True
    return False


def _enacting(lines: list[str]) -> list[str]:
    """``lines`` up to the signature block that follows the first article."""
    article = next((i for i, line in enumerate(lines) if re.match(r"^Điều\s+\d", line)), None)
    if article is None:
        return lines
    end = next((i for i in range(article, len(lines)) if _SIGNATURE.match(lines[i])), len(lines))
    return lines[:end]


def _base_header(kind: RelationType, own_number: str | None) -> bool:
    """Whether a consolidated document's "own" number is the header of the document it
    merges: a gazette's text layer may lose the VBHN's number ("Số: 1798/VBHN-…") and keep
    the base text's reproduced header ("Số: 49/2018/NĐ-CP"), which the VBHN consolidates."""
    return kind is RelationType.consolidates and "VBHN" not in (own_number or "").upper()


def find_relations(
    lines: list[str],
    *,
    title: str | None,
    doc_type: str | None,
    own_number: str | None,
    cites: Iterable[str] = (),
) -> list[Relation]:
    """Outgoing relations of a document: typed ones first, then plain citations.

    ``lines`` are the cleaned lines of its text; ``cites`` its cited numbers
    (each becomes a ``cites`` relation unless a typed relation names it).
    """
    own = key_of_canonical(own_number) if own_number else None
    typed: list[Found] = []
    if title:
        typed.extend(_typed(title, title=True))
    if doc_type == _CONSOLIDATED or _merges(lines):
        # A VBHN reproduces the articles of the texts it merges: their formulas
        # are theirs, so it only consolidates (and cites).
        typed = [(RelationType.consolidates, n, False) for n in _consolidated(lines)]
    else:
        amended = [n for kind, n, _ in typed if kind is RelationType.amends]
        enacting = _enacting(lines)
        paragraphs = _paragraphs(enacting)  # once: every reading below is over whole sentences
        typed.extend(_listed(paragraphs))
        typed.extend(_in_sentences(paragraphs, amended[0] if len(amended) == 1 else None))
        typed.extend(_expiring_sentences(paragraphs))
        typed.extend(_scope_guides(enacting, title or ""))
    relations: list[Relation] = []
    seen: set[tuple[RelationType, str]] = set()
    named: set[str] = set()
    for kind, number, partial in typed:
        key = key_of_canonical(number)
        if (key == own and not _base_header(kind, own_number)) or (kind, key) in seen:
            continue
        seen.add((kind, key))
        named.add(key)
        relations.append(Relation(type=kind, number=number, partial=partial))
    for number in cites:
        key = key_of_canonical(number)
        if key != own and key not in named:
            named.add(key)
            relations.append(Relation(type=RelationType.cites, number=number))
    return relations
