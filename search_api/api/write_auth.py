"""The write API's guard: a read-write API key, or 401 / 403.

No key at all is 401 (with ``WWW-Authenticate``: the client must
authenticate); a key that is unknown, revoked or only ``read`` is 403. The key
is sent as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from search_api.api_keys import KeyInfo, KeyStore, Scope


def _presented(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    key = request.headers.get("x-api-key", "").strip()
    return key or None


def require_writer(request: Request) -> KeyInfo:
    key = _presented(request)
    if key is None:
        raise HTTPException(
            401,
            detail="cần khóa API để ghi (an API key is required to write): "
            "Authorization: Bearer <key>",
            headers={"WWW-Authenticate": 'Bearer realm="vanban"'},
        )
    store: KeyStore = request.app.state.keys
    info = store.verify(key)
    if info is None:
        raise HTTPException(403, detail="khóa API không hợp lệ (invalid or revoked API key)")
    if info.scope is not Scope.read_write:
        raise HTTPException(403, detail="khóa API chỉ được đọc (this key may not write)")
    return info


WriterDep = Annotated[KeyInfo, Depends(require_writer)]
