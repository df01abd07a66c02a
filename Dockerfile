# The vanban API and web UI, and the indexer (same image, different command).
FROM python:3.11-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils antiword catdoc tesseract-ocr tesseract-ocr-vie \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY vanban_core vanban_core
COPY indexer indexer
COPY search_api search_api
COPY web web
COPY vanban_app vanban_app
COPY vanban_cli vanban_cli
COPY samples samples
RUN pip install --no-cache-dir .
ENV VANBAN_HOST=0.0.0.0
EXPOSE 8000
CMD ["vanban", "serve"]
