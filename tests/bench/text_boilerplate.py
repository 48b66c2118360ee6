"""Build creatorwatch/core/fingerprint/text_boilerplate.npy: seeds of standard licence texts, known boilerplate.

Run by hand when the fingerprint format changes: python -m tests.bench.text_boilerplate. Sources are Debian's
/usr/share/common-licenses (base-files), the choosealicense.com texts shipped in ruby-licensee and the licence
templates of libsoftware-license-perl, fetched with apt-get download.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint.text_boilerplate import DATA
from creatorwatch.core.fingerprint.text_shingle import fingerprint_of

PACKAGES = ("ruby-licensee", "libsoftware-license-perl")
COMMON_LICENSES = Path("/usr/share/common-licenses")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        texts = licence_texts(Path(folder))
    seeds = np.unique(np.concatenate([fingerprint_of(text).seeds for text in texts]))
    np.save(DATA, seeds.astype("<u4"), allow_pickle=False)
    print(f"{len(texts)} licence texts, {len(seeds)} seeds, {DATA.stat().st_size // 1024} KiB → {DATA}")


def licence_texts(folder: Path) -> list[str]:
    """The standard licence texts, their packages downloaded into (and kept in) `folder`."""
    root = folder / "x"
    if not (folder / ".done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=folder, check=True, capture_output=True)
        for deb in folder.glob("*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        (folder / ".done").touch()
    return [*_common_licenses(), *_choosealicense(root), *_perl_templates(root)]


def _common_licenses() -> list[str]:
    return [p.read_text(errors="replace") for p in sorted(COMMON_LICENSES.iterdir()) if p.is_file()]


def _choosealicense(root: Path) -> list[str]:
    """choosealicense.com texts without their YAML front matter."""
    files = sorted(root.rglob("choosealicense.com/_licenses/*.txt"))
    return [re.sub(r"\A---\n.*?\n---\n", "", p.read_text(), flags=re.S) for p in files]


def _perl_templates(root: Path) -> list[str]:
    """Notice and licence sections of Software::License, template fields left in (they only break shingles)."""
    texts = []
    for module in sorted(root.rglob("Software/License/*.pm")):
        data = module.read_text(errors="replace").partition("\n__DATA__\n")[2]
        texts += [part for part in re.split(r"^__[A-Z]+__$", data, flags=re.M) if len(part.split()) > 10]
    return texts


if __name__ == "__main__":
    main()
