/* test-exif.c: the EXIF reader and writer, on blocks built here
 *
 * Round trips through scrim_exif_build_app1() and the reader, and hand-built
 * hostile blocks and containers that must give sane results or NULL, never
 * a crash, never a hang.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "scrim-error.h"
#include "scrim-exif.h"

/* TIFF field types */
enum
{
  T_BYTE = 1,
  T_ASCII = 2,
  T_SHORT = 3,
  T_LONG = 4,
  T_RATIONAL = 5,
  T_UNDEFINED = 7,
  T_SLONG = 9,
  T_SRATIONAL = 10,
};

/* ------------------------------------------------------------------ */
/* A little-endian TIFF builder for hand-made blocks                  */
/* ------------------------------------------------------------------ */

#define MAX_ENTRIES 40
#define MAX_IFDS 6

typedef struct
{
  guint16       tag;
  guint16       type;
  guint32       count;
  const guint8 *data;     /* the value bytes (inline when <= 4) */
  gsize         len;
  int           child;    /* >= 0: the value is the offset of that IFD */
  gboolean      raw;      /* the value field is raw_value, verbatim */
  guint32       raw_value;
} Entry;

typedef struct
{
  Entry    entries[MAX_ENTRIES];
  guint    n;
  int      next;          /* IFD index for the next-IFD offset, or -1 */
  gboolean raw_next;
  guint32  raw_next_value;
} Ifd;

typedef struct
{
  Ifd   ifds[MAX_IFDS];
  guint n_ifds;
} Tiff;

static void
put16 (GByteArray *out,
       gsize       at,
       guint16     v)
{
  out->data[at] = v & 0xff;
  out->data[at + 1] = v >> 8;
}

static void
put32 (GByteArray *out,
       gsize       at,
       guint32     v)
{
  for (int i = 0; i < 4; i++)
    out->data[at + i] = (v >> (8 * i)) & 0xff;
}

static Ifd *
tiff_ifd (Tiff *tiff,
          guint i)
{
  while (tiff->n_ifds <= i)
    tiff->ifds[tiff->n_ifds++].next = -1;
  return &tiff->ifds[i];
}

static Entry *
ifd_add (Ifd          *ifd,
         guint16       tag,
         guint16       type,
         guint32       count,
         const void   *data,
         gsize         len)
{
  Entry *e = &ifd->entries[ifd->n++];

  g_assert_cmpuint (ifd->n, <=, MAX_ENTRIES);
  *e = (Entry) { tag, type, count, data, len, -1, FALSE, 0 };
  return e;
}

static void
ifd_add_text (Ifd        *ifd,
              guint16     tag,
              const char *text)
{
  ifd_add (ifd, tag, T_ASCII, strlen (text) + 1, text, strlen (text) + 1);
}

static void
ifd_add_raw (Ifd     *ifd,
             guint16  tag,
             guint16  type,
             guint32  count,
             guint32  value)
{
  Entry *e = ifd_add (ifd, tag, type, count, NULL, 0);

  e->raw = TRUE;
  e->raw_value = value;
}

static void
ifd_add_pointer (Ifd     *ifd,
                 guint16  tag,
                 int      child)
{
  ifd_add (ifd, tag, T_LONG, 1, NULL, 0)->child = child;
}

/* How many bytes IFD i takes, with its out-of-line values. */
static gsize
ifd_size (const Ifd *ifd)
{
  gsize size = 2 + 12 * ifd->n + 4;

  for (guint i = 0; i < ifd->n; i++)
    if (!ifd->entries[i].raw && ifd->entries[i].child < 0 && ifd->entries[i].len > 4)
      size += (ifd->entries[i].len + 1) & ~(gsize) 1;
  return size;
}

static void
write_ifd (GByteArray  *out,
           const Ifd   *ifd,
           const gsize *offsets,
           gsize        at)
{
  gsize data_at = at + 2 + 12 * ifd->n + 4;

  put16 (out, at, ifd->n);
  for (guint i = 0; i < ifd->n; i++)
    {
      const Entry *e = &ifd->entries[i];
      gsize p = at + 2 + 12 * i;

      put16 (out, p, e->tag);
      put16 (out, p + 2, e->type);
      put32 (out, p + 4, e->count);
      if (e->raw)
        put32 (out, p + 8, e->raw_value);
      else if (e->child >= 0)
        put32 (out, p + 8, offsets[e->child]);
      else if (e->len <= 4)
        memcpy (out->data + p + 8, e->data, e->len);
      else
        {
          put32 (out, p + 8, data_at);
          memcpy (out->data + data_at, e->data, e->len);
          data_at += (e->len + 1) & ~(gsize) 1;
        }
    }
  if (ifd->raw_next)
    put32 (out, at + 2 + 12 * ifd->n, ifd->raw_next_value);
  else
    put32 (out, at + 2 + 12 * ifd->n, ifd->next >= 0 ? offsets[ifd->next] : 0);
}

/* "Exif\0\0" + the TIFF block; IFD 0 is the first IFD. */
static GBytes *
tiff_build (const Tiff *tiff)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  gsize offsets[MAX_IFDS];
  gsize pos = 8;

  for (guint i = 0; i < tiff->n_ifds; i++)
    {
      offsets[i] = pos;
      pos += ifd_size (&tiff->ifds[i]);
    }
  g_byte_array_set_size (body, pos);
  memset (body->data, 0, body->len);
  memcpy (body->data, "II*\0", 4);
  put32 (body, 4, 8);
  for (guint i = 0; i < tiff->n_ifds; i++)
    write_ifd (body, &tiff->ifds[i], offsets, offsets[i]);
  g_byte_array_append (out, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (out, body->data, body->len);
  return g_byte_array_free_to_bytes (out);
}

static ScrimExif *
read_bytes (GBytes *block)
{
  return scrim_exif_read_block (g_bytes_get_data (block, NULL), g_bytes_get_size (block));
}

