# The vanban API and web UI, and the indexer (same image, different command).
#
# Two stages: the first builds vanban's wheel from the source tree; the second
# installs that wheel (code, templates, the Elasticsearch mapping and the code
# tables as package data) and nothing else of the tree but the sample documents
# the compose file indexes. So the image runs exactly what `pip install` of a
# release would.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.11-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils antiword catdoc tesseract-ocr tesseract-ocr-vie \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/*.whl && rm -rf /tmp/dist
RUN useradd --system --home-dir /app --shell /usr/sbin/nologin vanban \
 && mkdir -p /app /data && chown vanban /data
WORKDIR /app
COPY samples samples
USER vanban
ENV VANBAN_HOST=0.0.0.0 VANBAN_DB=/data/vanban.db
EXPOSE 8000
CMD ["vanban", "serve"]
