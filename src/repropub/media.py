"""The images the article shows: found in the body's HTML, confined, copied beside the page.

Takes the rendered body and the manuscript, and gives the body with every ``<img src>``
rewritten to ``assets/media/...`` plus the list of files to copy there. An image must be a file
inside the manuscript's folder (no absolute path, no ``..`` or symlink leading out, no device
or pipe), of a known image type and within the size limits; a ``data:`` image is kept; an
http(s) image only when its host was allowed (``--allow-host``). Anything else stops the build
with the image's line, so the page never points at the reader's disk or a tracking server, and
WeasyPrint (which may read only the output folder) finds every image it is asked for.
"""

from __future__ import annotations

import dataclasses
import shutil
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html

from repropub.body import RenderedBody, inner_html
from repropub.errors import InputError, InputErrors
from repropub.limits import Limits
from repropub.manuscript import Manuscript

MEDIA = Path("assets") / "media"
"""Where the images go, inside the output folder."""

TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml"}
"""The image types a page may show, by file extension."""


@dataclass(frozen=True)
class Image:
    source: Path
    """The file inside the manuscript's folder (symlinks resolved)."""
    target: Path
    """Its place relative to the output folder (``assets/media/figures/map.png``)."""


def collect_media(body: RenderedBody, manuscript: Manuscript, limits: Limits,
                  allowed_hosts: frozenset[str] = frozenset()) -> tuple[RenderedBody,
                                                                          tuple[Image, ...]]:
    """The body with its images pointing into `MEDIA`, and the files to copy there."""
    if "<img" not in body.html:
        return body, ()
    root = html.fragment_fromstring(body.html, create_parent="div")
    folder = manuscript.path.resolve().parent
    images: dict[Path, Image] = {}
    errors: list[InputError] = []
    for element in root.iter("img"):
        src = (element.get("src") or "").strip()
        if not src:
            continue
        try:
            image = _confine(src, folder, limits, allowed_hosts)
        except _Refused as refused:
            errors.append(InputError(manuscript.path, f"image {src[:80]!r}: {refused}",
                                     _line_of(manuscript, src)))
            continue
        if image is not None:
            images.setdefault(image.source, image)
            element.set("src", images[image.source].target.as_posix())
    if errors:
        raise InputErrors(errors)
    return dataclasses.replace(body, html=inner_html(root)), tuple(images.values())


def copy_media(images: tuple[Image, ...], out_dir: Path) -> None:
    """Copy the images into the output folder (the staging folder of the build)."""
    for image in images:
        target = out_dir / image.target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image.source, target, follow_symlinks=True)


class _Refused(Exception):
    pass


def _confine(src: str, folder: Path, limits: Limits,
             allowed_hosts: frozenset[str]) -> Image | None:
    """The image `src` names, or None for one kept as it is (data:, an allowed host)."""
    parts = urlsplit(src)
    scheme = parts.scheme.lower()
    if scheme == "data":
        kind = parts.path.split(";", 1)[0].split(",", 1)[0].lower()
        if kind not in TYPES.values():
            raise _Refused(f"a data: URL of type {kind or 'unknown'!r} is not an image")
        if len(src) > limits.image_bytes:
            raise _Refused(limits.exceeded("image_bytes", "", "the data: URL is too long")
                           .message)
        return None
    if scheme in ("http", "https") or src.startswith("//"):
        if scheme and parts.hostname and parts.hostname.lower() in allowed_hosts:
            return None
        raise _Refused("images are not fetched from the network: copy it into the "
                       "manuscript's folder (or allow its host with --allow-host HOST)")
    if scheme or parts.netloc:
        raise _Refused(f"only files inside the manuscript's folder are used, not {scheme}: "
                       "URLs")
    relative = unquote(parts.path)
    if relative.startswith(("/", "\\")):
        raise _Refused("an absolute path; give the path relative to the manuscript")
    source = (folder / relative).resolve()
    if not source.is_relative_to(folder):
        raise _Refused("it is outside the manuscript's folder (through '..' or a symlink)")
    return Image(source, MEDIA / source.relative_to(folder)) if _check(source, limits) else None


def _check(source: Path, limits: Limits) -> bool:
    try:
        info = source.stat()
    except OSError:
        raise _Refused("file not found") from None
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("not a regular file")
    if source.suffix.lower() not in TYPES:
        raise _Refused(f"not an image type the page can show ({', '.join(TYPES)})")
    if info.st_size > limits.image_bytes:
        raise _Refused(limits.exceeded("image_bytes", "", f"the file has {info.st_size:,} "
                                       "bytes").message)
    if source.suffix.lower() != ".svg":
        _check_pixels(source, limits)
    return True


def _check_pixels(source: Path, limits: Limits) -> None:
    """A small file can declare a huge raster (a decompression bomb); read only its header."""
    from PIL import Image as Pillow
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Pillow.DecompressionBombWarning)
            with Pillow.open(source) as image:
                width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise _Refused(f"not a readable image ({exc})") from None
    except Pillow.DecompressionBombError:
        width = height = limits.image_pixels + 1
    if width * height > limits.image_pixels:
        raise _Refused(limits.exceeded("image_pixels", "", f"it has {width} x {height} pixels")
                       .message)


def _line_of(manuscript: Manuscript, src: str) -> int | None:
    """The manuscript line that names `src`, when it can be found."""
    at = manuscript.text.find(src)
    return manuscript.text.count("\n", 0, at) + 1 if at >= 0 else None
