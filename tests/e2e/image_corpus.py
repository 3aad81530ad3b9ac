"""image_corpus.py -- crafted images that carry a location, for the
metadata-removal tests (test_image_metadata.py) and the fuzzer's seeds.

Every file holds the same coordinates (Seoul City Hall) somewhere a
viewer or a careless stripper would find them: EXIF spelled the standard
way and the odd ways, after junk bytes or after the scan, in a second
JPEG after EOI (phones' multi-picture files), in XMP, in IPTC, in PNG
eXIf/iTXt/tEXt/zTXt chunks, in WebP EXIF/XMP chunks and in GIF comment
and application extensions.  Every carrier also holds CANARY, so a test
can look for the raw bytes as well as ask exiftool.

    python3 image_corpus.py OUTDIR    writes every file to OUTDIR

Built with Pillow (base images) and exiftool (camera-style metadata);
the odd spellings are made here by hand, byte by byte.
"""

import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

from PIL import Image

CANARY = b"PETORY-CANARY-LOC"
LAT, LON = 37.5665, 126.978

XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="" '
       b'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
       b'exif:GPSLatitude="37,33.99N" exif:GPSLongitude="126,58.68E" '
       b'photoshop:City="' + CANARY + b'"/></rdf:RDF></x:xmpmeta>'
       b'<?xpacket end="w"?>')


# ---- EXIF (TIFF) by hand ----

def _ifd(entries, base, extra_at):
    """One little-endian IFD at offset base; values that do not fit in 4
    bytes go to extra_at.  Returns (ifd bytes, extra bytes)."""
    sizes = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1}
    out = struct.pack("<H", len(entries))
    extra = b""
    for tag, typ, count, value in sorted(entries):
        if len(value) <= 4:
            field = value.ljust(4, b"\0")
        else:
            field = struct.pack("<I", extra_at + len(extra))
            extra += value + (b"\0" if len(value) % 2 else b"")
        assert len(value) == sizes[typ] * count
        out += struct.pack("<HHI", tag, typ, count) + field
    return out + struct.pack("<I", 0), extra


def _rationals(*pairs):
    return b"".join(struct.pack("<II", a, b) for a, b in pairs)


def exif_tiff(orientation=6):
    """A TIFF/EXIF block: IFD0 (Make = CANARY, Orientation) and a GPS
    IFD with latitude and longitude."""
    make = CANARY + b"\0"
    n0 = 3
    ifd0_at = 8
    ifd0_len = 2 + 12 * n0 + 4
    gps_at = ifd0_at + ifd0_len + len(make) + (len(make) % 2)
    gps_entries = [
        (1, 2, 2, b"N\0"),
        (2, 5, 3, _rationals((37, 1), (33, 1), (5939, 100))),
        (3, 2, 2, b"E\0"),
        (4, 5, 3, _rationals((126, 1), (58, 1), (4080, 100))),
    ]
    ifd0, extra0 = _ifd([
        (0x010F, 2, len(make), make),
        (0x0112, 3, 1, struct.pack("<H", orientation)),
        (0x8825, 4, 1, struct.pack("<I", gps_at)),
    ], ifd0_at, ifd0_at + ifd0_len)
    assert len(ifd0) == ifd0_len
    gps_len = 2 + 12 * len(gps_entries) + 4
    gps, extra_g = _ifd(gps_entries, gps_at, gps_at + gps_len)
    tiff = b"II*\0" + struct.pack("<I", ifd0_at) + ifd0 + extra0
    assert len(tiff) == gps_at, (len(tiff), gps_at)
    return tiff + gps + extra_g


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + \
        payload


def app1_exif(prefix=b"Exif\0\0", orientation=6):
    return segment(0xE1, prefix + exif_tiff(orientation))


def app1_xmp():
    return segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + XMP)


# ---- base images ----

def pillow(fmt, size=(48, 32), mode="RGB", **save):
    buf = io.BytesIO()
    img = Image.new(mode, size, (30, 120, 200) if mode == "RGB"
                    else (30, 120, 200, 128))
    for x in range(size[0]):  # something to compress
        img.putpixel((x, x % size[1]), (250, 10, 10) if mode == "RGB"
                     else (250, 10, 10, 255))
    img.save(buf, fmt, **save)
    return buf.getvalue()


