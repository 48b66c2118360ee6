"""What a found file says about where it came from: IPTC/XMP digital source type ("made by a trained algorithm"),
PLUS Data Mining, and C2PA Content Credentials (generator, actions, signer, validation state, ingredients).

Everything comes back as a plain dict (JSON-ready) for review screens and evidence bundles. Broken, truncated or
hostile metadata gives a verdict in words, never an exception: XMP is parsed without entities or DTDs, and the C2PA
manifest store is read and validated by the C2PA reference implementation (c2pa-python), when it is installed.
"""

from __future__ import annotations

import base64
import binascii
import json
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from creatorwatch.core.optout.image_xmp import BadImage, read_xmp
from creatorwatch.core.optout.training_labels import file_format, outside_xmp, tag_labels
from creatorwatch.core.optout.xmp import PROHIBITING, BadXmp, parse_packet, xmp_values

AI_SOURCE_TYPES = {"trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia",
                   "algorithmicallyEnhanced", "compositeSynthetic", "algorithmicMedia"}
MAX_FILE = 512 * 1024 * 1024  # larger files are not read for metadata
TRAINING_MINING_LABELS = ("c2pa.training-mining", "cawg.training-mining")
MAX_THUMBNAIL = 16 * 1024 * 1024
SHA256_PREFIXES = ("sha256:", "urn:sha256:")
ImageMatcher = Callable[[Path], "int | None"]


def read_provenance(path: Path, work_hashes: Mapping[str, int] | None = None,
                    match_image: ImageMatcher | None = None) -> dict[str, Any]:
    """Provenance of the file at `path`. `work_hashes` (SHA-256 hex → work id) flags ingredients that are works by
    their recorded hash; `match_image` (a picture file → the work id it copies, or None) by their thumbnail.

    Keys: xmp, c2pa (see _xmp_part/_c2pa_part), ai_generated (bool: labelled as AI-made by either),
    do_not_train (where the file says AI training is not allowed, in words: its XMP, its audio tags, the notice
    atop a text — every label `protect` writes), mining_prohibited (bool), summary (sentences a creator reads).
    """
    fmt = file_format(path)
    xmp = _xmp_part(path, fmt)
    c2pa = _c2pa_part(path, work_hashes or {}, match_image)
    labels = ([f"{xmp['found_in']} (IPTC/PLUS Data Mining)"] if xmp.get("mining_prohibited") else []) + \
        tag_labels(path, fmt)
    ai = bool(xmp.get("ai_generated") or c2pa.get("ai_generated"))
    prohibited = bool(labels or c2pa.get("mining_prohibited"))
    return {"xmp": xmp, "c2pa": c2pa, "ai_generated": ai, "do_not_train": labels, "mining_prohibited": prohibited,
            "summary": _summary(xmp, c2pa, labels)}


# -- XMP -----------------------------------------------------------------------------------------------------------

def _xmp_part(path: Path, fmt: str) -> dict[str, Any]:
    """{present, found_in, digital_source_type: [...], ai_generated, data_mining: [...], mining_prohibited,
    problem}; found_in says where the packet was: "its XMP metadata" (a picture's own), a PDF's, an MP3's, a
    sidecar's (training_labels.py)."""
    part: dict[str, Any] = {"present": False, "found_in": "", "digital_source_type": [], "ai_generated": False,
                            "data_mining": [], "mining_prohibited": False, "problem": ""}
    try:
        if path.stat().st_size > MAX_FILE:
            part["problem"] = "the file is too large to read its metadata"
            return part
        packet, part["found_in"] = read_xmp(path.read_bytes()), "its XMP metadata"
        if packet is None and (elsewhere := outside_xmp(path, fmt)):
            packet, part["found_in"] = elsewhere
        if packet is None:
            part["found_in"] = ""
            return part
        root = parse_packet(packet)
    except (BadImage, BadXmp) as exc:
        part["present"], part["problem"] = True, str(exc)
        return part
    except OSError as exc:
        part["problem"] = f"the file could not be read ({exc.strerror or exc})"
        return part
    sources = xmp_values(root, "Iptc4xmpExt", "DigitalSourceType")
    mining = xmp_values(root, "plus", "DataMining")
    part.update(present=True, digital_source_type=sources, data_mining=mining,
                ai_generated=any(s.rstrip("/").rsplit("/", 1)[-1] in AI_SOURCE_TYPES for s in sources),
                mining_prohibited=any(m in PROHIBITING for m in mining))
    return part


# -- C2PA ----------------------------------------------------------------------------------------------------------