static guint8 *
rationals (guint n,
           ...)
{
  static guint8 buf[8 * 16];
  va_list args;

  g_assert_cmpuint (n, <=, 16);
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      guint32 num = va_arg (args, guint32);
      guint32 den = va_arg (args, guint32);

      for (int b = 0; b < 4; b++)
        {
          buf[8 * i + b] = (num >> (8 * b)) & 0xff;
          buf[8 * i + 4 + b] = (den >> (8 * b)) & 0xff;
        }
    }
  va_end (args);
  return buf;
}

/* ------------------------------------------------------------------ */
/* Containers                                                         */
/* ------------------------------------------------------------------ */

/* SOI, an APP0, the APP1, EOI: enough for the segment walk. */
static GBytes *
jpeg_wrap (GBytes *app1)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize len = g_bytes_get_size (app1);
  static const guint8 app0[] = { 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };

  g_assert_cmpuint (len, <=, 0xffff - 2);
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xd8 }, 2);
  g_byte_array_append (out, app0, sizeof app0);
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xe1, (len + 2) >> 8, (len + 2) & 0xff }, 4);
  g_byte_array_append (out, g_bytes_get_data (app1, NULL), len);
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xd9 }, 2);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
png_chunk (GByteArray *out,
           const char *type,
           const void *data,
           gsize       len)
{
  guint8 head[8] = { len >> 24, len >> 16, len >> 8, len, type[0], type[1], type[2], type[3] };

  g_byte_array_append (out, head, 8);
  g_byte_array_append (out, data, len);
  g_byte_array_append (out, (const guint8[]) { 0, 0, 0, 0 }, 4);   /* CRC: not checked */
}

static GByteArray *
png_begin (void)
{
  GByteArray *out = g_byte_array_new ();
  static const guint8 ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0 };

  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  return out;
}