def animated(fmt, **save):
    frames = [Image.new("RGB", (24, 16), c)
              for c in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    buf = io.BytesIO()
    frames[0].save(buf, fmt, save_all=True, append_images=frames[1:],
                   duration=100, loop=0, **save)
    return buf.getvalue()


def exiftool_write(data, suffix, *args):
    """data with exiftool's writes applied (a temporary file)."""
    d = tempfile.mkdtemp()
    try:
        path = os.path.join(d, "img" + suffix)
        with open(path, "wb") as f:
            f.write(data)
        subprocess.run(["exiftool", "-q", "-q", "-overwrite_original"] +
                       list(args) + [path], check=True)
        with open(path, "rb") as f:
            return f.read()
    finally:
        shutil.rmtree(d)


GPS_ARGS = ("-GPSLatitude=%s" % LAT, "-GPSLatitudeRef=N",
            "-GPSLongitude=%s" % LON, "-GPSLongitudeRef=E")
XMP_ARGS = ("-XMP-exif:GPSLatitude=%s N" % LAT,
            "-XMP-exif:GPSLongitude=%s E" % LON,
            "-XMP-photoshop:City=" + CANARY.decode())


# ---- JPEG ----

def jpeg_base(**save):
    return pillow("JPEG", **save)


def after_soi(jpeg, *segments):
    """segments right after SOI and APP0 JFIF."""
    assert jpeg[:2] == b"\xff\xd8"
    pos = 2
    if jpeg[2:4] == b"\xff\xe0":
        pos = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:pos] + b"".join(segments) + jpeg[pos:]


def before_eoi(jpeg, *segments):
    assert jpeg.endswith(b"\xff\xd9")
    return jpeg[:-2] + b"".join(segments) + jpeg[-2:]


def camera_jpeg():
    """What a phone writes, more or less: full EXIF (camera, dates, GPS,
    an IFD1 thumbnail that is itself a JPEG with GPS), XMP with the
    location, IPTC city, a comment, and a second JPEG after EOI."""
    thumb = after_soi(pillow("JPEG", size=(16, 12)), app1_exif())
    d = tempfile.mkdtemp()
    try:
        tpath = os.path.join(d, "thumb.jpg")
        with open(tpath, "wb") as f:
            f.write(thumb)
        data = exiftool_write(
            jpeg_base(size=(96, 64)), ".jpg",
            "-Make=PetoryPhone", "-Model=" + CANARY.decode(),
            "-DateTimeOriginal=2026:05:04 12:00:00",
            "-Orientation#=6", "-Software=" + CANARY.decode(),
            "-ThumbnailImage<=" + tpath, *GPS_ARGS, *XMP_ARGS,
            "-IPTC:City=" + CANARY.decode(),
            "-IPTC:Sub-location=City Hall",
            "-Comment=taken at %s %s" % (LAT, LON))
    finally:
        shutil.rmtree(d)
    second = after_soi(jpeg_base(size=(32, 24)), app1_exif())
    return data + second


def jpeg_cases():
    base = jpeg_base()
    return [
        ("jpeg_exif", after_soi(base, app1_exif()), False),
        ("jpeg_exif_spelled_ff", after_soi(
            base, app1_exif(b"Exif\0\xff")), False),
        ("jpeg_exif_lowercase", after_soi(
            base, app1_exif(b"exif\0\0")), False),
        ("jpeg_exif_after_junk", after_soi(
            base, b"\x00\x00" + app1_exif()), True),
        ("jpeg_exif_after_sos", before_eoi(base, app1_exif()), False),
        ("jpeg_exif_in_fill_bytes", after_soi(
            base, b"\xff\xff" + app1_exif()), False),
        ("jpeg_second_image_after_eoi", base + after_soi(
            jpeg_base(size=(16, 16)), app1_exif()), False),
        ("jpeg_xmp", after_soi(base, app1_xmp()), False),
        ("jpeg_comment_app13", after_soi(
            base, segment(0xFE, b"at " + CANARY),
            segment(0xED, b"Photoshop 3.0\0" + CANARY)), False),
        ("jpeg_progressive", after_soi(
            jpeg_base(progressive=True), app1_exif(), app1_xmp()), False),
        ("jpeg_exiftool_gps", exiftool_write(
            base, ".jpg", *GPS_ARGS, "-Model=" + CANARY.decode()), False),
        ("jpeg_camera", camera_jpeg(), False),
    ]


# ---- PNG ----

def png_chunk(ctype, data):
    return struct.pack(">I", len(data)) + ctype + data + \
        struct.pack(">I", zlib.crc32(ctype + data))


def png_insert(png, *chunks, after_iend=False):
    """chunks right after IHDR (or after IEND)."""
    if after_iend:
        return png + b"".join(chunks)
    pos = 8 + 8 + 13 + 4
    return png[:pos] + b"".join(chunks) + png[pos:]