def _c2pa_part(path: Path, work_hashes: Mapping[str, int], match_image: ImageMatcher | None) -> dict[str, Any]:
    """{available, present, state ("valid"|"trusted"|"invalid"|""), generator, actions, digital_source_types,
    ai_generated, signer, issuer, signed_at, ingredients, training_mining, mining_prohibited, problems, manifest,
    validation}"""
    part: dict[str, Any] = {"available": True, "present": False, "state": "", "generator": "", "actions": [],
                            "digital_source_types": [], "ai_generated": False, "signer": "", "issuer": "",
                            "signed_at": "", "ingredients": [], "training_mining": {}, "mining_prohibited": False,
                            "problems": [], "manifest": None, "validation": None}
    try:
        import c2pa
    except ImportError:
        part["available"] = False
        part["problems"].append("Content Credentials were not read: install c2pa-python to read them")
        return part
    try:
        if path.stat().st_size > MAX_FILE:
            part["problems"].append("the file is too large to read its Content Credentials")
            return part
        with c2pa.Reader(str(path)) as reader:
            store = json.loads(reader.json())
            part["present"] = True
            _read_store(part, store, work_hashes)
            if match_image is not None:
                _match_ingredient_thumbnails(reader, store, part, match_image)
    except c2pa.C2paError as exc:
        text = str(exc)
        said = text.lower().replace(" ", "").replace("_", "")
        if "notfound" in said or "notsupported" in said:
            return part  # no credentials at all, or a format that cannot carry them (plain text, an .xmp file)
        part["present"], part["state"] = True, "invalid"
        part["problems"].append(f"the manifest store cannot be read ({text[:300]})")
        return part
    except (OSError, ValueError) as exc:
        part["problems"].append(f"the file could not be read ({exc})")
        return part
    return part


def _match_ingredient_thumbnails(reader: Any, store: dict[str, Any], part: dict[str, Any],
                                 match_image: ImageMatcher) -> None:
    """An ingredient whose thumbnail is one of the creator's works: the generator says it was made from that work."""
    active = (store.get("manifests") or {}).get(store.get("active_manifest") or "") or {}
    for ingredient, found in zip(active.get("ingredients") or [], part["ingredients"], strict=False):
        thumbnail = (ingredient.get("thumbnail") or {}).get("identifier")
        if not thumbnail or found["work_id"] is not None:
            continue
        suffix = ".png" if "png" in str((ingredient.get("thumbnail") or {}).get("format", "")) else ".jpg"
        with tempfile.NamedTemporaryFile(suffix=suffix) as sink:
            try:
                written = reader.resource_to_stream(thumbnail, sink)
            except Exception:  # a broken resource in someone else's manifest: that ingredient stays unmatched
                continue
            sink.flush()
            if 0 < written <= MAX_THUMBNAIL:
                found["work_id"] = match_image(Path(sink.name))
                found["matched_by"] = "thumbnail" if found["work_id"] is not None else ""


def _read_store(part: dict[str, Any], store: dict[str, Any], work_hashes: Mapping[str, int]) -> None:
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest") or "") or {}
    part["manifest"] = {k: v for k, v in active.items() if k != "thumbnail"}
    part["validation"] = {"state": store.get("validation_state"), "status": store.get("validation_status") or [],
                          "results": store.get("validation_results") or {}}
    state = str(store.get("validation_state") or "").lower()
    failures = [f for f in store.get("validation_status") or [] if "untrusted" not in str(f.get("code", ""))]
    part["state"] = "invalid" if state == "invalid" or failures else (state or "invalid")
    part["problems"] += [f"{f.get('code')}: {f.get('explanation', '')}".strip() for f in failures]
    info = (active.get("claim_generator_info") or [{}])[0]
    part["generator"] = " ".join(str(info.get(k, "")) for k in ("name", "version")).strip() or str(
        active.get("claim_generator", ""))
    signature = active.get("signature_info") or {}
    part["signer"] = str(signature.get("common_name") or "")
    part["issuer"] = str(signature.get("issuer") or "")
    part["signed_at"] = str(signature.get("time") or "")
    for assertion in active.get("assertions") or []:
        label, data = str(assertion.get("label", "")), assertion.get("data") or {}
        if label.startswith("c2pa.actions"):
            for action in data.get("actions") or []:
                part["actions"].append({k: action[k] for k in ("action", "digitalSourceType", "softwareAgent",
                                                                "when") if k in action})
                if action.get("digitalSourceType"):
                    part["digital_source_types"].append(action["digitalSourceType"])
        if label.split(".v")[0] in TRAINING_MINING_LABELS:
            for key, entry in (data.get("entries") or {}).items():
                part["training_mining"][key] = (entry or {}).get("use", "")
    part["ai_generated"] = any(str(s).rstrip("/").rsplit("/", 1)[-1] in AI_SOURCE_TYPES
                               for s in part["digital_source_types"])
    part["mining_prohibited"] = any(use == "notAllowed" for use in part["training_mining"].values())
    for ingredient in (active.get("ingredients") or [])[:100]:
        digest = ingredient_digest(ingredient)
        work_id = work_hashes.get(digest) if digest else None
        part["ingredients"].append({"title": ingredient.get("title", ""), "format": ingredient.get("format", ""),
                                    "relationship": ingredient.get("relationship", ""),
                                    "hash": digest or str(ingredient.get("hash") or ""), "work_id": work_id,
                                    "matched_by": "hash" if work_id is not None else ""})


