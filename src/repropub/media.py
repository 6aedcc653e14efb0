"""The images the article shows: found in the body's HTML, confined, copied beside the page.

Takes the rendered body and the manuscript, and gives the body with every ``<img src>``
rewritten to ``assets/media/...`` plus the list of files to copy there. An image must be a file
inside the manuscript's folder (no absolute path, no ``..`` or symlink leading out, no device
or pipe), of a known image type and within the size limits; a ``data:`` image is kept; an
http(s) image only when its host was allowed (``--allow-host``). SVG figures, files and
``data:`` URLs alike, are cleaned of scripts, handlers and outside links (`repropub.svg`) before
they reach the page. Anything else stops the build
with the image's line, so the page never points at the reader's disk or a tracking server, and
WeasyPrint (which may read only the output folder) finds every image it is asked for.
"""

from __future__ import annotations

import base64
import dataclasses
import shutil
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from lxml import html

from repropub.body import RenderedBody, inner_html
from repropub.errors import InputError, InputErrors
from repropub.limits import Limits
from repropub.manuscript import Manuscript
from repropub.svg import CleanedSvg, UnsafeSvg, clean_svg

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
    cleaned: bytes | None = None
    """For an SVG, the cleaned bytes that are written instead of the file's own."""
    removed: tuple[str, ...] = ()
    """What cleaning took out of the SVG (scripts, handlers, outside links)."""


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
            if src.lower().startswith("data:image/svg+xml"):
                element.set("src", _clean_svg_url(src, limits))
                continue
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


def cleaning_warnings(images: tuple[Image, ...], manuscript: Manuscript) -> list[str]:
    """One warning line per SVG figure that lost something to cleaning."""
    lines = []
    for image in images:
        if image.removed:
            name = image.target.relative_to(MEDIA).as_posix()
            line = _line_of(manuscript, name)
            where = f"{manuscript.path}:{line}" if line else str(manuscript.path)
            lines.append(f"{where}: warning: image {name!r}: removed {', '.join(image.removed)}"
                         " (an SVG figure may not run or load anything) [image.svg-cleaned]")
    return lines


def copy_media(images: tuple[Image, ...], out_dir: Path) -> None:
    """Copy the images into the output folder (the staging folder of the build)."""
    for image in images:
        target = out_dir / image.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if image.cleaned is not None:
            target.write_bytes(image.cleaned)
        else:
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
    _check(source, limits)
    target = MEDIA / source.relative_to(folder)
    if source.suffix.lower() == ".svg":
        cleaned = _clean(source.read_bytes())
        return Image(source, target, cleaned.data, cleaned.removed)
    return Image(source, target)


def _clean(data: bytes) -> CleanedSvg:
    try:
        return clean_svg(data)
    except UnsafeSvg as exc:
        raise _Refused(f"not a usable SVG image: {exc}") from None


def _clean_svg_url(src: str, limits: Limits) -> str:
    """A ``data:image/svg+xml`` URL, cleaned and written again (as base64)."""
    if len(src) > limits.image_bytes:
        raise _Refused(limits.exceeded("image_bytes", "", "the data: URL is too long").message)
    header, comma, payload = src.partition(",")
    if not comma:
        raise _Refused("a data: URL without data")
    try:
        data = (base64.b64decode(payload, validate=False) if header.lower().endswith(";base64")
                else unquote_to_bytes(payload))
    except ValueError:
        raise _Refused("a data: URL whose base64 cannot be read") from None
    return "data:image/svg+xml;base64," + base64.b64encode(_clean(data).data).decode()


def _check(source: Path, limits: Limits) -> None:
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
