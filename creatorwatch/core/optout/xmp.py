"""XMP packets that say "do not train" (IPTC/PLUS Data Mining, rights, creator contact), and a safe XMP reader.

Packets are parsed with defusedxml: a DTD, an entity declaration or an external reference is refused, never
expanded, and a packet larger than MAX_PACKET is not parsed at all.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_PACKET = 4 * 1024 * 1024
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)
VOCAB = "http://ns.useplus.org/ldf/vocab/"
AIML_PROHIBITED = VOCAB + "DMI-PROHIBITED-AIMLTRAINING"
ALL_MINING_PROHIBITED = VOCAB + "DMI-PROHIBITED"
PROHIBITING = {AIML_PROHIBITED, ALL_MINING_PROHIBITED, VOCAB + "DMI-PROHIBITED-GENAIMLTRAINING",
               VOCAB + "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING"}
XMP_HEADER = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
XMP_TRAILER = b'\n<?xpacket end="w"?>'


class BadXmp(ValueError):
    """An XMP packet that cannot be read safely; the message says why in plain words."""


@dataclass(frozen=True)
class Reservation:
    """What every protected copy says: who holds the rights, how to reach them, and that mining is not allowed."""

    name: str = ""
    contact: str = ""  # an e-mail address or a web address
    policy_url: str = ""  # where the creator's licensing terms are, if anywhere
    data_mining: str = AIML_PROHIBITED
    year: int = field(default_factory=lambda: datetime.now(UTC).year)  # protect sets the year the work was made

    @property
    def copyright(self) -> str:
        """Never a placeholder for the name ("© 2026 the creator" went out in copies): protect asks for it first."""
        who = f" {self.name}" if self.name else ""
        return f"© {self.year}{who}. All rights reserved."

    @property
    def terms(self) -> str:
        what = ("Text and data mining of any kind" if self.data_mining == ALL_MINING_PROHIBITED
                else "Use for AI or machine-learning training, and text and data mining for it,")
        contact = f" Licensing: {self.contact}." if self.contact else ""
        return (f"{what} is not allowed: the rightholder reserves these rights (EU Directive 2019/790, Art. 4(3))."
                f"{contact}")


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


OWNED = {_q("plus", "DataMining"), _q("dc", "rights"), _q("xmpRights", "Marked"), _q("xmpRights", "UsageTerms"),
         _q("xmpRights", "WebStatement"), _q("Iptc4xmpCore", "CreatorContactInfo"), _q("photoshop", "Credit")}


def reservation_packet(reservation: Reservation, existing: bytes | None = None) -> tuple[bytes, str]:
    """An XMP packet carrying `reservation`; with `existing`, that packet's other properties are kept.

    Returns the packet and a note ("" or why the existing packet could not be kept)."""
    note = ""
    root = None
    if existing:
        try:
            root = parse_packet(existing)
        except BadXmp as exc:
            note = f"the file's own XMP metadata could not be kept ({exc})"
    if root is None or (root.find(_q("rdf", "RDF")) is None and root.tag != _q("rdf", "RDF")):
        root = ET.Element(_q("x", "xmpmeta"))
        ET.SubElement(root, _q("rdf", "RDF"))
    rdf = root if root.tag == _q("rdf", "RDF") else root.find(_q("rdf", "RDF"))
    assert rdf is not None
    for description in rdf.findall(_q("rdf", "Description")):
        for attribute in [a for a in description.attrib if a in OWNED]:
            del description.attrib[attribute]
        for child in [c for c in description if c.tag in OWNED]:
            description.remove(child)
    rdf.append(_description(reservation))
    body = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return XMP_HEADER + body + XMP_TRAILER, note


def _description(r: Reservation) -> ET.Element:
    d = ET.Element(_q("rdf", "Description"), {_q("rdf", "about"): "", _q("plus", "DataMining"): r.data_mining,
                                               _q("xmpRights", "Marked"): "True"})
    _lang_alt(d, _q("dc", "rights"), r.copyright)
    _lang_alt(d, _q("xmpRights", "UsageTerms"), r.terms)
    if r.policy_url:
        ET.SubElement(d, _q("xmpRights", "WebStatement")).text = r.policy_url
    if r.contact:
        info = ET.SubElement(d, _q("Iptc4xmpCore", "CreatorContactInfo"), {_q("rdf", "parseType"): "Resource"})
        field = "CiEmailWork" if "@" in r.contact and "://" not in r.contact else "CiUrlWork"
        ET.SubElement(info, _q("Iptc4xmpCore", field)).text = r.contact
    if r.name:
        ET.SubElement(d, _q("photoshop", "Credit")).text = r.name
    return d


def _lang_alt(parent: ET.Element, tag: str, text: str) -> None:
    alt = ET.SubElement(ET.SubElement(parent, tag), _q("rdf", "Alt"))
    ET.SubElement(alt, _q("rdf", "li"), {"{http://www.w3.org/XML/1998/namespace}lang": "x-default"}).text = text


def parse_packet(packet: bytes) -> ET.Element:
    """The root element of an XMP packet (x:xmpmeta or rdf:RDF), parsed without DTDs or entities."""
    if len(packet) > MAX_PACKET:
        raise BadXmp(f"the XMP packet is {len(packet) // 1024} KiB, more than CreatorWatch reads")
    start = packet.find(b"<x:xmpmeta")
    if start < 0:
        start = packet.find(b"<rdf:RDF")
    end_tag = b"</x:xmpmeta>" if packet[start:start + 10] == b"<x:xmpmeta" else b"</rdf:RDF>"
    end = packet.rfind(end_tag)
    if start < 0 or end < 0:
        raise BadXmp("the XMP packet is cut off or not XMP")
    if b"<!DOCTYPE" in packet[:start] or b"<!ENTITY" in packet:
        raise BadXmp("the XMP packet declares entities, which CreatorWatch never expands")
    try:
        return fromstring(packet[start:end + len(end_tag)], forbid_dtd=True)
    except DefusedXmlException as exc:
        raise BadXmp(f"the XMP packet uses a forbidden XML feature ({type(exc).__name__})") from exc
    except ET.ParseError as exc:
        raise BadXmp(f"the XMP packet is malformed XML ({exc})") from exc


def xmp_values(root: ET.Element, prefix: str, name: str) -> list[str]:
    """Every value of property prefix:name in a parsed packet: attribute form, element text, or rdf:li items."""
    tag, found = _q(prefix, name), []
    for description in root.iter(_q("rdf", "Description")):
        if tag in description.attrib:
            found.append(description.attrib[tag])
        for element in description.findall(tag):
            resource = element.get(_q("rdf", "resource"))
            items = [li.text or "" for li in element.iter(_q("rdf", "li"))]
            found += [resource] if resource else items or [(element.text or "").strip()]
    return [v.strip() for v in found if v and v.strip()]
