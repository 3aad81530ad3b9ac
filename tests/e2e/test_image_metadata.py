"""Uploaded images keep no metadata that could tell where they were taken.

Every file of image_corpus.py (location in EXIF spelled the standard and
the odd ways, after junk or after the scan, in a second JPEG after EOI,
in XMP, IPTC, PNG text chunks, WebP EXIF/XMP chunks, GIF extensions, and
camera-style files) goes through the real server (presign + PUT), is
downloaded again and read by an independent reader, exiftool: nothing
but rendering information may be left (EXIF may keep its Orientation and
nothing else), the corpus' canary bytes are gone, and the image decodes
to the same pixels as the original.  A file that is not well-formed may
be refused with 415 instead."""

import io
import json
import os
import subprocess
import tempfile
import unittest

from PIL import Image, ImageSequence

import image_corpus
from harness import ServerTestCase

# exiftool groups (-G1) a stripped image may still show: the reader's own,
# the file system's, and each format's rendering information.
ALLOWED_GROUPS = {"ExifTool", "System", "File", "JFIF", "Composite", "PNG",
                  "PNG-pHYs", "RIFF", "GIF", "Adobe", "APP14"}
# tags of File that come from metadata rather than the image itself
FORBIDDEN_FILE_TAGS = {"Comment", "CurrentIPTCDigest"}


def exiftool_tags(data, suffix):
    with tempfile.NamedTemporaryFile(suffix=suffix) as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["exiftool", "-j", "-G1", "-a", "-ee", "-u",
                              f.name], check=True,
                             stdout=subprocess.PIPE).stdout
    return json.loads(out)[0]


def leaks(tags):
    """The tags exiftool found that are not rendering information."""
    bad = {}
    for key, value in tags.items():
        if ":" not in key:
            continue  # SourceFile
        group, name = key.split(":", 1)
        ok = (group in ALLOWED_GROUPS or group.startswith("ICC")) and \
            not (group == "File" and name in FORBIDDEN_FILE_TAGS)
        if group == "IFD0" and name == "Orientation":
            ok = True
        if "gps" in key.lower() or image_corpus.CANARY.decode() in \
                str(value):
            ok = False
        if not ok:
            bad[key] = value
    return bad


def frames(data):
    """The decoded frames of an image (RGBA bytes each)."""
    img = Image.open(io.BytesIO(data))
    return img.size, [f.convert("RGBA").tobytes()
                      for f in ImageSequence.Iterator(img)]


class ImageMetadataTest(ServerTestCase):
    server_args = ("--max-upload-size", "1000000")

    def setUp(self):
        self.user = self.server.make_user()

    def upload(self, data, ctype):
        p = self.server.presign(self.user, data, ctype)
        r = self.server.request("PUT", p["uploadUrl"], raw=data,
                                content_type=ctype)
        return p["fileKey"], r

    def test_corpus_has_locations(self):
        # the corpus is what it claims: exiftool or the canary sees a
        # location in every file (else the test below proves nothing)
        for name, ctype, data, _ in image_corpus.corpus():
            with self.subTest(name=name):
                tags = exiftool_tags(data, "." + ctype.split("/")[1])
                self.assertTrue(leaks(tags) or
                                image_corpus.CANARY in data, name)

    def test_no_location_survives_an_upload(self):
        for name, ctype, data, may_refuse in image_corpus.corpus():
            with self.subTest(name=name):
                key, r = self.upload(data, ctype)
                if r.status == 415 and may_refuse:
                    self.assert_problem(r, 415, "UNSUPPORTED_MEDIA_TYPE")
                    continue
                self.assert_status(r, 201)
                r = self.get("/files/" + key, token=self.user["access"])
                self.assert_status(r, 200)
                stored = r.raw
                self.assertFalse(image_corpus.CANARY in stored,
                                 "%s: the canary survived" % name)
                tags = exiftool_tags(stored, "." + ctype.split("/")[1])
                self.assertEqual(leaks(tags), {},
                                 "%s: metadata survived" % name)
                self.assertNotIn("Warning", str(tags.keys()), name)
                self.assertEqual(frames(stored), frames(data),
                                 "%s: the image changed" % name)
                self.assertLessEqual(len(stored), len(data))

    def test_orientation_is_kept(self):
        # a phone's portrait photo must not turn on its side
        data = image_corpus.after_soi(image_corpus.jpeg_base(),
                                      image_corpus.app1_exif())
        key = self.server.upload(self.user, data, "image/jpeg")
        r = self.get("/files/" + key, token=self.user["access"])
        tags = exiftool_tags(r.raw, ".jpg")
        self.assertEqual(tags.get("IFD0:Orientation"), "Rotate 90 CW")
        self.assertEqual(leaks(tags), {})
        self.assertEqual(Image.open(io.BytesIO(r.raw)).getexif().get(
            0x0112), 6)

    def test_malformed_images_are_refused(self):
        base = image_corpus.jpeg_base()
        png = image_corpus.pillow("PNG")
        gif = image_corpus.pillow("GIF")
        webp = image_corpus.pillow("WEBP")
        bad_crc = bytearray(png)
        bad_crc[8 + 8 + 13] ^= 0xFF  # IHDR's CRC
        cases = [
            ("jpeg without EOI", "image/jpeg", base[:-2]),
            ("jpeg cut in a segment", "image/jpeg", base[:40]),
            ("jpeg segment length past the end", "image/jpeg",
             base[:2] + b"\xff\xe1\xff\xf0Exif\0\0"),
            ("jpeg without a scan", "image/jpeg", b"\xff\xd8\xff\xd9"),
            ("png with a bad CRC", "image/png", bytes(bad_crc)),
            ("png without IEND", "image/png", png[:-12]),
            ("png huge chunk length", "image/png",
             png[:33] + b"\xff\xff\xff\xf0tEXt"),
            ("png unknown critical chunk", "image/png", image_corpus.
             png_insert(png, image_corpus.png_chunk(b"LOCN", b"x"))),
            ("gif without trailer", "image/gif", gif[:-1]),
            ("webp riff size past the end", "image/webp",
             webp[:4] + b"\xff\xff\x00\x00" + webp[8:]),
            ("webp without image data", "image/webp",
             b"RIFF\x0e\0\0\0WEBPEXIF\x02\0\0\0ab"),
        ]
        for name, ctype, data in cases:
            with self.subTest(name=name):
                p = self.server.presign(self.user, data, ctype)
                key = p["fileKey"]
                with self.unchanged_db():
                    r = self.server.request("PUT", p["uploadUrl"], raw=data,
                                            content_type=ctype)
                self.assert_problem(r, 415, "UNSUPPORTED_MEDIA_TYPE")
                self.assertEqual([f for f in self.server.stored_files()
                                  if key in f], [])


if __name__ == "__main__":
    unittest.main()