/* A PNG whose eXIf chunk holds the TIFF block (without "Exif\0\0"). */
static GBytes *
png_wrap (GBytes *app1)
{
  GByteArray *out = png_begin ();

  png_chunk (out, "eXIf", (const guint8 *) g_bytes_get_data (app1, NULL) + 6,
             g_bytes_get_size (app1) - 6);
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

/* ImageMagick's legacy text chunk: "\nexif\n<len>\n" then hex lines. */
static char *
raw_profile_text (GBytes *app1)
{
  GString *text = g_string_new ("\nexif\n");
  const guint8 *d = g_bytes_get_data (app1, NULL);
  gsize len = g_bytes_get_size (app1);

  g_string_append_printf (text, "%8" G_GSIZE_FORMAT "\n", len);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, "%02x%s", d[i], (i % 36 == 35) ? "\n" : "");
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

static GBytes *
png_wrap_raw_profile (GBytes   *app1,
                      gboolean  compressed)
{
  g_autofree char *text = raw_profile_text (app1);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *out = png_begin ();

  g_byte_array_append (body, (const guint8 *) "Raw profile type exif", 22);
  if (!compressed)
    g_byte_array_append (body, (const guint8 *) text, strlen (text));
  else
    {
      g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
      guint8 packed[65536];
      gsize n_read = 0;
      gsize n_written = 0;

      g_assert_cmpint (g_converter_convert (G_CONVERTER (z), text, strlen (text), packed,
                                            sizeof packed, G_CONVERTER_INPUT_AT_END,
                                            &n_read, &n_written, NULL),
                       ==, G_CONVERTER_FINISHED);
      g_byte_array_append (body, (const guint8[]) { 0 }, 1);      /* method */
      g_byte_array_append (body, packed, n_written);
    }
  png_chunk (out, compressed ? "zTXt" : "tEXt", body->data, body->len);
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
webp_wrap (GBytes *app1)
{
  GByteArray *out = g_byte_array_new ();
  gsize tiff_len = g_bytes_get_size (app1) - 6;
  guint32 riff_len = 4 + (8 + 10) + 8 + tiff_len + (tiff_len & 1);
  guint8 head[8];

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  g_byte_array_append (out, (const guint8[]) { riff_len, riff_len >> 8, riff_len >> 16, riff_len >> 24 }, 4);
  g_byte_array_append (out, (const guint8 *) "WEBPVP8X\x0a\0\0\0", 12);
  g_byte_array_append (out, (const guint8[]) { 8, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 10);
  memcpy (head, "EXIF", 4);
  for (int i = 0; i < 4; i++)
    head[4 + i] = (tiff_len >> (8 * i)) & 0xff;
  g_byte_array_append (out, head, 8);
  g_byte_array_append (out, (const guint8 *) g_bytes_get_data (app1, NULL) + 6, tiff_len);
  if (tiff_len & 1)
    g_byte_array_append (out, (const guint8[]) { 0 }, 1);
  return g_byte_array_free_to_bytes (out);
}

/* One ISO base media box: size, type, body. */
static void
append_box (GByteArray   *out,
            const char   *type,
            const guint8 *body,
            gsize         len)
{
  guint32 size = 8 + len;

  g_byte_array_append (out, (const guint8[]) { size >> 24, size >> 16, size >> 8, size }, 4);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, body, len);
}

/* A HEIC skeleton: ftyp, meta (hdlr, iinf with an Exif item, iloc), mdat
 * holding the item: a 4-byte offset (6), "Exif\0\0", the TIFF block. */
static GBytes *
heic_wrap (GBytes *app1)
{
  static const guint8 ftyp[] = { 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c' };
  static const guint8 hdlr[] = { 0, 0, 0, 0, 0, 0, 0, 0, 'p', 'i', 'c', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 infe[] = { 2, 0, 0, 0, 0, 7, 0, 0, 'E', 'x', 'i', 'f', 0 };
  gsize exif_len = g_bytes_get_size (app1);
  guint32 item_len = 4 + exif_len;
  g_autoptr(GByteArray) iinf = g_byte_array_new ();
  g_autoptr(GByteArray) iloc = g_byte_array_new ();
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GByteArray) mdat = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint32 item_at;

  g_byte_array_append (iinf, (const guint8[]) { 0, 0, 0, 0, 0, 1 }, 6);
  append_box (iinf, "infe", infe, sizeof infe);
  g_byte_array_append (mdat, (const guint8[]) { 0, 0, 0, 6 }, 4);
  g_byte_array_append (mdat, g_bytes_get_data (app1, NULL), exif_len);

  /* The iloc size is fixed (26 bytes of body), so the item offset is known
   * once the boxes before mdat are. */
  item_at = (8 + sizeof ftyp) + (8 + 4 + (8 + sizeof hdlr) + (8 + iinf->len) + (8 + 26)) + 8;
  g_byte_array_append (iloc, (const guint8[]) {
    0, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 7, 0, 0, 0, 1,
    item_at >> 24, item_at >> 16, item_at >> 8, item_at,
    item_len >> 24, item_len >> 16, item_len >> 8, item_len }, 22);
  g_byte_array_append (iloc, (const guint8[]) { 0, 0, 0, 0 }, 4);    /* padding */
  g_byte_array_append (meta, (const guint8[]) { 0, 0, 0, 0 }, 4);
  append_box (meta, "hdlr", hdlr, sizeof hdlr);
  append_box (meta, "iinf", iinf->data, iinf->len);
  append_box (meta, "iloc", iloc->data, iloc->len);

  append_box (out, "ftyp", ftyp, sizeof ftyp);
  append_box (out, "meta", meta->data, meta->len);
  g_assert_cmpuint (out->len + 8, ==, item_at);
  append_box (out, "mdat", mdat->data, mdat->len);
  return g_byte_array_free_to_bytes (out);
}

static ScrimExif *
read_file (ScrimFileType  type,
           GBytes        *file)
{
  return scrim_exif_read_file (type, g_bytes_get_data (file, NULL), g_bytes_get_size (file));
}

/* ------------------------------------------------------------------ */
/* Round trips                                                        */
/* ------------------------------------------------------------------ */

static ScrimExif *
full_exif (void)
{
  ScrimExif *exif = scrim_exif_new ();

  exif->make = g_strdup ("Scrim Synthetic");
  exif->model = g_strdup ("Test Camera 1");
  exif->serial = g_strdup ("SN-0042");
  exif->datetime_original = g_strdup ("2024:05:06 07:08:09");
  exif->offset_time_original = g_strdup ("+02:00");
  exif->software = g_strdup ("scrim test");
  exif->orientation = 6;
  exif->has_orientation = TRUE;
  exif->gps_lat = 52.3675734;
  exif->gps_lon = 4.9041389;
  exif->has_gps = exif->has_gps_lat = exif->has_gps_lon = TRUE;
  exif->gps_alt = 12.345;
  exif->has_gps_alt = TRUE;
  return exif;
}

static void
assert_same (const ScrimExif *want,
             const ScrimExif *got)
{
  g_assert_nonnull (got);
  g_assert_cmpstr (got->make, ==, want->make);
  g_assert_cmpstr (got->model, ==, want->model);
  g_assert_cmpstr (got->serial, ==, want->serial);
  g_assert_cmpstr (got->datetime_original, ==, want->datetime_original);
  g_assert_cmpstr (got->offset_time_original, ==, want->offset_time_original);
  g_assert_cmpstr (got->software, ==, want->software);
  g_assert_cmpint (got->has_orientation, ==, want->has_orientation);
  if (want->has_orientation)
    g_assert_cmpint (got->orientation, ==, want->orientation);
  g_assert_cmpint (got->has_gps, ==, want->has_gps);
  g_assert_cmpint (got->has_gps_lat, ==, want->has_gps_lat || want->has_gps);
  g_assert_cmpint (got->has_gps_lon, ==, want->has_gps_lon || want->has_gps);
  if (got->has_gps_lat)
    g_assert_cmpfloat_with_epsilon (got->gps_lat, want->gps_lat, 1e-7);
  if (got->has_gps_lon)
    g_assert_cmpfloat_with_epsilon (got->gps_lon, want->gps_lon, 1e-7);
  g_assert_cmpint (got->has_gps_alt, ==, want->has_gps_alt);
  if (want->has_gps_alt)
    g_assert_cmpfloat_with_epsilon (got->gps_alt, want->gps_alt, 1e-3);
  g_assert_false (got->has_thumbnail);
}

/* Builds, then reads back as a block and inside each container. */
static void
assert_round_trip (const ScrimExif *want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) app1 = scrim_exif_build_app1 (want, &error);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) webp = NULL;
  g_autoptr(GBytes) heic = NULL;
  g_autoptr(ScrimExif) got = NULL;
  const guint8 *d;
  gsize len;

  g_assert_no_error (error);
  g_assert_nonnull (app1);
  d = g_bytes_get_data (app1, &len);
  g_assert_cmpmem (d, 6, "Exif\0\0", 6);
  g_assert_false (len > 12 && memcmp (d + 6, "Exif", 4) == 0);   /* header not doubled */

  got = read_bytes (app1);
  assert_same (want, got);
  g_clear_pointer (&got, scrim_exif_free);

  got = scrim_exif_read_block (d + 6, len - 6);             /* TIFF alone */
  assert_same (want, got);
  g_clear_pointer (&got, scrim_exif_free);

  got = scrim_exif_read_file (SCRIM_FILE_TYPE_TIFF, d + 6, len - 6);
  assert_same (want, got);
  g_clear_pointer (&got, scrim_exif_free);

  jpeg = jpeg_wrap (app1);
  got = read_file (SCRIM_FILE_TYPE_JPEG, jpeg);
  assert_same (want, got);
  g_clear_pointer (&got, scrim_exif_free);

  png = png_wrap (app1);
  got = read_file (SCRIM_FILE_TYPE_PNG, png);
  assert_same (want, got);
  g_clear_pointer (&got, scrim_exif_free);

  webp = webp_wrap (app1);
  got = read_file (SCRIM_FILE_TYPE_WEBP, webp);
  assert_same (want, got);
  g_clear_pointer (&got, scrim_exif_free);

  heic = heic_wrap (app1);
  got = read_file (SCRIM_FILE_TYPE_HEIC, heic);
  assert_same (want, got);
}

static void
test_new_free (void)
{
  g_autoptr(ScrimExif) exif = scrim_exif_new ();

  g_assert_true (scrim_exif_is_empty (exif));
  g_assert_true (scrim_exif_is_empty (NULL));
  scrim_exif_free (NULL);
  exif->has_thumbnail = TRUE;
  g_assert_false (scrim_exif_is_empty (exif));
}

static void
test_round_trip_all (void)
{
  g_autoptr(ScrimExif) want = full_exif ();

  assert_round_trip (want);
}

static void
test_round_trip_south_west (void)
{
  g_autoptr(ScrimExif) want = full_exif ();

  want->gps_lat = -33.8567844;
  want->gps_lon = -151.2152967;
  want->gps_alt = -12.5;        /* below sea level */
  assert_round_trip (want);

  want->gps_lat = -89.9999999;
  want->gps_lon = 179.9999999;
  want->gps_alt = 0;
  assert_round_trip (want);

  want->gps_lat = 0;
  want->gps_lon = -0.0000001;
  assert_round_trip (want);
}

static void
test_round_trip_orientation (void)
{
  static const gint64 values[] = { 0, 1, 8, 9, 65535, 65536, G_MAXUINT32, -1, G_MININT32 };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(ScrimExif) want = scrim_exif_new ();

      want->orientation = values[i];
      want->has_orientation = TRUE;
      assert_round_trip (want);
    }
}

