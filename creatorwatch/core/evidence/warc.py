"""Write captured HTTP exchanges as a WARC file (ISO 28500), the web-archiving standard, so any archive tool
can replay exactly what CreatorWatch received."""

from __future__ import annotations

import io
import json
import mimetypes
from collections.abc import Sequence
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from creatorwatch import __version__

if TYPE_CHECKING:
    from creatorwatch.core.evidence.exchange import StagedCapture

# The body is stored as delivered after HTTP decoding, so these no longer describe it.
_DROP = {"transfer-encoding", "content-length"}
_RENAME = {"content-encoding": "X-Archive-Orig-Content-Encoding"}


def write_warc(path: Path, exchanges: Sequence[StagedCapture], facts: dict[str, Any]) -> None:
    """A gzipped WARC at `path`: warcinfo, then a response and a request record per exchange, then a metadata
    record holding `facts` (redirect chain, capture time, hashes) as JSON."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {
            "software": f"CreatorWatch {__version__}", "format": "WARC File Format 1.1",
            "description": "Evidence capture made when CreatorWatch found a match",
        }))
        for exchange in exchanges:
            with exchange.open_body() as body:
                _write_exchange(writer, exchange, body)
        meta = json.dumps(facts, indent=2, sort_keys=True).encode()
        writer.write_record(writer.create_warc_record(
            exchanges[0].final_url if exchanges else "urn:creatorwatch:capture", "metadata",
            payload=io.BytesIO(meta), length=len(meta), warc_content_type="application/json",
        ))


def write_file_warc(path: Path, body: Path, uri: str, when: datetime, facts: dict[str, Any]) -> None:
    """A gzipped WARC at `path` for a local file (no HTTP exchange): warcinfo, a resource record holding the
    file's bytes, and a metadata record holding `facts` (its path, size, times and SHA-256)."""
    with path.open("wb") as out, body.open("rb") as payload:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {
            "software": f"CreatorWatch {__version__}", "format": "WARC File Format 1.1",
            "description": "Evidence capture of a local file, made when CreatorWatch found a match",
        }))
        date = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        writer.write_record(writer.create_warc_record(
            uri, "resource", payload=payload, length=body.stat().st_size,
            warc_content_type=mimetypes.guess_type(body.name)[0] or "application/octet-stream",
            warc_headers_dict={"WARC-Date": date}))
        meta = json.dumps(facts, indent=2, sort_keys=True).encode()
        writer.write_record(writer.create_warc_record(uri, "metadata", payload=io.BytesIO(meta), length=len(meta),
                                                      warc_content_type="application/json"))


def _write_exchange(writer: WARCWriter, exchange: StagedCapture, body: IO[bytes]) -> None:
    write_exchange(writer, url=exchange.final_url, when=exchange.fetched_at, status=exchange.status,
                   response_headers=exchange.headers, response_body=body, response_size=exchange.size,
                   request_headers=exchange.request_headers)


def write_exchange(writer: WARCWriter, *, url: str, when: datetime, status: int,
                   response_headers: Sequence[tuple[str, str]], response_body: IO[bytes], response_size: int,
                   request_headers: Sequence[tuple[str, str]], method: str = "GET",
                   request_body: bytes = b"") -> None:
    """One HTTP exchange as a response record and its concurrent request record (headers describing the
    transfer encoding dropped or renamed: the body is stored as delivered)."""
    date = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    headers = [(_RENAME.get(n.lower(), n), v) for n, v in response_headers if n.lower() not in _DROP]
    headers.append(("Content-Length", str(response_size)))
    response = writer.create_warc_record(
        url, "response", payload=response_body, length=response_size,
        http_headers=StatusAndHeaders(f"{status} {_phrase(status)}", headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": date},
    )
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = [("Host", parts.netloc), *[(n, v) for n, v in request_headers if n.lower() not in _DROP]]
    if request_body:
        sent.append(("Content-Length", str(len(request_body))))
    request = writer.create_warc_record(
        url, "request", payload=io.BytesIO(request_body), length=len(request_body),
        http_headers=StatusAndHeaders(f"{method} {target} HTTP/1.1", sent, is_http_request=True),
        warc_headers_dict={"WARC-Date": date,
                           "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
    )
    writer.write_record(response)
    writer.write_record(request)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