def ingredient_digest(ingredient: Mapping[str, Any]) -> str:
    """The SHA-256 (lower-case hex) an ingredient gives for its file, or "": its `hash` as hex, "sha256:hex" or
    base64, or an instance/document id written as "sha256:hex" (c2pa-rs keeps ids in the signed assertion; it
    drops a free `hash` field)."""
    ids = [str(ingredient.get(k) or "").strip().lower() for k in ("instance_id", "document_id", "instanceID",
                                                                  "documentID")]
    for value in [str(ingredient.get("hash") or "").strip(), *(i for i in ids if i.startswith(SHA256_PREFIXES))]:
        hexed = value.lower().removeprefix("urn:").removeprefix("sha256:")
        if len(hexed) == 64 and all(ch in "0123456789abcdef" for ch in hexed):
            return hexed
    value = str(ingredient.get("hash") or "").strip()
    try:  # a bare base64 digest, as C2PA writes hashes
        raw = base64.b64decode(value, validate=True) if value and len(value) == 44 else b""
    except (ValueError, binascii.Error):
        raw = b""
    return raw.hex() if len(raw) == 32 else ""


def flag_ingredient_works(found: dict[str, Any], work_hashes: Mapping[str, int]) -> list[dict[str, Any]]:
    """Mark, in `found` (read_provenance's result), every ingredient whose hash is a library work's SHA-256, and
    write its summary again; returns the ingredients newly marked. Proof of use: the find's own credentials say
    it was made from the work."""
    c2pa = found.get("c2pa") or {}
    marked = []
    for ingredient in c2pa.get("ingredients") or []:
        work_id = work_hashes.get(str(ingredient.get("hash") or "").lower())
        if work_id is not None and ingredient.get("work_id") is None:
            ingredient.update(work_id=work_id, matched_by="hash")
            marked.append(ingredient)
    if marked:
        found["summary"] = _summary(found.get("xmp") or {}, c2pa, found.get("do_not_train") or [])
    return marked


def signed_by(c2pa: dict[str, Any]) -> str:
    """Who signed, and for whom their certificate speaks: "Ada (untrusted, self-made by CreatorWatch)". A certificate
    CreatorWatch made says "untrusted" in both its names; said once ("Ada (untrusted) (untrusted, …)" read twice)."""
    signer, issuer = str(c2pa.get("signer") or ""), str(c2pa.get("issuer") or "")
    if "untrusted" in issuer:
        signer = signer.removesuffix(" (untrusted)")
    return f"{signer} ({issuer})" if signer and issuer else signer or issuer


def _summary(xmp: dict[str, Any], c2pa: dict[str, Any], labels: list[str]) -> list[str]:
    lines = []
    if c2pa.get("present"):
        who = f", signed by {signed_by(c2pa)}" if c2pa["signer"] else ""
        made = f"generated by {c2pa['generator']}" if c2pa["generator"] else "made by an unnamed tool"
        if c2pa["state"] == "invalid":
            lines.append(f"Content Credentials present but invalid: {'; '.join(c2pa['problems'][:3])}")
        else:
            trust = "valid and from a trusted signer" if c2pa["state"] == "trusted" else \
                "valid, but the signer is not on a trust list"
            lines.append(f"Content Credentials: {made}{who}; {trust}.")
        if c2pa["ai_generated"]:
            lines.append("Its Content Credentials say it was made by AI (digital source type: trained algorithm).")
        lines += [f"It names your work #{i['work_id']} as an ingredient ({i['title'] or 'untitled'}): its "
                  "Content Credentials say it was made from your work." for i in c2pa["ingredients"] if i["work_id"]]
    elif c2pa.get("problems") and not c2pa.get("available", True):
        lines.append(c2pa["problems"][0])
    if xmp.get("ai_generated"):
        lines.append("Its IPTC metadata labels it as made by AI (" + ", ".join(
            s.rsplit("/", 1)[-1] for s in xmp["digital_source_type"]) + ").")
    if xmp.get("problem"):
        lines.append(f"Its XMP metadata could not be read: {xmp['problem']}.")
    lines += [f"It is marked “not for AI training” in {label}." for label in labels]
    return lines