static void
test_round_trip_bytes (void)
{
  g_autoptr(ScrimExif) want = scrim_exif_new ();

  /* Not UTF-8, with a trailing byte that is not white space. */
  want->make = g_strdup ("Ca\xff\xfen\xc3(on\x80");
  want->model = g_strdup ("\t leading white space is kept");
  assert_round_trip (want);
}

static void
test_round_trip_missing (void)
{
  g_autoptr(ScrimExif) model_only = scrim_exif_new ();
  g_autoptr(ScrimExif) gps_only = scrim_exif_new ();
  g_autoptr(ScrimExif) lat_only = scrim_exif_new ();
  g_autoptr(ScrimExif) alt_only = scrim_exif_new ();
  g_autoptr(ScrimExif) nothing = scrim_exif_new ();
  g_autoptr(GBytes) app1 = NULL;
  g_autoptr(GError) error = NULL;

  model_only->model = g_strdup ("X");
  assert_round_trip (model_only);

  gps_only->gps_lat = 1.5;
  gps_only->gps_lon = 2.5;
  gps_only->has_gps = TRUE;
  assert_round_trip (gps_only);

  lat_only->gps_lat = -45;
  lat_only->has_gps_lat = TRUE;
  assert_round_trip (lat_only);

  alt_only->gps_alt = 8848.86;
  alt_only->has_gps_alt = TRUE;
  assert_round_trip (alt_only);

  /* Nothing set: a valid block that reads as nothing. */
  app1 = scrim_exif_build_app1 (nothing, &error);
  g_assert_no_error (error);
  g_assert_null (read_bytes (app1));
}

static void
test_build_invalid (void)
{
  g_autoptr(ScrimExif) exif = scrim_exif_new ();
  g_autoptr(GError) error = NULL;
  GBytes *app1;

  exif->gps_lat = 91;
  exif->gps_lon = 0;
  exif->has_gps = TRUE;
  app1 = scrim_exif_build_app1 (exif, &error);
  g_assert_null (app1);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  exif->gps_lat = NAN;
  app1 = scrim_exif_build_app1 (exif, &error);
  g_assert_null (app1);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  exif->has_gps = FALSE;
  exif->orientation = G_GINT64_CONSTANT (1) << 40;
  exif->has_orientation = TRUE;
  app1 = scrim_exif_build_app1 (exif, &error);
  g_assert_null (app1);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
}

/* ------------------------------------------------------------------ */
/* Hostile blocks                                                     */
/* ------------------------------------------------------------------ */

static void
test_hostile_truncated (void)
{
  static const char *const blocks[] = {
    "", "E", "Exif", "Exif\0\0", "Exif\0\0II", "Exif\0\0II*", "Exif\0\0II*\0",
    "Exif\0\0II*\0\x08\0\0", "II*\0\x08\0\0\0", "Exif\0\0MM\0*\0\0\0\x08\0\x05",
    "Exif\0\0XX*\0\x08\0\0\0\0\0\0\0", "Exif\0\0II+\0\x08\0\0\0\0\0\0\0",
  };
  static const gsize lens[] = { 0, 1, 4, 6, 8, 9, 10, 13, 8, 16, 16, 16 };

  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      g_assert_null (scrim_exif_read_block ((const guint8 *) blocks[i], lens[i]));
      for (ScrimFileType t = SCRIM_FILE_TYPE_OTHER; t <= SCRIM_FILE_TYPE_TIFF; t++)
        g_assert_null (scrim_exif_read_file (t, (const guint8 *) blocks[i], lens[i]));
    }
  g_assert_null (scrim_exif_read_block (NULL, 0));

  /* A real block cut short at every length: never a crash. */
  {
    g_autoptr(ScrimExif) full = full_exif ();
    g_autoptr(GBytes) app1 = scrim_exif_build_app1 (full, NULL);
    gsize len;
    const guint8 *d = g_bytes_get_data (app1, &len);

    for (gsize cut = 0; cut < len; cut++)
      {
        g_autofree guint8 *copy = g_memdup2 (d, cut);

        scrim_exif_free (scrim_exif_read_block (copy, cut));
      }
  }
}

static void
test_hostile_loops (void)
{
  Tiff tiff = { 0 };
  Ifd *ifd0 = tiff_ifd (&tiff, 0);
  Ifd *exif_ifd = tiff_ifd (&tiff, 1);
  Ifd *gps = tiff_ifd (&tiff, 2);
  g_autoptr(GBytes) block = NULL;
  g_autoptr(ScrimExif) exif = NULL;

  ifd_add_text (ifd0, 0x010f, "Loop");
  ifd_add_pointer (ifd0, 0x8769, 1);
  ifd_add_pointer (ifd0, 0x8825, 2);
  ifd0->next = 0;                                  /* IFD1 is IFD0 */
  ifd_add_text (exif_ifd, 0x9003, "2001:02:03 04:05:06");
  ifd_add_pointer (exif_ifd, 0x8769, 1);           /* itself */
  ifd_add_pointer (exif_ifd, 0xa005, 0);           /* interop = IFD0 */
  ifd_add_pointer (exif_ifd, 0x8825, 2);
  exif_ifd->next = 1;
  ifd_add_pointer (gps, 0x8825, 2);                /* itself */
  ifd_add_pointer (gps, 0x8769, 0);                /* back to IFD0 */
  ifd_add (gps, 0x0002, T_RATIONAL, 3, rationals (3, 10, 1, 30, 1, 0, 1), 24);
  gps->next = 2;

  block = tiff_build (&tiff);
  exif = read_bytes (block);
  g_assert_nonnull (exif);
  g_assert_cmpstr (exif->make, ==, "Loop");
  g_assert_cmpstr (exif->datetime_original, ==, "2001:02:03 04:05:06");
  g_assert_true (exif->has_gps_lat);
  g_assert_cmpfloat_with_epsilon (exif->gps_lat, 10.5, 1e-9);
}

