/* scrim-image.c
 *
 * Recognising images by their first bytes, reading the size they declare,
 * and sending each to its decoder.
 *
 * Everything here reads data from seized devices, so every offset is checked
 * against the length before it is read: a header may lie about any size or
 * offset. The probes only ever read, never allocate, and stop at the first
 * thing that does not fit.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-image.h"

static const char * const file_type_names[SCRIM_N_FILE_TYPES] = {
  [SCRIM_FILE_TYPE_OTHER] = "other",
  [SCRIM_FILE_TYPE_JPEG] = "jpeg",
  [SCRIM_FILE_TYPE_PNG] = "png",
  [SCRIM_FILE_TYPE_GIF] = "gif",
  [SCRIM_FILE_TYPE_BMP] = "bmp",
  [SCRIM_FILE_TYPE_WEBP] = "webp",
  [SCRIM_FILE_TYPE_HEIC] = "heic",
  [SCRIM_FILE_TYPE_TIFF] = "tiff",
};

static const char * const status_names[SCRIM_N_STATUS] = {
  [SCRIM_STATUS_OK] = "ok",
  [SCRIM_STATUS_NOT_IMAGE] = "not-image",
  [SCRIM_STATUS_UNSUPPORTED] = "unsupported",
  [SCRIM_STATUS_CORRUPT] = "corrupt",
  [SCRIM_STATUS_TOO_LARGE] = "too-large",
  [SCRIM_STATUS_READ_ERROR] = "read-error",
  [SCRIM_STATUS_SYMLINK] = "symlink",
  [SCRIM_STATUS_SPECIAL] = "special",
};

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* HEIF brands whose files hold HEVC-coded images (ISO/IEC 23008-12). The
 * generic mif1/msf1 count only as the major brand: AVIF files list mif1
 * among their compatible brands too. */
static const char * const heic_brands[] = {
  "heic", "heix", "hevc", "hevx", "heim", "heis",
};

/*
** Returns the string of a file type as `scrim files` writes it ("jpeg",
** "png", ..., "other"). Never NULL: an out-of-range value gives "other".
*/
const char *
scrim_file_type_to_string (ScrimFileType type)
{
  if ((guint) type >= SCRIM_N_FILE_TYPES)
    return file_type_names[SCRIM_FILE_TYPE_OTHER];
  return file_type_names[type];
}

/*
** Parses a string written by scrim_file_type_to_string(). Returns FALSE and
** leaves *type alone when str is not one of them.
*/
gboolean
scrim_file_type_from_string (const char    *str,
                             ScrimFileType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; str != NULL && i < SCRIM_N_FILE_TYPES; i++)
    if (strcmp (str, file_type_names[i]) == 0)
      {
        *type = (ScrimFileType) i;
        return TRUE;
      }
  return FALSE;
}

/*
** Returns the string of a status as `scrim files` writes it ("ok",
** "not-image", "unsupported", "corrupt", "too-large", "read-error",
** "symlink", "special"). An out-of-range value gives "corrupt".
*/
const char *
scrim_status_to_string (ScrimStatus status)
{
  if ((guint) status >= SCRIM_N_STATUS)
    return status_names[SCRIM_STATUS_CORRUPT];
  return status_names[status];
}

/*
** Parses a string written by scrim_status_to_string(). Returns FALSE and
** leaves *status alone when str is not one of them.
*/
gboolean
scrim_status_from_string (const char  *str,
                          ScrimStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; str != NULL && i < SCRIM_N_STATUS; i++)
    if (strcmp (str, status_names[i]) == 0)
      {
        *status = (ScrimStatus) i;
        return TRUE;
      }
  return FALSE;
}

static inline guint32
be16 (const guint8 *p)
{
  return (guint32) p[0] << 8 | p[1];
}

static inline guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static inline guint64
be64 (const guint8 *p)
{
  return (guint64) be32 (p) << 32 | be32 (p + 4);
}

static inline guint32
le16 (const guint8 *p)
{
  return (guint32) p[1] << 8 | p[0];
}

