"""Search over indexed documents: the neutral query model, backends and the HTTP API."""
