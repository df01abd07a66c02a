"""FastAPI dependencies: the one service instance an app serves from."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from search_api.service import SearchService


def get_service(request: Request) -> SearchService:
    service: SearchService = request.app.state.service
    return service


ServiceDep = Annotated[SearchService, Depends(get_service)]