static void
test_hostile_counts (void)
{
  Tiff tiff = { 0 };
  Ifd *ifd0 = tiff_ifd (&tiff, 0);
  Ifd *gps = tiff_ifd (&tiff, 1);
  g_autoptr(GBytes) block = NULL;
  g_autoptr(ScrimExif) exif = NULL;

  ifd_add_raw (ifd0, 0x010f, T_ASCII, 0x80000000u, 8);       /* Make */
  ifd_add_raw (ifd0, 0x0110, T_ASCII, 0xffffffffu, 8);       /* Model */
  ifd_add_raw (ifd0, 0x0112, T_SHORT, 0x80000000u, 8);       /* Orientation */
  ifd_add_raw (ifd0, 0x0131, T_ASCII, 0, 0);                 /* Software, empty */
  ifd_add_pointer (ifd0, 0x8825, 1);
  ifd_add_raw (gps, 0x0002, T_RATIONAL, 0x80000000u, 8);
  ifd_add_raw (gps, 0x0004, T_RATIONAL, 0x20000000u, 8);
  ifd_add_raw (gps, 0x0006, T_RATIONAL, 0xffffffffu, 8);
  block = tiff_build (&tiff);
  exif = read_bytes (block);
  /* None of it can be read; all that matters is a sane answer. */
  g_assert_true (exif == NULL || (exif->make == NULL && exif->model == NULL && !exif->has_gps));
}

