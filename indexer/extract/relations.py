"""What a document does to other documents, read from its own words.

Legal texts state their effect on earlier texts in fixed formulas, mostly in
the title and the Điều khoản thi hành (final article):

- "Nghị định này … thay thế Nghị định số 29/2024/NĐ-CP …" -> replaces;
- "Bãi bỏ Thông tư số 55/2015/TT-BLĐTBXH …", "Thông tư số … hết hiệu lực kể từ
  ngày Thông tư này có hiệu lực" -> repeals;
- a title or an article heading "Sửa đổi, bổ sung một số điều của Thông tư số …"
  -> amends; "Quy định chi tiết / Hướng dẫn … Nghị định số …" -> guides;
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
_ARTICLE = re.compile(r"^(?:Điều\s+\d+\w?\s*[.:]\s*|\d+\.\s*|[a-zđ]\)\s*)+", re.IGNORECASE)
_PREAMBLE = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện|Trên cơ sở)\b", re.I)
_PASSIVE = r"(?:được|bị|đã được|đã bị|đã)\s+(?:\S+\s+){0,2}?"
_REPLACE = re.compile(r"(?<!văn bản )\bthay\s+thế(?:\s+cho)?\b", re.IGNORECASE)
_REPEAL = re.compile(r"\bbãi\s+bỏ\b", re.IGNORECASE)
_EXPIRE = re.compile(r"\bhết\s+hiệu\s+lực\b", re.IGNORECASE)
_AMEND = re.compile(r"\bsửa\s+đổi(?:,?\s*bổ\s+sung)?\b|\bbổ\s+sung\b", re.IGNORECASE)
_GUIDE = re.compile(r"\b(?:quy\s+định\s+chi\s+tiết|hướng\s+dẫn)\b", re.IGNORECASE)
_CORRECT = re.compile(r"\bđính\s+chính\b", re.IGNORECASE)
_ENACTS = re.compile(r"\bban\s+hành\s+(?:\S+\s+){1,3}?(?=sửa\s+đổi|quy\s+định\s+chi|hướng|đính)")
# What "thay thế" replaces when it is a part of a document, not the document.
_PART_WORDS = re.compile(
    r"^\s*(?:các\s+|một\s+số\s+)?(?:Mẫu|mẫu|Phụ\s+lục|phụ\s+lục|Biểu|biểu|Điều|điều|khoản|"
    r"Khoản|điểm|Điểm|cụm\s+từ|Cụm\s+từ|từ|Từ|Chương|chương|Mục|mục|tên|Tên)\b"
)
_SELF = re.compile(
    r"\b(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|Văn bản|"
    r"Thông tư liên tịch|Công văn|Hướng dẫn)\s+này\b",
    re.IGNORECASE,
)
_FORM_BEFORE = re.compile(r"\b(?:Mẫu|mẫu|Biểu|biểu|MẪU)\s*(?:số\s*)?:?\s*$")
_ANNEX = re.compile(r"\bkèm\s+theo\b")
_SOME = re.compile(r"^\s*(?:một\s+phần|một\s+số|toàn\s+bộ\s+(?:Điều|khoản|điểm))", re.I)
_UNTIL_REPLACED = re.compile(r"cho\s+đến\s+khi\s+có\s+văn\s+bản\s+thay\s+thế", re.IGNORECASE)


def _numbers(text: str) -> list[str]:
    """Canonical numbers of documents in ``text``, in order, once each (a form's
    code, "Mẫu số 02/TNDN", is not a document)."""
    seen: dict[str, str] = {}
    for match in find_numbers(text):
        if _FORM_BEFORE.search(text[max(0, match.start - 16) : match.start]):
            continue
        seen.setdefault(key_of_canonical(match.canonical), match.canonical)
    return list(seen.values())


def _passive_before(sentence: str, start: int) -> bool:
    """True when the formula at ``start`` is passive ("được sửa đổi", "bị bãi bỏ")."""
    return bool(re.search(rf"\b{_PASSIVE}$", sentence[max(0, start - 24) : start]))


def _sentences(lines: Iterable[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(part.strip() for part in _SENTENCE.split(line) if part.strip())
    return out


def _after(pattern: re.Pattern[str], sentence: str) -> tuple[int, str] | None:
    """Position and text after the first active use of ``pattern`` in ``sentence``."""
    for match in pattern.finditer(sentence):
        if not _passive_before(sentence, match.start()):
            return match.start(), sentence[match.end() :]
    return None


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


def _typed(sentence: str, title: bool) -> list[Found]:
    """The typed relations one sentence states about this document."""
    body = _ARTICLE.sub("", sentence)
    if _PREAMBLE.match(body) or _UNTIL_REPLACED.search(body):
        return []
    found: list[Found] = []
    replaced = _after(_REPLACE, body)
    if replaced and not body[: replaced[0]].strip().lower().startswith(("căn cứ",)):
        rest = replaced[1]
        first = find_numbers(rest)
        annex = _ANNEX.search(rest[: first[0].start]) if first else None
        part = _PART_WORDS.match(rest) or annex
        kind = RelationType.amends if part else RelationType.replaces
        numbers = _first_document(rest) if kind is RelationType.amends else _numbers(rest)
        found.extend((kind, n, False) for n in numbers)
    repealed = _after(_REPEAL, body)
    if repealed:
        kind = RelationType.repeals
        partial = bool(_PART_WORDS.match(repealed[1]) or _SOME.match(repealed[1]))
        found.extend((kind, n, partial) for n in _numbers(repealed[1]))
    expired = _EXPIRE.search(body)
    if expired and not replaced and not repealed and _SELF.search(body[expired.end() :]):
        # "Nghị định số … hết hiệu lực kể từ ngày Nghị định này có hiệu lực"
        found.extend((RelationType.repeals, n, False) for n in _numbers(body[: expired.start()]))
    # A title, an article heading ("Sửa đổi, bổ sung …") or the enacting formula
    # ("… ban hành Thông tư hướng dẫn …") speaks of this document; an appendix's
    # "Hướng dẫn lập danh sách …" does not, so guides needs a title or the formula.
    lead = title or bool(re.match(r"^(?:Sửa|sửa|Bổ|bổ|Đính|đính)", body))
    enacts = _ENACTS.search(body)
    if lead or enacts:
        head = body if lead else body[enacts.end() :] if enacts else ""
        kinds = [(_CORRECT, RelationType.corrects), (_AMEND, RelationType.amends)]
        if title or enacts:
            kinds.append((_GUIDE, RelationType.guides))
        for pattern, kind in kinds:
            match = pattern.search(head)
            if match and match.start() < 12 and not _passive_before(head, match.start()):
                found.extend((kind, n, False) for n in _first_document(head[match.end() :]))
                break
    return found


def _consolidated(lines: list[str]) -> list[str]:
    """Numbers a VBHN lists above its preamble: the documents it merges."""
    block: list[str] = []
    for line in lines[:80]:
        if _PREAMBLE.match(line) or re.match(r"^(?:Điều|Chương)\s+\w+", line):
            if block:
                break
            continue
        if re.search(r"\bcó\s+hiệu\s+lực\b|sửa\s+đổi,?\s*bổ\s+sung\s+bởi", line, re.I) or block:
            block.append(line)
    return _numbers(" ".join(block))


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
    if doc_type == _CONSOLIDATED:
        # A VBHN reproduces the articles of the texts it merges: their formulas
        # are theirs, so it only consolidates (and cites).
        typed = [(RelationType.consolidates, n, False) for n in _consolidated(lines)]
    else:
        for sentence in _sentences(lines):
            typed.extend(_typed(sentence, title=False))
    relations: list[Relation] = []
    seen: set[tuple[RelationType, str]] = set()
    named: set[str] = set()
    for kind, number, partial in typed:
        key = key_of_canonical(number)
        if key == own or (kind, key) in seen:
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