def png_cases():
    base = pillow("PNG")
    xmp_key = b"XML:com.adobe.xmp\0"
    raw_exif = b"Exif\0\0" + exif_tiff()
    raw_profile = b"\nexif\n%8d\n%s\n" % (len(raw_exif),
                                         raw_exif.hex().encode())
    return [
        ("png_exif", png_insert(base, png_chunk(b"eXIf", exif_tiff())),
         False),
        ("png_itxt_xmp", png_insert(base, png_chunk(
            b"iTXt", xmp_key + b"\0\0\0\0" + XMP)), False),
        ("png_itxt_xmp_compressed", png_insert(base, png_chunk(
            b"iTXt", xmp_key + b"\1\0\0\0" + zlib.compress(XMP))), False),
        ("png_text_xmp", png_insert(base, png_chunk(
            b"tEXt", xmp_key + XMP)), False),
        ("png_ztxt_raw_exif", png_insert(base, png_chunk(
            b"zTXt", b"Raw profile type exif\0\0" +
            zlib.compress(raw_profile))), False),
        ("png_exif_after_iend", png_insert(
            base, png_chunk(b"eXIf", exif_tiff()), after_iend=True), False),
        ("png_exiftool_gps", exiftool_write(
            base, ".png", *GPS_ARGS, *XMP_ARGS), False),
        ("png_alpha_exif", png_insert(pillow("PNG", mode="RGBA"),
                                      png_chunk(b"eXIf", exif_tiff())),
         False),
    ]


# ---- WebP ----

def riff_chunk(fourcc, data):
    return fourcc + struct.pack("<I", len(data)) + data + \
        (b"\0" if len(data) % 2 else b"")


def webp_add(webp, *chunks, flags=0x0C):
    """A WebP with chunks appended, made extended (VP8X) if it was not."""
    assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP"
    body = webp[12:]
    if body[:4] != b"VP8X":
        img = Image.open(io.BytesIO(webp))
        w, h = img.size
        alpha = 0x10 if img.mode == "RGBA" else 0
        vp8x = bytes([flags | alpha, 0, 0, 0]) + \
            struct.pack("<I", w - 1)[:3] + struct.pack("<I", h - 1)[:3]
        body = riff_chunk(b"VP8X", vp8x) + body
    else:
        body = body[:8] + bytes([body[8] | flags]) + body[9:]
    body += b"".join(chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def webp_cases():
    lossy = pillow("WEBP")
    lossless = pillow("WEBP", mode="RGBA", lossless=True)
    exif = riff_chunk(b"EXIF", exif_tiff())
    xmp = riff_chunk(b"XMP ", XMP)
    return [
        ("webp_exif_xmp", webp_add(lossy, exif, xmp), False),
        ("webp_lossless_alpha_exif", webp_add(lossless, exif), False),
        ("webp_exif_prefixed", webp_add(lossy, riff_chunk(
            b"EXIF", b"Exif\0\0" + exif_tiff())), False),
        ("webp_unknown_chunk", webp_add(lossy, riff_chunk(
            b"LOCN", CANARY)), False),
        ("webp_animated_xmp", webp_add(animated("WEBP"), xmp), False),
        ("webp_exiftool_gps", exiftool_write(
            lossy, ".webp", *GPS_ARGS, *XMP_ARGS), False),
    ]


# ---- GIF ----

def gif_insert(gif, *blocks):
    """blocks right after the header and global colour table."""
    pos = 13
    if gif[10] & 0x80:
        pos += 3 << ((gif[10] & 7) + 1)
    # extensions need the 89a header
    return b"GIF89a" + gif[6:pos] + b"".join(blocks) + gif[pos:]


def sub_blocks(data):
    out = b""
    for i in range(0, len(data), 255):
        part = data[i:i + 255]
        out += bytes([len(part)]) + part
    return out + b"\0"


def gif_cases():
    base = pillow("GIF")
    comment = b"\x21\xfe" + sub_blocks(b"taken at 37.5665N 126.978E " +
                                       CANARY)
    xmp = b"\x21\xff\x0bXMP DataXMP" + XMP + bytes(
        [1] + list(range(255, -1, -1)) + [0])  # the "magic trailer"
    other_app = b"\x21\xff\x0bPETORYLOC10" + sub_blocks(CANARY)
    return [
        ("gif_comment", gif_insert(base, comment), False),
        ("gif_xmp", gif_insert(base, xmp), False),
        ("gif_other_application", gif_insert(base, other_app), False),
        ("gif_animated_xmp", gif_insert(animated("GIF"), xmp, comment),
         False),
        ("gif_exiftool_xmp", exiftool_write(
            base, ".gif", *XMP_ARGS, "-Comment=" + CANARY.decode()), False),
    ]


CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png",
                 "webp": "image/webp", "gif": "image/gif"}


def corpus():
    """[(name, content type, bytes, may be refused)]: may be refused
    marks files that are not well-formed (a server may take them cleaned
    or refuse them with 415); every other file must be taken."""
    out = []
    for name, data, may_refuse in (jpeg_cases() + png_cases() +
                                   webp_cases() + gif_cases()):
        out.append((name, CONTENT_TYPES[name.split("_")[0]], data,
                    may_refuse))
    return out


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: image_corpus.py OUTDIR\n")
        return 2
    os.makedirs(argv[1], exist_ok=True)
    for name, ctype, data, _ in corpus():
        ext = ctype.split("/")[1]
        with open(os.path.join(argv[1], "%s.%s" % (name, ext)), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