static void
test_hostile_gps_denominators (void)
{
  struct
  {
    guint32  n;
    guint32  v[8];
    gboolean has;
    double   lat;
  } cases[] = {
    { 3, { 10, 1, 30, 1, 0, 0 }, TRUE, 10.5 },        /* 0/0 seconds: 0 */
    { 3, { 10, 1, 0, 0, 36, 1 }, TRUE, 10.01 },       /* 0/0 minutes: 0 */
    { 3, { 0, 0, 0, 0, 0, 0 }, FALSE, 0 },            /* no fix: no value */
    { 3, { 0, 0, 30, 1, 0, 1 }, FALSE, 0 },           /* 0/0 degrees */
    { 3, { 10, 1, 5, 0, 0, 1 }, FALSE, 0 },           /* n/0 */
    { 4, { 10, 1, 30, 1, 36, 1, 7, 0 }, FALSE, 0 },   /* n/0 in a 4th part */
    { 1, { 10, 1 }, TRUE, 10 },                       /* degrees alone */
    { 2, { 10, 1, 30, 1 }, TRUE, 10.5 },
    { 4, { 10, 1, 30, 1, 36, 1, 99, 1 }, TRUE, 10.51 },
    { 1, { 0xffffffffu, 1 }, TRUE, 4294967295.0 },    /* kept as stored */
    { 0, { 0 }, FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Tiff tiff = { 0 };
      Ifd *ifd0 = tiff_ifd (&tiff, 0);
      Ifd *gps = tiff_ifd (&tiff, 1);
      guint8 data[64] = { 0 };
      g_autoptr(GBytes) block = NULL;
      g_autoptr(ScrimExif) exif = NULL;

      for (guint j = 0; j < 2 * cases[i].n; j++)
        for (int b = 0; b < 4; b++)
          data[4 * j + b] = (cases[i].v[j] >> (8 * b)) & 0xff;
      ifd_add_text (ifd0, 0x010f, "M");
      ifd_add_pointer (ifd0, 0x8825, 1);
      ifd_add_text (gps, 0x0001, "S");
      ifd_add (gps, 0x0002, T_RATIONAL, cases[i].n, data, 8 * cases[i].n);
      block = tiff_build (&tiff);
      exif = read_bytes (block);
      g_assert_nonnull (exif);
      g_assert_cmpint (exif->has_gps_lat, ==, cases[i].has);
      g_assert_false (exif->has_gps);                 /* no longitude */
      if (cases[i].has)
        g_assert_cmpfloat_with_epsilon (exif->gps_lat, -cases[i].lat, 1e-9);
    }
}

static void
test_hostile_strings (void)
{
  Tiff tiff = { 0 };
  Ifd *ifd0 = tiff_ifd (&tiff, 0);
  Ifd *exif_ifd = tiff_ifd (&tiff, 1);
  g_autoptr(GBytes) block = NULL;
  g_autoptr(ScrimExif) exif = NULL;
  static const char make[] = "Canon\0hidden after NUL";
  static const char model[] = "Model  \t \0\0";
  static const char dto[] = "    :  :     :  :  ";
  static const char software[] = "\0\0\0\0\0";

  ifd_add (ifd0, 0x010f, T_ASCII, sizeof make, make, sizeof make);
  ifd_add (ifd0, 0x0110, T_ASCII, sizeof model, model, sizeof model);
  ifd_add (ifd0, 0x0131, T_ASCII, sizeof software, software, sizeof software);
  ifd_add_raw (ifd0, 0x0112, T_SLONG, 1, 36865);
  ifd_add_pointer (ifd0, 0x8769, 1);
  ifd_add (exif_ifd, 0x9003, T_ASCII, sizeof dto - 1, dto, sizeof dto - 1);   /* no NUL */
  ifd_add_text (exif_ifd, 0x9011, "+05:30");
  block = tiff_build (&tiff);
  exif = read_bytes (block);
  g_assert_nonnull (exif);
  g_assert_cmpstr (exif->make, ==, "Canon");
  g_assert_cmpstr (exif->model, ==, "Model");
  g_assert_null (exif->software);
  g_assert_cmpstr (exif->datetime_original, ==, dto);      /* as stored, spaces kept */
  g_assert_cmpstr (exif->offset_time_original, ==, "+05:30");
  g_assert_true (exif->has_orientation);
  g_assert_cmpint (exif->orientation, ==, 36865);
}

/* An offset tag pointing past the end must not cost the IFDs after it
 * (libexif 0.6.24 alone would stop reading IFD0 there). */
static void
test_hostile_bad_offset (void)
{
  Tiff tiff = { 0 };
  Ifd *ifd0 = tiff_ifd (&tiff, 0);
  Ifd *exif_ifd = tiff_ifd (&tiff, 1);
  Ifd *gps = tiff_ifd (&tiff, 2);
  g_autoptr(GBytes) block = NULL;
  g_autoptr(ScrimExif) exif = NULL;

  ifd_add_text (ifd0, 0x010f, "Make");
  ifd_add_raw (ifd0, 0x0202, T_LONG, 1, 0xffffffffu);   /* thumbnail length */
  ifd_add_pointer (ifd0, 0x8769, 1);
  ifd_add_pointer (ifd0, 0x8825, 2);
  ifd_add_text (exif_ifd, 0x9003, "2099:09:29 10:10:10");
  ifd_add_raw (exif_ifd, 0xa005, T_LONG, 1, 0x7fffffffu);  /* interop, nowhere */
  ifd_add_text (exif_ifd, 0xa431, "BODY123");
  ifd_add (gps, 0x0002, T_RATIONAL, 1, rationals (1, 0xffffffffu, 1), 8);
  block = tiff_build (&tiff);
  exif = read_bytes (block);
  g_assert_nonnull (exif);
  g_assert_cmpstr (exif->datetime_original, ==, "2099:09:29 10:10:10");
  g_assert_cmpstr (exif->serial, ==, "BODY123");
  g_assert_true (exif->has_gps_lat);
  g_assert_false (exif->has_gps_lon);
  g_assert_false (exif->has_thumbnail);
}

/* Thousands of entries that each claim the whole block: the allocation
 * budget keeps this cheap. */
static void
test_hostile_repeated_entries (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(ScrimExif) exif = NULL;
  const guint n = 5000;
  gsize len = 6 + 8 + 2 + 12 * n + 4;
  gint64 start = g_get_monotonic_time ();

  g_byte_array_set_size (out, len);
  memset (out->data, 0, len);
  memcpy (out->data, "Exif\0\0II*\0\x08\0\0\0", 14);
  out->data[14] = n & 0xff;
  out->data[15] = n >> 8;
  for (guint i = 0; i < n; i++)
    {
      guint8 *e = out->data + 16 + 12 * i;
      guint16 tag = 0x9000 + i;                /* distinct tags, mostly unknown */
      guint32 count = (guint32) len - 6 - 8;

      e[0] = tag & 0xff;
      e[1] = tag >> 8;
      e[2] = T_UNDEFINED;
      for (int b = 0; b < 4; b++)
        e[4 + b] = (count >> (8 * b)) & 0xff;
      e[8] = 8;
    }
  exif = scrim_exif_read_block (out->data, out->len);
  g_assert_null (exif);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------ */
/* Maker-note serials                                                 */
/* ------------------------------------------------------------------ */

static ScrimExif *
read_with_maker_note (const char   *make,
                      const char   *model,
                      const guint8 *note,
                      gsize         note_len)
{
  Tiff tiff = { 0 };
  Ifd *ifd0 = tiff_ifd (&tiff, 0);
  Ifd *exif_ifd = tiff_ifd (&tiff, 1);
  g_autoptr(GBytes) block = NULL;

  ifd_add_text (ifd0, 0x010f, make);
  if (model != NULL)
    ifd_add_text (ifd0, 0x0110, model);
  ifd_add_pointer (ifd0, 0x8769, 1);
  ifd_add (exif_ifd, 0x927c, T_UNDEFINED, note_len, note, note_len);
  block = tiff_build (&tiff);
  return read_bytes (block);
}

/* A maker note that is a bare IFD of one entry whose value sits inline. */
static void
inline_ifd (guint8  *note,
            guint16  tag,
            guint16  type,
            guint32  value)
{
  memset (note, 0, 18);
  note[0] = 1;
  note[2] = tag & 0xff;
  note[3] = tag >> 8;
  note[4] = type;
  note[6] = 1;
  for (int b = 0; b < 4; b++)
    note[10 + b] = (value >> (8 * b)) & 0xff;
}

static void
test_serial_canon (void)
{
  guint8 note[18];
  g_autoptr(ScrimExif) rebel = NULL;
  g_autoptr(ScrimExif) one_d = NULL;
  g_autoptr(ScrimExif) d30 = NULL;
  g_autoptr(ScrimExif) not_canon = NULL;

  inline_ifd (note, 0x000c, T_LONG, 360020553);
  rebel = read_with_maker_note ("Canon", "Canon EOS DIGITAL REBEL", note, sizeof note);
  g_assert_nonnull (rebel);
  g_assert_cmpstr (rebel->serial, ==, "0360020553");

  inline_ifd (note, 0x000c, T_LONG, 5266);
  one_d = read_with_maker_note ("Canon", "Canon EOS-1D", note, sizeof note);
  g_assert_cmpstr (one_d->serial, ==, "005266");

  inline_ifd (note, 0x000c, T_LONG, 0x12345678);
  d30 = read_with_maker_note ("Canon", "Canon EOS D30", note, sizeof note);
  g_assert_cmpstr (d30->serial, ==, "123422136");

  /* The same IFD under another make is not a Canon note. */
  not_canon = read_with_maker_note ("Pentax", NULL, note, sizeof note);
  g_assert_null (not_canon->serial);
}

static void
test_serial_fuji (void)
{
  g_autoptr(GByteArray) note = g_byte_array_new ();
  g_autoptr(ScrimExif) exif = NULL;
  static const char serial[] = "FPX 20100220 12345678";
  guint8 ifd[18] = { 1, 0, 0x10, 0x00, T_ASCII, 0, sizeof serial, 0, 0, 0, 30, 0, 0, 0 };

  /* "FUJIFILM", the IFD offset, then the IFD; offsets from the note start. */
  g_byte_array_append (note, (const guint8 *) "FUJIFILM\x0c\0\0\0", 12);
  g_byte_array_append (note, ifd, sizeof ifd);
  g_byte_array_append (note, (const guint8 *) serial, sizeof serial);
  exif = read_with_maker_note ("FUJIFILM", "X-T3", note->data, note->len);
  g_assert_nonnull (exif);
  g_assert_cmpstr (exif->serial, ==, serial);
}

static void
test_serial_nikon (void)
{
  g_autoptr(GByteArray) note = g_byte_array_new ();
  g_autoptr(ScrimExif) exif = NULL;
  static const char serial[] = "3105364";
  guint8 ifd[18] = { 1, 0, 0x1d, 0x00, T_ASCII, 0, sizeof serial, 0, 0, 0, 26, 0, 0, 0 };

  /* "Nikon\0" 2.10, then a TIFF header; offsets from that header. */
  g_byte_array_append (note, (const guint8 *) "Nikon\0\x02\x10\0\0II*\0\x08\0\0\0", 18);
  g_byte_array_append (note, ifd, sizeof ifd);
  g_byte_array_append (note, (const guint8 *) serial, sizeof serial);
  exif = read_with_maker_note ("NIKON CORPORATION", "NIKON D300", note->data, note->len);
  g_assert_nonnull (exif);
  g_assert_cmpstr (exif->serial, ==, serial);
}

static void
test_serial_body_first (void)
{
  Tiff tiff = { 0 };
  Ifd *ifd0 = tiff_ifd (&tiff, 0);
  Ifd *exif_ifd = tiff_ifd (&tiff, 1);
  guint8 note[18];
  g_autoptr(GBytes) block = NULL;
  g_autoptr(ScrimExif) exif = NULL;

  inline_ifd (note, 0x000c, T_LONG, 1);
  ifd_add_text (ifd0, 0x010f, "Canon");
  ifd_add_pointer (ifd0, 0x8769, 1);
  ifd_add_text (exif_ifd, 0xa431, "  BODY 7  ");
  ifd_add (exif_ifd, 0x927c, T_UNDEFINED, sizeof note, note, sizeof note);
  block = tiff_build (&tiff);
  exif = read_bytes (block);
  g_assert_cmpstr (exif->serial, ==, "  BODY 7");
}

/* ------------------------------------------------------------------ */
/* Containers, hostile                                                */
/* ------------------------------------------------------------------ */

static GBytes *
small_app1 (void)
{
  g_autoptr(ScrimExif) exif = scrim_exif_new ();

  exif->make = g_strdup ("Small");
  return scrim_exif_build_app1 (exif, NULL);
}

static void
test_jpeg_truncated_segment (void)
{
  g_autoptr(GBytes) app1 = small_app1 ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(ScrimExif) exif = NULL;
  gsize len = g_bytes_get_size (app1);

  /* The APP1 claims 0xffff bytes; the file ends right after the block. */
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff }, 6);
  g_byte_array_append (out, g_bytes_get_data (app1, NULL), len);
  exif = scrim_exif_read_file (SCRIM_FILE_TYPE_JPEG, out->data, out->len);
  g_assert_nonnull (exif);
  g_assert_cmpstr (exif->make, ==, "Small");

  /* Cut anywhere: never a crash. */
  for (gsize cut = 0; cut < out->len; cut++)
    scrim_exif_free (scrim_exif_read_file (SCRIM_FILE_TYPE_JPEG, out->data, cut));

  /* A segment length below 2, and a marker that is not one. */
  g_assert_null (scrim_exif_read_file (SCRIM_FILE_TYPE_JPEG,
                                       (const guint8 *) "\xff\xd8\xff\xe1\x00\x01Exif", 10));
  g_assert_null (scrim_exif_read_file (SCRIM_FILE_TYPE_JPEG,
                                       (const guint8 *) "\xff\xd8\x00\xe1\x00\x10", 6));
}

