"""Server-rendered web UI over the search service; works without JavaScript."""
