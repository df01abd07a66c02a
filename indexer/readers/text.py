"""Plain-text files: find the encoding, including the legacy Vietnamese ones.

Order of evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. valid UTF-8 (random legacy bytes almost never are);
3. UTF-16 without a mark, recognised by its zero bytes;
4. otherwise a legacy single-byte encoding: Windows-1258, TCVN3 and VNI are all
   tried and :mod:`vanban_core.text.syllables` picks the one whose words are
   Vietnamese syllables; charset-normalizer's guess competes too, so a
   Western-European or Russian text is not forced into a Vietnamese encoding.

Text that is Unicode but was typed in a legacy font (TCVN3/VNI mojibake stored as
UTF-8, common in Word and web exports) is repaired by :func:`repair_legacy`,
which every reader applies to what it extracts.
"""

from __future__ import annotations

import codecs
import contextlib
from pathlib import Path

from charset_normalizer import from_bytes

from indexer.readers.base import ReadDocument, ReaderError, tidy_text
from indexer.readers.legacy_encodings import CONVERTERS, tcvn3_decode, vni_decode
from vanban_core.text.syllables import score

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters never found in text: C0 controls except tab/newline/CR/form feed, DEL.
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_LEGACY_HINT = frozenset("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòôõøö÷ùúûüþ¡¢§£¤¥¦")


def _control_ratio(data: bytes) -> float:
    sample = data[:65536]
    if not sample:
        return 0.0
    return sum(sample.count(bytes([b])) for b in _BINARY_BYTES) / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: one byte of every pair is zero for Latin/Vietnamese."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    encoding = "utf-16-le" if odd_zero > 0.3 > even_zero else None
    if even_zero > 0.3 > odd_zero:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _legacy_candidates(data: bytes) -> dict[str, str]:
    candidates = {
        "Windows-1258": data.decode("cp1258", errors="replace"),
        "TCVN3": tcvn3_decode(data),
        "VNI": vni_decode(data),
    }
    guess = from_bytes(data[:262144]).best()
    if guess is not None and guess.encoding not in ("cp1258", "utf_8"):
        with contextlib.suppress(UnicodeDecodeError, LookupError):
            candidates[guess.encoding] = data.decode(guess.encoding)
    return candidates


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a truncated copy, a stray Latin-1 byte),
    decoded with U+FFFD in their place; None when it does not look like UTF-8.

    It is UTF-8 when valid multi-byte sequences far outnumber the broken ones:
    a legacy-encoded file has almost none, since its accented bytes rarely form
    valid sequences.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for char in text if ord(char) > 127) - broken
    if broken <= max(4, len(text) // 1000) and valid >= 10 * broken:
        return text
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text file; raises for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise ReaderError("decode", f"invalid {encoding} text: {exc.reason}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if b"\x00" in data[:65536] or _control_ratio(data) > 0.01:
        raise ReaderError("decode", "binary data, not text (control bytes in the content)")
    candidates = _legacy_candidates(data)
    best = max(candidates, key=lambda name: score(candidates[name]).value)
    return candidates[best], best


def repair_legacy(text: str) -> tuple[str, str | None]:
    """Convert TCVN3/VNI mojibake inside Unicode text; returns (text, encoding or None).

    Only rewrites when the conversion makes clearly more words valid syllables,
    so ordinary text with a stray "®" or "ñ" is left alone.
    """
    if not any(char in _LEGACY_HINT for char in text[:200000]):
        return text, None
    before = score(text)
    best_name: str | None = None
    best_text, best_value = text, before.value
    for name, convert in CONVERTERS.items():
        converted = convert(text)
        value = score(converted).value
        if value > best_value + max(5, before.valid // 10):
            best_name, best_text, best_value = name, converted, value
    return best_text, best_name


def repair_legacy_noting(text: str, warnings: list[str]) -> str:
    """:func:`repair_legacy`, recording what it converted in ``warnings``."""
    text, legacy = repair_legacy(text)
    if legacy:
        warnings.append(f"converted {legacy} text (legacy font encoding) to Unicode")
    return text


def read_text(path: Path, data: bytes) -> list[ReadDocument]:
    """Read a plain-text file (already loaded, size-checked) as one document."""
    text, encoding = decode_bytes(data)
    warnings: list[str] = []
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    if encoding == "utf-8" and broken:
        warnings.append(
            f"{broken} byte hỏng (không phải UTF-8) đã được thay bằng U+FFFD "
            f"({broken} bytes were not valid UTF-8 and were replaced by U+FFFD)"
        )
    if encoding in ("TCVN3", "VNI"):
        warnings.append(f"converted from the legacy {encoding} encoding")
    else:
        text = repair_legacy_noting(text, warnings)
    accepted = encoding == "utf-8" and broken  # a few broken bytes, already warned about
    if not accepted and "\ufffd" in text[:65536] and text.count("\ufffd") > len(text) // 100:
        raise ReaderError("decode", f"not text in any known encoding (tried {encoding})")
    return [
        ReadDocument(text=tidy_text(text), source=str(path), format="txt", warnings=tuple(warnings))
    ]