static void
test_jpeg_many_segments (void)
{
  g_autoptr(GBytes) app1 = small_app1 ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(ScrimExif) exif = NULL;
  gsize len = g_bytes_get_size (app1);

  g_byte_array_append (out, (const guint8[]) { 0xff, 0xd8 }, 2);
  for (guint i = 0; i < 20000; i++)
    {
      guint8 marker = 0xe0 + (i % 16);

      if (marker == 0xe1)     /* an APP1 that is XMP-like, not EXIF */
        g_byte_array_append (out, (const guint8[]) { 0xff, 0xe1, 0, 6, 'h', 't', 't', 'p' }, 8);
      else
        g_byte_array_append (out, (const guint8[]) { 0xff, 0xff, marker, 0, 2 }, 5);
    }
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xe1, (len + 2) >> 8, (len + 2) & 0xff }, 4);
  g_byte_array_append (out, g_bytes_get_data (app1, NULL), len);
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xda, 0, 2, 0xff, 0xd9 }, 6);
  exif = scrim_exif_read_file (SCRIM_FILE_TYPE_JPEG, out->data, out->len);
  g_assert_nonnull (exif);
  g_assert_cmpstr (exif->make, ==, "Small");

  /* After SOS nothing is EXIF any more. */
  g_byte_array_set_size (out, 2);
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xda, 0, 2 }, 4);
  g_byte_array_append (out, (const guint8[]) { 0xff, 0xe1, (len + 2) >> 8, (len + 2) & 0xff }, 4);
  g_byte_array_append (out, g_bytes_get_data (app1, NULL), len);
  g_assert_null (scrim_exif_read_file (SCRIM_FILE_TYPE_JPEG, out->data, out->len));
}