static inline guint32
le24 (const guint8 *p)
{
  return (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static inline guint32
le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | le24 (p);
}

/* A reader of TIFF's two byte orders. */
static inline guint64
tiff_uint (const guint8 *p,
           gboolean      little,
           guint         size)
{
  guint64 v = 0;

  for (guint i = 0; i < size; i++)
    v |= (guint64) p[little ? i : size - 1 - i] << (8 * i);
  return v;
}

static gboolean
is_bmp (const guint8 *data,
        gsize         len)
{
  guint32 dib;

  if (len < 26 || data[0] != 'B' || data[1] != 'M')
    return FALSE;
  /* The DIB header sizes that Windows and OS/2 define; "BM" alone is far
   * too common at the start of arbitrary files. */
  dib = le32 (data + 14);
  if (dib != 12 && dib != 16 && dib != 40 && dib != 52 && dib != 56
      && dib != 64 && dib != 108 && dib != 124)
    return FALSE;
  return le32 (data + 10) >= 14 + 12;
}

static gboolean
is_tiff (const guint8 *data,
         gsize         len)
{
  if (len < 8)
    return FALSE;
  if (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0)
    return TRUE;
  /* BigTIFF: version 43, 8-byte offsets. */
  return memcmp (data, "II+\0\x08\0\0\0", 8) == 0
         || memcmp (data, "MM\0+\0\x08\0\0", 8) == 0;
}

static gboolean
brand_in (const guint8       *brand,
          const char * const *list,
          gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (memcmp (brand, list[i], 4) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_heic (const guint8 *data,
         gsize         len)
{
  static const char * const generic[] = { "mif1", "msf1" };
  static const char * const avif[] = { "avif", "avis" };
  gsize box_len;
  gboolean found;

  if (len < 16 || memcmp (data + 4, "ftyp", 4) != 0)
    return FALSE;
  box_len = MIN (be32 (data), len);
  if (box_len < 16)
    return FALSE;

  found = brand_in (data + 8, heic_brands, G_N_ELEMENTS (heic_brands))
          || brand_in (data + 8, generic, G_N_ELEMENTS (generic));
  /* Compatible brands follow the major brand and its minor version. */
  for (gsize off = 16; off + 4 <= box_len; off += 4)
    {
      if (brand_in (data + off, avif, G_N_ELEMENTS (avif)))
        return FALSE;
      if (brand_in (data + off, heic_brands, G_N_ELEMENTS (heic_brands)))
        found = TRUE;
    }
  return found && !brand_in (data + 8, avif, G_N_ELEMENTS (avif));
}

/*
** Returns the type of a file from its first bytes, never from its name:
** JPEG (FF D8 FF), PNG (its 8-byte signature), GIF (GIF87a, GIF89a), BMP
** ("BM" and a known DIB header size), WebP (RIFF....WEBP), HEIC (an ISO-BMFF
** ftyp box with a HEIF brand, AVIF excluded) and TIFF (II*\0, MM\0*, and
** BigTIFF). Anything else, empty input included, is SCRIM_FILE_TYPE_OTHER.
** Reads at most the first few hundred bytes.
*/
ScrimFileType
scrim_image_sniff (const guint8 *data,
                   gsize         len)
{
  g_return_val_if_fail (data != NULL || len == 0, SCRIM_FILE_TYPE_OTHER);

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return SCRIM_FILE_TYPE_JPEG;
  if (len >= 8 && memcmp (data, png_signature, 8) == 0)
    return SCRIM_FILE_TYPE_PNG;
  if (len >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return SCRIM_FILE_TYPE_GIF;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return SCRIM_FILE_TYPE_WEBP;
  if (is_tiff (data, len))
    return SCRIM_FILE_TYPE_TIFF;
  if (is_bmp (data, len))
    return SCRIM_FILE_TYPE_BMP;
  if (is_heic (data, len))
    return SCRIM_FILE_TYPE_HEIC;
  return SCRIM_FILE_TYPE_OTHER;
}

static gboolean
is_jpeg_sof (guint marker)
{
  /* SOF0-SOF15, less DHT (C4), JPG (C8) and DAC (CC). */
  return marker >= 0xc0 && marker <= 0xcf
         && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

/* Walks the markers up to the first SOFn, as a decoder would, skipping the
 * stray bytes a damaged file may hold between segments. */
static gboolean
probe_jpeg (const guint8 *data,
            gsize         len,
            guint        *width,
            guint        *height)
{
  gsize off = 2;

  while (off + 4 <= len)
    {
      guint marker = data[off + 1];

      if (data[off] != 0xff || marker == 0xff)
        {
          off++;
          continue;
        }
      if (marker == 0x00 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8))
        {
          off += 2;
          continue;
        }
      if (marker == 0xd9 || marker == 0xda)
        return FALSE;
      if (is_jpeg_sof (marker))
        {
          if (off + 9 > len)
            return FALSE;
          *height = be16 (data + off + 5);
          *width = be16 (data + off + 7);
          return TRUE;
        }
      if (be16 (data + off + 2) < 2)
        return FALSE;
      off += 2 + be16 (data + off + 2);
    }
  return FALSE;
}

static gboolean
probe_png (const guint8 *data,
           gsize         len,
           guint        *width,
           guint        *height)
{
  gsize ihdr = 8;

  /* Apple's "optimised" PNGs (iOS app bundles) put a CgBI chunk first. */
  if (len >= 16 && memcmp (data + 12, "CgBI", 4) == 0)
    ihdr += 12 + (gsize) MIN (be32 (data + 8), 64);
  if (len < ihdr + 16 || memcmp (data + ihdr + 4, "IHDR", 4) != 0)
    return FALSE;
  *width = be32 (data + ihdr + 8);
  *height = be32 (data + ihdr + 12);
  return TRUE;
}

static gboolean
probe_gif (const guint8 *data,
           gsize         len,
           guint        *width,
           guint        *height)
{
  if (len < 10)
    return FALSE;
  /* The logical screen, which is what viewers and exiftool report. */
  *width = le16 (data + 6);
  *height = le16 (data + 8);
  return TRUE;
}

static gboolean
probe_bmp (const guint8 *data,
           gsize         len,
           guint        *width,
           guint        *height)
{
  gint32 w, h;

  if (len < 26)
    return FALSE;
  if (le32 (data + 14) == 12)
    {
      /* OS/2 BITMAPCOREHEADER: unsigned 16-bit sizes. */
      *width = le16 (data + 18);
      *height = le16 (data + 20);
      return TRUE;
    }
  w = (gint32) le32 (data + 18);
  h = (gint32) le32 (data + 22);
  /* A negative height means rows stored top-down. */
  if (w <= 0 || h == 0 || h == G_MININT32)
    return FALSE;
  *width = (guint) w;
  *height = (guint) ABS (h);
  return TRUE;
}

static gboolean
probe_webp (const guint8 *data,
            gsize         len,
            guint        *width,
            guint        *height)
{
  if (len < 21)
    return FALSE;
  if (memcmp (data + 12, "VP8 ", 4) == 0)
    {
      /* A key frame: 3-byte tag, start code 9D 01 2A, 14-bit sizes. */
      if (len < 30 || data[23] != 0x9d || data[24] != 0x01 || data[25] != 0x2a)
        return FALSE;
      *width = le16 (data + 26) & 0x3fff;
      *height = le16 (data + 28) & 0x3fff;
      return TRUE;
    }
  if (memcmp (data + 12, "VP8L", 4) == 0)
    {
      guint32 bits;

      if (len < 25 || data[20] != 0x2f)
        return FALSE;
      bits = le32 (data + 21);
      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }
  if (memcmp (data + 12, "VP8X", 4) == 0)
    {
      if (len < 30)
        return FALSE;
      *width = le24 (data + 24) + 1;
      *height = le24 (data + 27) + 1;
      return TRUE;
    }
  return FALSE;
}

static gboolean
probe_tiff (const guint8 *data,
            gsize         len,
            guint        *width,
            guint        *height)
{
  gboolean little = data[0] == 'I';
  gboolean big = tiff_uint (data + 2, little, 2) == 43;
  guint off_size = big ? 8 : 4;
  guint entry_size = big ? 20 : 12;
  guint64 ifd, n;
  guint w = 0, h = 0;

  if (len < (big ? 16 : 8))
    return FALSE;
  ifd = tiff_uint (data + (big ? 8 : 4), little, off_size);
  if (ifd >= len || len - ifd < (big ? 8 : 2))
    return FALSE;
  n = tiff_uint (data + ifd, little, big ? 8 : 2);

  for (guint64 i = 0, e = ifd + (big ? 8 : 2); i < n && e + entry_size <= len; i++, e += entry_size)
    {
      guint tag = tiff_uint (data + e, little, 2);
      guint type = tiff_uint (data + e + 2, little, 2);
      const guint8 *value = data + e + 4 + off_size;
      guint64 v;

      if (tag != 256 && tag != 257)
        continue;
      if (type == 3)            /* SHORT */
        v = tiff_uint (value, little, 2);
      else if (type == 4)       /* LONG */
        v = tiff_uint (value, little, 4);
      else if (type == 16 && big) /* LONG8 */
        v = tiff_uint (value, little, 8);
      else
        continue;
      if (v > G_MAXUINT)
        return FALSE;
      if (tag == 256)
        w = (guint) v;
      else
        h = (guint) v;
    }
  *width = w;
  *height = h;
  return w > 0 && h > 0;
}

/* An ISO-BMFF box inside a span of bytes. */
typedef struct
{
  const guint8 *data;
  gsize         len;
} Span;

/* Steps to the box at *off within span; returns its type and payload, and
 * moves *off past it. A size that overruns the span is clamped: a truncated
 * file is read as far as it goes. */
static gboolean
next_box (Span          span,
          gsize        *off,
          const guint8 **type,
          Span         *payload)
{
  guint64 size;
  gsize header = 8;

  if (*off > span.len || span.len - *off < 8)
    return FALSE;
  size = be32 (span.data + *off);
  if (size == 1)
    {
      if (span.len - *off < 16)
        return FALSE;
      size = be64 (span.data + *off + 8);
      header = 16;
    }
  else if (size == 0)
    size = span.len - *off;
  if (size < header)
    return FALSE;
  size = MIN (size, span.len - *off);
  *type = span.data + *off + 4;
  payload->data = span.data + *off + header;
  payload->len = size - header;
  *off += size;
  return TRUE;
}

static gboolean
find_box (Span        span,
          const char *want,
          gsize       skip,
          Span       *payload)
{
  const guint8 *type;
  gsize off = 0;

  while (next_box (span, &off, &type, payload))
    if (memcmp (type, want, 4) == 0)
      {
        /* Full boxes start with a version and flags. */
        if (payload->len < skip)
          return FALSE;
        payload->data += skip;
        payload->len -= skip;
        return TRUE;
      }
  return FALSE;
}

static gboolean
heic_primary_item (Span   meta,
                   guint *item)
{
  Span pitm;

  if (!find_box (meta, "pitm", 0, &pitm) || pitm.len < 6)
    return FALSE;
  /* After version and flags: a 16-bit item ID in version 0, else 32-bit. */
  if (pitm.data[0] == 0)
    {
      *item = be16 (pitm.data + 4);
      return TRUE;
    }
  if (pitm.len < 8)
    return FALSE;
  *item = be32 (pitm.data + 4);
  return TRUE;
}

/* Reads the ispe property with 1-based index in ipco. */
static gboolean
heic_ispe_at (Span   ipco,
              guint  index,
              guint *width,
              guint *height)
{
  const guint8 *type;
  Span payload;
  gsize off = 0;

  for (guint i = 1; next_box (ipco, &off, &type, &payload); i++)
    if (i == index)
      {
        if (memcmp (type, "ispe", 4) != 0 || payload.len < 12)
          return FALSE;
        *width = be32 (payload.data + 4);
        *height = be32 (payload.data + 8);
        return *width > 0 && *height > 0;
      }
  return FALSE;
}

/* Follows the item property associations (ipma) of the primary item to its
 * image spatial extent (ispe): the size of the whole image, even when it is
 * a grid of tiles. */
static gboolean
probe_heic (const guint8 *data,
            gsize         len,
            guint        *width,
            guint        *height)
{
  Span file = { data, len }, meta, iprp, ipco, ipma;
  guint primary, version, flags;
  gsize off;
  guint32 entries;

  if (!find_box (file, "meta", 4, &meta)
      || !heic_primary_item (meta, &primary)
      || !find_box (meta, "iprp", 0, &iprp)
      || !find_box (iprp, "ipco", 0, &ipco)
      || !find_box (iprp, "ipma", 0, &ipma)
      || ipma.len < 8)
    return FALSE;

  version = ipma.data[0];
  flags = be32 (ipma.data) & 0xffffff;
  entries = be32 (ipma.data + 4);
  off = 8;
  for (guint32 i = 0; i < entries; i++)
    {
      guint item, n;

      if (ipma.len - off < (version < 1 ? 3u : 5u))
        return FALSE;
      item = version < 1 ? be16 (ipma.data + off) : be32 (ipma.data + off);
      off += version < 1 ? 2 : 4;
      n = ipma.data[off++];
      for (guint j = 0; j < n; j++)
        {
          guint index;

          if (ipma.len - off < ((flags & 1) ? 2u : 1u))
            return FALSE;
          index = (flags & 1) ? be16 (ipma.data + off) & 0x7fff : ipma.data[off] & 0x7fu;
          off += (flags & 1) ? 2 : 1;
          if (item == primary && heic_ispe_at (ipco, index, width, height))
            return TRUE;
        }
    }
  return FALSE;
}

/*
** Reads the pixel size that a file of the given type declares in its header
** (JPEG SOFn, PNG IHDR, GIF logical screen, BMP DIB header, WebP VP8/VP8L/
** VP8X, TIFF IFD0, HEIC the primary item's ispe). Declared, not proven: the
** rest of the file may be broken. Returns TRUE and sets *width and *height
** (both > 0) when it found them; otherwise returns FALSE and leaves them
** alone. Reads only within data[0..len), whatever the header claims.
*/
gboolean
scrim_image_probe_size (ScrimFileType  type,
                        const guint8  *data,
                        gsize          len,
                        guint         *width,
                        guint         *height)
{
  guint w = 0, h = 0;
  gboolean found;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (width != NULL && height != NULL, FALSE);

  switch (type)
    {
    case SCRIM_FILE_TYPE_JPEG: found = probe_jpeg (data, len, &w, &h); break;
    case SCRIM_FILE_TYPE_PNG: found = probe_png (data, len, &w, &h); break;
    case SCRIM_FILE_TYPE_GIF: found = probe_gif (data, len, &w, &h); break;
    case SCRIM_FILE_TYPE_BMP: found = probe_bmp (data, len, &w, &h); break;
    case SCRIM_FILE_TYPE_WEBP: found = probe_webp (data, len, &w, &h); break;
    case SCRIM_FILE_TYPE_HEIC: found = probe_heic (data, len, &w, &h); break;
    case SCRIM_FILE_TYPE_TIFF: found = len >= 8 && probe_tiff (data, len, &w, &h); break;
    case SCRIM_FILE_TYPE_OTHER:
    default:
      found = FALSE;
      break;
    }
  if (!found || w == 0 || h == 0)
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

/*
** Returns the largest d in {1, 2, 4, 8} such that the shorter side, scaled
** by 1/d and rounded up (as libjpeg's DCT scaling rounds), stays at least
** min_side. Returns 1 when min_side is 0 (full size) or the image is already
** smaller than min_side.
*/
guint
scrim_image_pick_scale (guint width,
                        guint height,
                        guint min_side)
{
  guint64 shorter = MIN (width, height);

  if (min_side == 0)
    return 1;
  for (guint d = 8; d > 1; d /= 2)
    if ((shorter + d - 1) / d >= min_side)
      return d;
  return 1;
}

static const char *
unsupported_message (ScrimFileType type)
{
  switch (type)
    {
    case SCRIM_FILE_TYPE_GIF: return "GIF images are recognised but not decoded yet";
    case SCRIM_FILE_TYPE_BMP: return "BMP images are recognised but not decoded yet";
    case SCRIM_FILE_TYPE_WEBP: return "WebP images are recognised but not decoded yet";
    case SCRIM_FILE_TYPE_HEIC: return "HEIC images are recognised but not decoded yet";
    case SCRIM_FILE_TYPE_TIFF: return "TIFF images are recognised but not decoded yet";
    case SCRIM_FILE_TYPE_OTHER:
    case SCRIM_FILE_TYPE_JPEG:
    case SCRIM_FILE_TYPE_PNG:
    default:
      return "not an image type Scrim recognises";
    }
}

/*
** Decodes one image held in memory, by the type its first bytes show. JPEG
** and PNG are decoded (see scrim_jpeg_decode() and scrim_png_decode()); GIF,
** BMP, WebP, HEIC and TIFF give SCRIM_STATUS_UNSUPPORTED with the size their
** header declares; anything else gives SCRIM_STATUS_NOT_IMAGE. options may be
** NULL (full size, default pixel budget). Every field of result is
** overwritten, so it must be zero-initialised or cleared beforehand; release
** it with scrim_decode_result_clear(). Never aborts on bad data.
*/
void
scrim_image_decode (const guint8             *data,
                    gsize                     len,
                    const ScrimDecodeOptions *options,
                    ScrimDecodeResult        *result)
{
  ScrimFileType type;

  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (result != NULL);

  type = scrim_image_sniff (data, len);
  if (type == SCRIM_FILE_TYPE_JPEG)
    {
      scrim_jpeg_decode (data, len, options, result);
      return;
    }
  if (type == SCRIM_FILE_TYPE_PNG)
    {
      scrim_png_decode (data, len, options, result);
      return;
    }

  *result = (ScrimDecodeResult) {
    .status = type == SCRIM_FILE_TYPE_OTHER ? SCRIM_STATUS_NOT_IMAGE : SCRIM_STATUS_UNSUPPORTED,
    .type = type,
    .scale_denom = 1,
    .message = g_strdup (unsupported_message (type)),
  };
  scrim_image_probe_size (type, data, len, &result->width, &result->height);
}

/*
** Frees what a decode result owns (pixels, message, warning) and zeroes it,
** so it can be reused. Safe on a zeroed or already-cleared result.
*/
void
scrim_decode_result_clear (ScrimDecodeResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->pixels, scrim_pixels_free);
  g_clear_pointer (&result->message, g_free);
  g_clear_pointer (&result->warning, g_free);
  *result = (ScrimDecodeResult) { 0 };
}

/*
** Allocates an 8-bit image of width x height x channels (1 to 4), rows
** packed (stride = width * channels), samples uninitialised. Returns NULL
** when the size overflows or the memory is refused: a hostile file must not
** abort the process, so this never uses an aborting allocator for the
** samples. Free with scrim_pixels_free().
*/
ScrimPixels *
scrim_pixels_new (guint width,
                  guint height,
                  guint channels)
{
  ScrimPixels *pixels;
  guint64 stride = (guint64) width * channels;
  guint8 *data;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (channels >= 1 && channels <= 4, NULL);

  if (stride > G_MAXSIZE / height)
    return NULL;
  data = g_try_malloc ((gsize) stride * height);
  if (data == NULL)
    return NULL;

  pixels = g_new (ScrimPixels, 1);
  pixels->width = width;
  pixels->height = height;
  pixels->channels = channels;
  pixels->stride = (gsize) stride;
  pixels->data = data;
  return pixels;
}

/*
** Frees pixels and their samples. NULL is allowed.
*/
void
scrim_pixels_free (ScrimPixels *pixels)
{
  if (pixels == NULL)
    return;
  g_free (pixels->data);
  g_free (pixels);
}
