"""images.py -- small test images made with Pillow (Debian's python3-pil),
including a JPEG whose EXIF carries GPS coordinates."""

import io

from PIL import Image

# Seoul City Hall, as the camera would write it.
GPS_IFD = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
GPS_TAG = 0x8825
MAKE_TAG = 0x010F


def image_bytes(fmt="PNG", size=(16, 12), color=(30, 120, 200), **save):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt, **save)
    return buf.getvalue()


def png():
    return image_bytes("PNG")


def gif():
    return image_bytes("GIF")


def webp():
    return image_bytes("WEBP")


def jpeg_with_gps():
    """A JPEG whose EXIF names the camera and where it was."""
    exif = Image.Exif()
    exif[MAKE_TAG] = "PetoryCam"
    exif[GPS_TAG] = GPS_IFD
    data = image_bytes("JPEG", size=(64, 48), exif=exif)
    assert read_exif(data)[1], "Pillow did not write the GPS IFD"
    return data


def read_exif(data):
    """(EXIF tags, GPS IFD) of an image's bytes."""
    exif = Image.open(io.BytesIO(data)).getexif()
    return dict(exif), dict(exif.get_ifd(GPS_TAG))


def decodes(data):
    """The image decodes fully (its size), or an exception is raised."""
    img = Image.open(io.BytesIO(data))
    img.load()
    return img.size