static void
test_png_variants (void)
{
  g_autoptr(GBytes) app1 = small_app1 ();
  g_autoptr(GBytes) text = png_wrap_raw_profile (app1, FALSE);
  g_autoptr(GBytes) ztext = png_wrap_raw_profile (app1, TRUE);
  g_autoptr(ScrimExif) a = read_file (SCRIM_FILE_TYPE_PNG, text);
  g_autoptr(ScrimExif) b = read_file (SCRIM_FILE_TYPE_PNG, ztext);
  g_autoptr(GByteArray) huge = png_begin ();

  g_assert_nonnull (a);
  g_assert_cmpstr (a->make, ==, "Small");
  g_assert_nonnull (b);
  g_assert_cmpstr (b->make, ==, "Small");

  /* A chunk that claims 2 GiB, and a zTXt that is not zlib. */
  g_byte_array_append (huge, (const guint8[]) { 0x7f, 0xff, 0xff, 0xff, 'e', 'X', 'I', 'f', 'I', 'I', '*', 0 }, 12);
  scrim_exif_free (scrim_exif_read_file (SCRIM_FILE_TYPE_PNG, huge->data, huge->len));
  {
    GByteArray *bad = png_begin ();

    png_chunk (bad, "zTXt", "Raw profile type exif\0\0garbage", 31);
    g_assert_null (scrim_exif_read_file (SCRIM_FILE_TYPE_PNG, bad->data, bad->len));
    g_byte_array_unref (bad);
  }
  for (gsize cut = 0; cut < g_bytes_get_size (ztext); cut++)
    scrim_exif_free (scrim_exif_read_file (SCRIM_FILE_TYPE_PNG, g_bytes_get_data (ztext, NULL), cut));
}

/* Every container cut at every length, and with bytes flipped. */
static void
test_containers_damaged (void)
{
  g_autoptr(GBytes) app1 = small_app1 ();
  GBytes *files[] = { jpeg_wrap (app1), png_wrap (app1), webp_wrap (app1), heic_wrap (app1) };
  const ScrimFileType types[] = { SCRIM_FILE_TYPE_JPEG, SCRIM_FILE_TYPE_PNG,
                                  SCRIM_FILE_TYPE_WEBP, SCRIM_FILE_TYPE_HEIC };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (files[f], &len);
      g_autofree guint8 *copy = g_memdup2 (d, len);

      for (gsize cut = 0; cut <= len; cut++)
        scrim_exif_free (scrim_exif_read_file (types[f], d, cut));
      for (guint round = 0; round < 2000; round++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);
          guint8 old = copy[at];

          copy[at] = (guint8) g_rand_int (rand);
          scrim_exif_free (scrim_exif_read_file (types[f], copy, len));
          copy[at] = old;
        }
      g_bytes_unref (files[f]);
    }
}

/* Deterministic mutations of a full block: never a crash, never a hang. */
static void
test_hostile_mutations (void)
{
  g_autoptr(ScrimExif) full = full_exif ();
  g_autoptr(GBytes) app1 = scrim_exif_build_app1 (full, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240506);
  gsize len;
  const guint8 *d = g_bytes_get_data (app1, &len);
  g_autofree guint8 *copy = g_malloc (len);

  for (guint round = 0; round < 3000; round++)
    {
      guint n_flips = g_rand_int_range (rand, 1, 8);

      memcpy (copy, d, len);
      for (guint i = 0; i < n_flips; i++)
        {
          gsize at = g_rand_int_range (rand, 6, (gint32) len);

          copy[at] = (round & 1) ? (guint8) g_rand_int (rand) : copy[at] ^ (1u << g_rand_int_range (rand, 0, 8));
        }
      scrim_exif_free (scrim_exif_read_block (copy, len));
    }
}

static gpointer
read_many (gpointer data)
{
  GBytes *app1 = data;

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(ScrimExif) exif = read_bytes (app1);

      if (exif == NULL || g_strcmp0 (exif->model, "Test Camera 1") != 0)
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

/* Workers read EXIF in parallel: each load has its own log and budget. */
static void
test_threads (void)
{
  g_autoptr(ScrimExif) full = full_exif ();
  g_autoptr(GBytes) app1 = scrim_exif_build_app1 (full, NULL);
  GThread *threads[8];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("exif", read_many, app1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/exif/new-free", test_new_free);
  g_test_add_func ("/core/exif/round-trip/all-fields", test_round_trip_all);
  g_test_add_func ("/core/exif/round-trip/south-west-below-sea", test_round_trip_south_west);
  g_test_add_func ("/core/exif/round-trip/orientation", test_round_trip_orientation);
  g_test_add_func ("/core/exif/round-trip/non-utf8", test_round_trip_bytes);
  g_test_add_func ("/core/exif/round-trip/missing-fields", test_round_trip_missing);
  g_test_add_func ("/core/exif/build/invalid", test_build_invalid);
  g_test_add_func ("/core/exif/hostile/truncated", test_hostile_truncated);
  g_test_add_func ("/core/exif/hostile/ifd-loops", test_hostile_loops);
  g_test_add_func ("/core/exif/hostile/huge-counts", test_hostile_counts);
  g_test_add_func ("/core/exif/hostile/gps-denominators", test_hostile_gps_denominators);
  g_test_add_func ("/core/exif/hostile/strings", test_hostile_strings);
  g_test_add_func ("/core/exif/hostile/offset-past-end", test_hostile_bad_offset);
  g_test_add_func ("/core/exif/hostile/repeated-entries", test_hostile_repeated_entries);
  g_test_add_func ("/core/exif/hostile/mutations", test_hostile_mutations);
  g_test_add_func ("/core/exif/serial/canon", test_serial_canon);
  g_test_add_func ("/core/exif/serial/fuji", test_serial_fuji);
  g_test_add_func ("/core/exif/serial/nikon", test_serial_nikon);
  g_test_add_func ("/core/exif/serial/body-first", test_serial_body_first);
  g_test_add_func ("/core/exif/file/jpeg-truncated-segment", test_jpeg_truncated_segment);
  g_test_add_func ("/core/exif/file/jpeg-many-segments", test_jpeg_many_segments);
  g_test_add_func ("/core/exif/file/png-variants", test_png_variants);
  g_test_add_func ("/core/exif/file/damaged", test_containers_damaged);
  g_test_add_func ("/core/exif/threads", test_threads);

  return g_test_run ();
}
