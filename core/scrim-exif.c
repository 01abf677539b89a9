/* scrim-exif.c
 *
 * Scrim finds the EXIF block of a file itself (a walk over JPEG segments or
 * PNG chunks, never a decode) and hands only that block to libexif.
 *
 * libexif is configured to report rather than repair: it must not "fix" the
 * data to the specification (that invents tags and drops others), it keeps
 * tags it does not know (so a tag in an unusual IFD still counts, as it does
 * for exiftool), it logs into a sink that drops everything (a worker thread
 * never prints), and every allocation it makes while loading one block is
 * charged to a budget, so a hostile block that repeats 64 KiB entries
 * thousands of times costs a few megabytes, not gigabytes.
 *
 * Before libexif sees a block, Scrim copies it and renames the offset
 * entries that point past its end: libexif 0.6.24 stops reading an IFD at
 * the first such entry, and so loses e.g. the GPS IFD of a file whose
 * thumbnail length is bogus (see defuse_bad_offsets()).
 *
 * What is read, and how, follows what exiftool reports, since that is the
 * reference investigators compare with (tests/test-shared-exif.c checks it
 * and tests/data/exif-differences.tsv lists where and why Scrim differs):
 * strings are cut at the first NUL, Make/Model/Software lose trailing white
 * space, DateTimeOriginal is kept as stored, Orientation is the raw number,
 * GPS coordinates are degrees + minutes/60 + seconds/3600.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>

#include "scrim-error.h"
#include "scrim-exif.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifData, exif_data_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifMem, exif_mem_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifLog, exif_log_unref)

/* "Exif\0\0": what precedes the TIFF header in a JPEG APP1 segment. */
static const guint8 exif_header[6] = { 'E', 'x', 'i', 'f', 0, 0 };
#define EXIF_HEADER_LEN 6

/* libexif reads no further than this into a block (it caps the length it is
 * given to what a JPEG APP1 segment can hold), so neither do we. */
#define EXIF_BLOCK_MAX 0xfffe

/* All that libexif may allocate while loading one block, counted without
 * subtracting what it frees (growing an IFD by realloc costs O(n^2) here).
 * A real block is at most 64 KiB and costs well under 1 MiB. */
#define EXIF_ALLOC_BUDGET ((gsize) 8 * 1024 * 1024)

/* The largest legacy "Raw profile" text chunk we inflate or decode: twice an
 * EXIF block in hex, with room for line breaks. */
#define RAW_PROFILE_MAX ((gsize) 256 * 1024)

/* Tags libexif has no name for. */
#define TAG_CAMERA_SERIAL_NUMBER 0xc62f  /* DNG CameraSerialNumber, IFD0 */

/* What an offset entry that points nowhere is renamed to (see
 * defuse_bad_offsets()), and how many IFDs that walk visits at most. */
#define DEFUSED_TAG 0xfffe
#define DEFUSE_MAX_IFDS 16

typedef struct
{
  const guint8 *data;
  gsize         len;
} Span;

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* ------------------------------------------------------------------ */
/* ScrimExif                                                          */
/* ------------------------------------------------------------------ */

/*
** Returns a new ScrimExif with every field unset. Free it with
** scrim_exif_free().
*/
ScrimExif *
scrim_exif_new (void)
{
  return g_new0 (ScrimExif, 1);
}

/*
** Frees exif and its strings. NULL is allowed.
*/
void
scrim_exif_free (ScrimExif *exif)
{
  if (exif == NULL)
    return;
  g_free (exif->make);
  g_free (exif->model);
  g_free (exif->serial);
  g_free (exif->datetime_original);
  g_free (exif->offset_time_original);
  g_free (exif->software);
  g_free (exif);
}

/*
** Returns TRUE when exif holds no field at all (NULL counts as empty).
*/
gboolean
scrim_exif_is_empty (const ScrimExif *exif)
{
  if (exif == NULL)
    return TRUE;
  return exif->make == NULL && exif->model == NULL && exif->serial == NULL
         && exif->datetime_original == NULL
         && exif->offset_time_original == NULL && exif->software == NULL
         && !exif->has_orientation && !exif->has_gps && !exif->has_gps_lat
         && !exif->has_gps_lon && !exif->has_gps_alt && !exif->has_thumbnail;
}

/* ------------------------------------------------------------------ */
/* libexif, quiet and on a budget                                      */
/* ------------------------------------------------------------------ */

/* What the allocator below may still hand out in this thread. Loading is
 * synchronous, so a per-thread counter is a per-load counter. */
static _Thread_local gsize alloc_budget;

static void *
budget_alloc (ExifLong size)
{
  if (size > alloc_budget)
    return NULL;
  alloc_budget -= size;
  return calloc (size, 1);
}

static void *
budget_realloc (void     *ptr,
                ExifLong  size)
{
  if (size > alloc_budget)
    return NULL;
  alloc_budget -= size;
  return realloc (ptr, size);
}

static void
budget_free (void *ptr)
{
  free (ptr);
}

static void
log_sink (ExifLog     *log,
          ExifLogCode  code,
          const char  *domain,
          const char  *format,
          va_list      args,
          void        *user_data)
{
}

/* An ExifData that reads as the file says, logs nowhere, and draws on a
 * fresh allocation budget. */
static ExifData *
quiet_exif_data_new (void)
{
  g_autoptr(ExifMem) mem = NULL;
  g_autoptr(ExifLog) sink = NULL;
  ExifData *ed;

  alloc_budget = EXIF_ALLOC_BUDGET;
  mem = exif_mem_new (budget_alloc, budget_realloc, budget_free);
  if (mem == NULL)
    return NULL;
  ed = exif_data_new_mem (mem);
  sink = exif_log_new_mem (mem);
  if (ed == NULL || sink == NULL)
    {
      g_clear_pointer (&ed, exif_data_unref);
      return NULL;
    }
  exif_log_set_func (sink, log_sink, NULL);
  exif_data_log (ed, sink);
  exif_data_unset_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_unset_option (ed, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
  return ed;
}

/* ------------------------------------------------------------------ */
/* Reading entries                                                    */
/* ------------------------------------------------------------------ */

/* The entry for tag in ifd, or NULL when it is absent or holds no bytes. */
static ExifEntry *
get_entry (ExifData *ed,
           ExifIfd   ifd,
           ExifTag   tag)
{
  ExifEntry *entry = exif_content_get_entry (ed->ifd[ifd], tag);

  if (entry == NULL || entry->data == NULL || entry->size == 0)
    return NULL;
  return entry;
}

/* How many whole components of format the entry really holds, whatever
 * its count claims. */
static gsize
entry_n_components (const ExifEntry *entry,
                    ExifFormat       format)
{
  guint8 unit = exif_format_get_size (format);

  if (entry->format != format || unit == 0)
    return 0;
  return MIN ((gsize) entry->components, entry->size / unit);
}

static gboolean
is_trailing_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
         || c == '\f';
}

/* The bytes of a text entry up to the first NUL, with trailing white space
 * dropped when trim is set; NULL when that leaves nothing. */
static char *
dup_text (const ExifEntry *entry,
          gboolean         trim)
{
  const char *text;
  const char *nul;
  gsize len;

  if (entry == NULL)
    return NULL;
  if (entry->format != EXIF_FORMAT_ASCII
      && entry->format != EXIF_FORMAT_UNDEFINED
      && entry->format != EXIF_FORMAT_BYTE)
    return NULL;
  text = (const char *) entry->data;
  nul = memchr (text, '\0', entry->size);
  len = nul != NULL ? (gsize) (nul - text) : entry->size;
  while (trim && len > 0 && is_trailing_space (text[len - 1]))
    len--;
  if (len == 0)
    return NULL;
  return g_strndup (text, len);
}

/* The first component of an integer entry, of whichever integer format. */
static gboolean
read_integer (const ExifEntry *entry,
              ExifByteOrder    order,
              gint64          *value)
{
  const guint8 *d = entry->data;
  guint8 unit = exif_format_get_size (entry->format);

  if (entry->components == 0 || unit == 0 || entry->size < unit)
    return FALSE;
  switch (entry->format)
    {
    case EXIF_FORMAT_BYTE:
      *value = d[0];
      return TRUE;
    case EXIF_FORMAT_SBYTE:
      *value = (gint8) d[0];
      return TRUE;
    case EXIF_FORMAT_SHORT:
      *value = exif_get_short (d, order);
      return TRUE;
    case EXIF_FORMAT_SSHORT:
      *value = exif_get_sshort (d, order);
      return TRUE;
    case EXIF_FORMAT_LONG:
      *value = exif_get_long (d, order);
      return TRUE;
    case EXIF_FORMAT_SLONG:
      *value = exif_get_slong (d, order);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Component i of a RATIONAL or SRATIONAL entry, or FALSE when its
 * denominator is zero; *undefined tells 0/0 (a writer's "unused") from n/0
 * (no number at all). */
static gboolean
read_ratio (const ExifEntry *entry,
            ExifByteOrder    order,
            gsize            i,
            double          *value,
            gboolean        *undefined)
{
  const guint8 *d = entry->data + 8 * i;
  double numerator;
  double denominator;

  if (entry->format == EXIF_FORMAT_SRATIONAL)
    {
      ExifSRational r = exif_get_srational (d, order);

      numerator = r.numerator;
      denominator = r.denominator;
    }
  else
    {
      ExifRational r = exif_get_rational (d, order);

      numerator = r.numerator;
      denominator = r.denominator;
    }
  *undefined = numerator == 0 && denominator == 0;
  if (denominator == 0)
    return FALSE;
  *value = numerator / denominator;
  return TRUE;
}

static gsize
ratio_count (const ExifEntry *entry)
{
  if (entry->format == EXIF_FORMAT_SRATIONAL)
    return entry_n_components (entry, EXIF_FORMAT_SRATIONAL);
  return entry_n_components (entry, EXIF_FORMAT_RATIONAL);
}

/* Degrees from a GPS coordinate: components 0, 1, 2 are degrees, minutes
 * and seconds; missing ones count 0, and so do minutes or seconds stored as
 * 0/0 (Nikon writes 0/0 seconds when the minutes carry the fraction). There
 * is no value when the degrees are 0/0 (cameras without a fix write all
 * 0/0, which must not read as 0 deg) or when any part is n/0. exiftool
 * differs in one case only: it has no value when any part is 0/0. */
static gboolean
read_degrees (const ExifEntry *entry,
              ExifByteOrder    order,
              double          *degrees)
{
  double dms[3] = { 0, 0, 0 };
  gsize n = ratio_count (entry);

  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      double part = 0;
      gboolean undefined = FALSE;

      if (!read_ratio (entry, order, i, &part, &undefined) && (!undefined || i == 0))
        return FALSE;
      if (i < 3)
        dms[i] = part;
    }
  *degrees = dms[0] + (dms[1] + dms[2] / 60.0) / 60.0;
  return TRUE;
}

/* Whether a GPS reference entry starts with letter (either case). */
static gboolean
ref_is (const ExifEntry *entry,
        char             letter)
{
  if (entry == NULL)
    return FALSE;
  return g_ascii_toupper ((char) entry->data[0]) == letter;
}

/* Reads one signed coordinate; negative when its reference is negative. */
static gboolean
read_coordinate (ExifData *ed,
                 ExifTag   value_tag,
                 ExifTag   ref_tag,
                 char      negative_ref,
                 double   *value)
{
  ExifByteOrder order = exif_data_get_byte_order (ed);
  ExifEntry *entry = get_entry (ed, EXIF_IFD_GPS, value_tag);

  if (entry == NULL || !read_degrees (entry, order, value))
    return FALSE;
  if (ref_is (get_entry (ed, EXIF_IFD_GPS, ref_tag), negative_ref))
    *value = -*value;
  return TRUE;
}

static void
read_gps (ExifData  *ed,
          ScrimExif *exif)
{
  ExifByteOrder order = exif_data_get_byte_order (ed);
  ExifEntry *alt;
  ExifEntry *alt_ref;
  gint64 ref = 0;
  gboolean undefined;

  exif->has_gps_lat = read_coordinate (ed, EXIF_TAG_GPS_LATITUDE,
                                       EXIF_TAG_GPS_LATITUDE_REF, 'S',
                                       &exif->gps_lat);
  exif->has_gps_lon = read_coordinate (ed, EXIF_TAG_GPS_LONGITUDE,
                                       EXIF_TAG_GPS_LONGITUDE_REF, 'W',
                                       &exif->gps_lon);
  exif->has_gps = exif->has_gps_lat && exif->has_gps_lon;

  alt = get_entry (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_ALTITUDE);
  if (alt != NULL && ratio_count (alt) > 0)
    exif->has_gps_alt = read_ratio (alt, order, 0, &exif->gps_alt, &undefined);
  alt_ref = get_entry (ed, EXIF_IFD_GPS, EXIF_TAG_GPS_ALTITUDE_REF);
  if (exif->has_gps_alt && alt_ref != NULL
      && read_integer (alt_ref, order, &ref) && ref == 1)
    exif->gps_alt = -exif->gps_alt;
}

/* ------------------------------------------------------------------ */
/* Serial numbers                                                     */
/* ------------------------------------------------------------------ */

/* Maker-note tags that carry a camera serial, as libexif numbers them (its
 * tag id for the maker-note family, and a name containing "SerialNumber"
 * so that an id another maker uses for something else cannot match). Lower
 * rank wins. */
typedef struct
{
  guint    id;
  guint    rank;
  gboolean canon_number;
} MnoteSerialTag;

static const MnoteSerialTag mnote_serial_tags[] = {
  { 0x000c, 0, TRUE },   /* Canon SerialNumber, a LONG */
  { 0x001d, 0, FALSE },  /* Nikon SerialNumber (type 2 and 3 notes) */
  { 0x101a, 0, FALSE },  /* Olympus SerialNumber (older bodies) */
  { 0x00a0, 1, FALSE },  /* Nikon SerialNumber2 (older bodies) */
  { 0x0010, 1, FALSE },  /* Fujifilm SerialNumber (exiftool: InternalSerialNumber) */
  { 0x0096, 2, FALSE },  /* Canon CMOSSerialNumber (exiftool: InternalSerialNumber) */
};

static const MnoteSerialTag *
find_mnote_serial_tag (ExifMnoteData *md,
                       guint          n)
{
  const char *name = exif_mnote_data_get_name (md, n);
  guint id = exif_mnote_data_get_id (md, n);
  g_autofree char *lower = NULL;

  if (name == NULL)
    return NULL;
  lower = g_ascii_strdown (name, -1);
  if (strstr (lower, "serialnumber") == NULL || strstr (lower, "format") != NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (mnote_serial_tags); i++)
    if (mnote_serial_tags[i].id == id)
      return &mnote_serial_tags[i];
  return NULL;
}

/* libexif prints a Canon serial (a LONG) as "%04X-%05d" of its two halves;
 * this undoes that and prints it as Canon (and exiftool) do: ten digits, six
 * on the EOS-1D, and hex + decimal halves on the EOS D30. */
static char *
canon_serial (const char *text,
              const char *model)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", 3);
  guint64 high;
  guint64 low;
  guint32 raw;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 16, 0, G_MAXUINT32, &high, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, 0xffff, &low, NULL))
    return NULL;
  raw = (guint32) (((high & 0xffff) << 16) | low);
  if (model != NULL && strstr (model, "EOS D30") != NULL)
    return g_strdup_printf ("%04x%05u", raw >> 16, raw & 0xffff);
  if (model != NULL && strstr (model, "EOS-1D") != NULL)
    return g_strdup_printf ("%06u", raw);
  return g_strdup_printf ("%010u", raw);
}

/* A text serial from libexif is believed only when its bytes occur in the
 * block: when the format is not the one libexif expects it returns an error
 * message instead (translated, so it cannot be matched). */
static char *
text_serial (const char *text,
             Span        block)
{
  gsize len = strlen (text);

  while (len > 0 && is_trailing_space (text[len - 1]))
    len--;
  if (len == 0 || memmem (block.data, block.len, text, len) == NULL)
    return NULL;
  return g_strndup (text, len);
}

static char *
read_mnote_serial (ExifData   *ed,
                   const char *model,
                   Span        block)
{
  ExifMnoteData *md = exif_data_get_mnote_data (ed);
  char *best = NULL;
  guint best_rank = G_MAXUINT;
  guint count;

  if (md == NULL)
    return NULL;
  count = exif_mnote_data_count (md);
  for (guint n = 0; n < count; n++)
    {
      const MnoteSerialTag *tag = find_mnote_serial_tag (md, n);
      char value[256] = { 0 };
      char *serial;

      if (tag == NULL || tag->rank >= best_rank)
        continue;
      if (exif_mnote_data_get_value (md, n, value, sizeof value - 1) == NULL)
        continue;
      serial = tag->canon_number ? canon_serial (value, model)
                                 : text_serial (value, block);
      if (serial == NULL)
        continue;
      g_free (best);
      best = serial;
      best_rank = tag->rank;
    }
  return best;
}

static char *
read_serial (ExifData   *ed,
             const char *model,
             Span        block)
{
  char *serial;

  serial = dup_text (get_entry (ed, EXIF_IFD_EXIF, EXIF_TAG_BODY_SERIAL_NUMBER), TRUE);
  if (serial == NULL)
    serial = dup_text (get_entry (ed, EXIF_IFD_0, EXIF_TAG_BODY_SERIAL_NUMBER), TRUE);
  if (serial == NULL)
    serial = dup_text (get_entry (ed, EXIF_IFD_0, TAG_CAMERA_SERIAL_NUMBER), TRUE);
  if (serial == NULL)
    serial = read_mnote_serial (ed, model, block);
  return serial;
}

/* ------------------------------------------------------------------ */
/* One block                                                          */
/* ------------------------------------------------------------------ */

static gboolean
is_tiff_header (const guint8 *data,
                gsize         len)
{
  return len >= 8
         && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0);
}

/* The block as libexif takes it, in a copy Scrim may patch: "Exif\0\0",
 * then the TIFF header, at most EXIF_BLOCK_MAX bytes in all. NULL when
 * there is no TIFF header. */
static guint8 *
copy_block (const guint8 *data,
            gsize         len,
            gsize        *block_len)
{
  const guint8 *tiff = data;
  gsize tiff_len = len;
  guint8 *block;

  if (len >= EXIF_HEADER_LEN && memcmp (data, "Exif\0", 5) == 0)
    {
      tiff = data + EXIF_HEADER_LEN;
      tiff_len = len - EXIF_HEADER_LEN;
    }
  if (!is_tiff_header (tiff, tiff_len))
    return NULL;
  tiff_len = MIN (tiff_len, EXIF_BLOCK_MAX - EXIF_HEADER_LEN);
  block = g_malloc (EXIF_HEADER_LEN + tiff_len);
  memcpy (block, exif_header, EXIF_HEADER_LEN);
  memcpy (block + EXIF_HEADER_LEN, tiff, tiff_len);
  *block_len = EXIF_HEADER_LEN + tiff_len;
  return block;
}

/* Tags libexif takes as offsets into the block, in whatever IFD. */
static gboolean
is_offset_tag (guint16 tag)
{
  return tag == EXIF_TAG_EXIF_IFD_POINTER || tag == EXIF_TAG_GPS_INFO_IFD_POINTER
         || tag == EXIF_TAG_INTEROPERABILITY_IFD_POINTER
         || tag == EXIF_TAG_JPEG_INTERCHANGE_FORMAT
         || tag == EXIF_TAG_JPEG_INTERCHANGE_FORMAT_LENGTH;
}

static gboolean
is_sub_ifd_tag (guint16 tag)
{
  return tag == EXIF_TAG_EXIF_IFD_POINTER || tag == EXIF_TAG_GPS_INFO_IFD_POINTER
         || tag == EXIF_TAG_INTEROPERABILITY_IFD_POINTER;
}

typedef struct
{
  guint8  *data;
  gsize    len;
  gboolean big_endian;
  guint32  pending[DEFUSE_MAX_IFDS];
  guint    n_pending;
  guint32  visited[DEFUSE_MAX_IFDS];
  guint    n_visited;
  guint32  ifd1;            /* 0: none */
  guint32  thumb_offset;    /* as IFD1 states them, before any renaming */
  guint32  thumb_length;
} TiffWalk;

static guint16
tiff_u16 (const TiffWalk *walk,
          gsize           off)
{
  const guint8 *p = walk->data + off;

  return walk->big_endian ? (guint16) (p[0] << 8 | p[1]) : (guint16) (p[1] << 8 | p[0]);
}

static guint32
tiff_u32 (const TiffWalk *walk,
          gsize           off)
{
  return walk->big_endian ? read_be32 (walk->data + off) : read_le32 (walk->data + off);
}

static void
walk_push (TiffWalk *walk,
           guint32   offset)
{
  for (guint i = 0; i < walk->n_visited; i++)
    if (walk->visited[i] == offset)
      return;
  if (walk->n_pending < DEFUSE_MAX_IFDS)
    walk->pending[walk->n_pending++] = offset;
}

/* Renames the offset entries of the IFD at off that point past the end,
 * queues the sub-IFDs, and returns where the IFD's next-IFD offset is (0
 * when it is not inside the block). */
static gsize
defuse_ifd (TiffWalk *walk,
            guint32   off)
{
  gsize n;

  if (off >= walk->len || walk->len - off < 2)
    return 0;
  n = MIN ((gsize) tiff_u16 (walk, off), (walk->len - off - 2) / 12);
  for (gsize i = 0; i < n; i++)
    {
      gsize entry = off + 2 + 12 * i;
      guint16 tag = tiff_u16 (walk, entry);
      guint32 value;

      if (!is_offset_tag (tag))
        continue;
      value = tiff_u32 (walk, entry + 8);
      if (off == walk->ifd1 && tag == EXIF_TAG_JPEG_INTERCHANGE_FORMAT)
        walk->thumb_offset = value;
      if (off == walk->ifd1 && tag == EXIF_TAG_JPEG_INTERCHANGE_FORMAT_LENGTH)
        walk->thumb_length = value;
      if (value >= walk->len)
        {
          walk->data[entry] = DEFUSED_TAG >> (walk->big_endian ? 8 : 0);
          walk->data[entry + 1] = DEFUSED_TAG >> (walk->big_endian ? 0 : 8);
        }
      else if (is_sub_ifd_tag (tag))
        walk_push (walk, value);
    }
  if (walk->len - off - 2 - 12 * n < 4)
    return 0;
  return off + 2 + 12 * n;
}

/* libexif 0.6.24 gives up on the rest of an IFD as soon as one of its
 * offset tags (a sub-IFD or the thumbnail) points past the end of the
 * block: one bogus thumbnail length in IFD0 loses the EXIF and GPS IFDs
 * after it. exiftool skips just that entry. So, in Scrim's copy of the
 * block, such entries are renamed to a tag nobody reads before libexif
 * sees them. The walk follows the pointers libexif follows, each IFD once,
 * a bounded number of IFDs. It also notes whether IFD1 names a thumbnail
 * that starts inside the block (libexif drops one that overruns the block
 * by even a byte; it is there all the same). */
static gboolean
defuse_bad_offsets (guint8 *tiff,
                    gsize   len)
{
  TiffWalk walk = { tiff, len, tiff[0] == 'M' };
  gsize next;

  walk_push (&walk, tiff_u32 (&walk, 4));
  while (walk.n_pending > 0 && walk.n_visited < DEFUSE_MAX_IFDS)
    {
      guint32 off = walk.pending[--walk.n_pending];

      walk.visited[walk.n_visited++] = off;
      next = defuse_ifd (&walk, off);
      if (walk.n_visited == 1 && next != 0 && tiff_u32 (&walk, next) != 0)
        {
          walk.ifd1 = tiff_u32 (&walk, next);
          walk_push (&walk, walk.ifd1);
        }
    }
  return walk.thumb_offset > 0 && walk.thumb_offset < len && walk.thumb_length > 0;
}

static void
read_fields (ExifData  *ed,
             Span       block,
             gboolean   thumbnail_named,
             ScrimExif *exif)
{
  ExifByteOrder order = exif_data_get_byte_order (ed);
  ExifEntry *orientation;

  exif->make = dup_text (get_entry (ed, EXIF_IFD_0, EXIF_TAG_MAKE), TRUE);
  exif->model = dup_text (get_entry (ed, EXIF_IFD_0, EXIF_TAG_MODEL), TRUE);
  exif->software = dup_text (get_entry (ed, EXIF_IFD_0, EXIF_TAG_SOFTWARE), TRUE);
  exif->datetime_original =
    dup_text (get_entry (ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL), FALSE);
  exif->offset_time_original =
    dup_text (get_entry (ed, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL), FALSE);
  orientation = get_entry (ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION);
  exif->has_orientation = orientation != NULL
                          && read_integer (orientation, order, &exif->orientation);
  read_gps (ed, exif);
  exif->serial = read_serial (ed, exif->model, block);
  exif->has_thumbnail = (ed->data != NULL && ed->size > 0) || thumbnail_named;
}

/*
** Reads one EXIF block: "Exif\0" and one more byte followed by a TIFF
** header (as a JPEG APP1 segment holds it), or a TIFF header alone (as a PNG
** eXIf chunk or a TIFF file does). Only the first 64 KiB are looked at, as
** libexif does. Returns a new ScrimExif (free with scrim_exif_free()), or
** NULL when the block is not EXIF or holds none of the fields Scrim keeps.
** Any bytes are safe: nothing is trusted, nothing is printed.
*/
ScrimExif *
scrim_exif_read_block (const guint8 *data,
                       gsize         len)
{
  g_autofree guint8 *copy = NULL;
  g_autoptr(ExifData) ed = NULL;
  g_autoptr(ScrimExif) exif = NULL;
  gboolean thumbnail_named;
  Span block;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (data == NULL || (copy = copy_block (data, len, &block.len)) == NULL)
    return NULL;
  block.data = copy;
  thumbnail_named = defuse_bad_offsets (copy + EXIF_HEADER_LEN, block.len - EXIF_HEADER_LEN);
  ed = quiet_exif_data_new ();
  if (ed == NULL)
    return NULL;
  exif_data_load_data (ed, block.data, (unsigned int) block.len);
  exif = scrim_exif_new ();
  read_fields (ed, block, thumbnail_named, exif);
  if (scrim_exif_is_empty (exif))
    return NULL;
  return g_steal_pointer (&exif);
}

/* ------------------------------------------------------------------ */
/* Finding the block in a file                                        */
/* ------------------------------------------------------------------ */

/* JPEG markers that stand alone, without a length: TEM, RSTn, SOI. */
static gboolean
is_standalone_marker (guint8 marker)
{
  return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

/* Walks JPEG marker segments from pos (just past SOI) up to SOS and finds
 * the first APP1 segment that starts with "Exif\0". A segment whose length
 * runs past the end of the data is taken as far as it goes (a truncated or
 * carved file still has its EXIF read), and ends the walk. */
static gboolean
jpeg_find_exif (const guint8 *data,
                gsize         len,
                gsize         pos,
                Span         *found)
{
  while (pos < len && data[pos] == 0xff)
    {
      guint8 marker;
      gsize seg_len;
      gsize avail;

      while (pos < len && data[pos] == 0xff)
        pos++;                                 /* fill bytes */
      if (pos >= len)
        return FALSE;
      marker = data[pos++];
      if (marker == 0xd9 || marker == 0xda)    /* EOI, SOS: no EXIF after */
        return FALSE;
      if (is_standalone_marker (marker))
        continue;
      if (marker == 0x00 || len - pos < 2)
        return FALSE;
      seg_len = ((gsize) data[pos] << 8) | data[pos + 1];
      if (seg_len < 2)
        return FALSE;
      avail = MIN (seg_len - 2, len - pos - 2);
      if (marker == 0xe1 && avail >= EXIF_HEADER_LEN
          && memcmp (data + pos + 2, "Exif\0", 5) == 0)
        {
          found->data = data + pos + 2;
          found->len = avail;
          return TRUE;
        }
      if (seg_len > len - pos)
        return FALSE;
      pos += seg_len;
    }
  return FALSE;
}

static ScrimExif *
read_jpeg (const guint8 *data,
           gsize         len)
{
  Span span;

  if (len < 2 || data[0] != 0xff || data[1] != 0xd8)
    return NULL;
  if (!jpeg_find_exif (data, len, 2, &span))
    return NULL;
  return scrim_exif_read_block (span.data, span.len);
}

/* exiv2's metadata file: "\xff\x01Exiv2", then JPEG-style segments. */
static ScrimExif *
read_exv (const guint8 *data,
          gsize         len)
{
  static const guint8 magic[7] = { 0xff, 0x01, 'E', 'x', 'i', 'v', '2' };
  Span span;

  if (len < sizeof magic || memcmp (data, magic, sizeof magic) != 0)
    return NULL;
  if (!jpeg_find_exif (data, len, sizeof magic, &span))
    return NULL;
  return scrim_exif_read_block (span.data, span.len);
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes ImageMagick's "Raw profile" text: "\n<name>\n<length>\n<hex>",
 * the hex broken into lines. */
static GBytes *
decode_raw_profile (const guint8 *text,
                    gsize         len)
{
  g_autoptr(GByteArray) out = NULL;
  gsize pos = 0;
  guint64 declared = 0;

  while (pos < len && g_ascii_isspace (text[pos]))
    pos++;
  while (pos < len && text[pos] != '\n')
    pos++;                                     /* the profile name */
  while (pos < len && g_ascii_isspace (text[pos]))
    pos++;
  while (pos < len && g_ascii_isdigit (text[pos]) && declared < RAW_PROFILE_MAX)
    declared = declared * 10 + (text[pos++] - '0');
  if (declared == 0 || declared >= RAW_PROFILE_MAX)
    return NULL;
  out = g_byte_array_sized_new ((guint) declared);
  while (pos < len && out->len < declared)
    {
      int high;
      int low;

      if (g_ascii_isspace (text[pos]))
        {
          pos++;
          continue;
        }
      if (len - pos < 2 || (high = hex_value (text[pos])) < 0
          || (low = hex_value (text[pos + 1])) < 0)
        break;
      g_byte_array_append (out, (const guint8[]) { (guint8) (high << 4 | low) }, 1);
      pos += 2;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Inflates a zlib stream, giving up past max bytes of output. */
static GBytes *
inflate_bounded (const guint8 *in,
                 gsize         in_len,
                 gsize         max)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  g_autofree guint8 *out = g_malloc (max);
  gsize in_pos = 0;
  gsize out_pos = 0;

  while (out_pos < max)
    {
      gsize n_read = 0;
      gsize n_written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (z), in + in_pos, in_len - in_pos,
                                    out + out_pos, max - out_pos,
                                    G_CONVERTER_INPUT_AT_END, &n_read, &n_written, NULL);
      in_pos += n_read;
      out_pos += n_written;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (result == G_CONVERTER_ERROR || (n_read == 0 && n_written == 0))
        return NULL;
    }
  return g_bytes_new (out, out_pos);
}

/* The EXIF in a tEXt or zTXt chunk whose keyword is "Raw profile type exif"
 * (or "... APP1"), as ImageMagick wrote it before PNG had eXIf. */
static ScrimExif *
read_png_raw_profile (const guint8 *body,
                      gsize         len,
                      gboolean      compressed)
{
  const guint8 *nul = memchr (body, '\0', MIN (len, 80));
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) profile = NULL;
  gsize skip;

  if (nul == NULL)
    return NULL;
  skip = (gsize) (nul - body) + 1 + (compressed ? 1 : 0);
  if (skip > len)
    return NULL;
  if (compressed)
    text = inflate_bounded (body + skip, len - skip, RAW_PROFILE_MAX);
  else
    text = g_bytes_new_static (body + skip, MIN (len - skip, RAW_PROFILE_MAX));
  if (text == NULL)
    return NULL;
  profile = decode_raw_profile (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  if (profile == NULL)
    return NULL;
  return scrim_exif_read_block (g_bytes_get_data (profile, NULL),
                                g_bytes_get_size (profile));
}

static gboolean
is_raw_profile_keyword (const guint8 *body,
                        gsize         len)
{
  static const char *const keywords[] = {
    "Raw profile type exif", "Raw profile type APP1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      gsize n = strlen (keywords[i]) + 1;   /* with its NUL */

      if (len >= n && memcmp (body, keywords[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Walks PNG chunks to IEND. eXIf wins; a legacy raw profile is the fallback.
 * A chunk running past the end of the data is taken as far as it goes. */
static ScrimExif *
read_png (const guint8 *data,
          gsize         len)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  Span legacy = { NULL, 0 };
  gboolean legacy_compressed = FALSE;
  gsize pos = sizeof signature;

  if (len < sizeof signature || memcmp (data, signature, sizeof signature) != 0)
    return NULL;
  while (len - pos >= 8)
    {
      guint32 chunk_len = read_be32 (data + pos);
      const guint8 *type = data + pos + 4;
      const guint8 *body = data + pos + 8;
      gsize avail = MIN ((gsize) chunk_len, len - pos - 8);

      if (memcmp (type, "eXIf", 4) == 0)
        return scrim_exif_read_block (body, avail);
      if (legacy.data == NULL && (memcmp (type, "tEXt", 4) == 0 || memcmp (type, "zTXt", 4) == 0)
          && is_raw_profile_keyword (body, avail))
        {
          legacy.data = body;
          legacy.len = avail;
          legacy_compressed = type[0] == 'z';
        }
      if (memcmp (type, "IEND", 4) == 0 || chunk_len > len - pos - 8
          || len - pos - 8 - chunk_len < 4)
        break;
      pos += 12 + (gsize) chunk_len;
    }
  if (legacy.data == NULL)
    return NULL;
  return read_png_raw_profile (legacy.data, legacy.len, legacy_compressed);
}

/* Walks the chunks of a RIFF WEBP file for "EXIF". */
static ScrimExif *
read_webp (const guint8 *data,
           gsize         len)
{
  gsize pos = 12;

  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WEBP", 4) != 0)
    return NULL;
  while (len - pos >= 8)
    {
      guint32 chunk_len = read_le32 (data + pos + 4);
      gsize avail = MIN ((gsize) chunk_len, len - pos - 8);

      if (memcmp (data + pos, "EXIF", 4) == 0)
        return scrim_exif_read_block (data + pos + 8, avail);
      if (chunk_len > len - pos - 8)
        break;
      pos += 8 + (gsize) chunk_len + (chunk_len & 1);
      if (pos > len)
        break;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* HEIC: ISO base media boxes                                         */
/* ------------------------------------------------------------------ */

/* HEIC items worth collecting: the TIFF block and the 4 bytes before it. */
#define HEIC_EXIF_MAX (EXIF_BLOCK_MAX + 64)

typedef struct
{
  const guint8 *body;    /* after the box header */
  gsize         len;
  guint8        type[4];
} Box;

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      ok;
} Cursor;

/* Reads an n-byte big-endian number (n = 0 to 8); on overrun sets !ok. */
static guint64
cursor_uint (Cursor *c,
             guint   n)
{
  guint64 v = 0;

  if (n > 8 || c->len - c->pos < n)
    {
      c->ok = FALSE;
      c->pos = c->len;
      return 0;
    }
  for (guint i = 0; i < n; i++)
    v = (v << 8) | c->data[c->pos++];
  return v;
}

/* Reads the box at *pos of data[0..len) and moves *pos past it. */
static gboolean
next_box (const guint8 *data,
          gsize         len,
          gsize        *pos,
          Box          *box)
{
  Cursor c = { data, len, *pos, TRUE };
  guint64 size = cursor_uint (&c, 4);
  gsize header = 8;

  if (!c.ok || len - c.pos < 4)
    return FALSE;
  memcpy (box->type, data + c.pos, 4);
  c.pos += 4;
  if (size == 1)
    {
      size = cursor_uint (&c, 8);
      header = 16;
    }
  else if (size == 0)
    size = len - *pos;                         /* to the end */
  if (!c.ok || size < header || size > len - *pos)
    return FALSE;
  box->body = data + *pos + header;
  box->len = (gsize) size - header;
  *pos += (gsize) size;
  return TRUE;
}

/* The first box of type among the boxes of data[start..len). */
static gboolean
find_box (const guint8 *data,
          gsize         len,
          gsize         start,
          const char   *type,
          Box          *found)
{
  gsize pos = start;
  Box box;

  while (pos < len && next_box (data, len, &pos, &box))
    if (memcmp (box.type, type, 4) == 0)
      {
        *found = box;
        return TRUE;
      }
  return FALSE;
}

/* The ID of the item of type "Exif", from the item info box. */
static gboolean
heic_exif_item (const Box *iinf,
                guint32   *item_id)
{
  Cursor c = { iinf->body, iinf->len, 0, TRUE };
  guint version = (guint) cursor_uint (&c, 1);
  gsize pos;
  Box infe;

  cursor_uint (&c, 3);                                     /* flags */
  cursor_uint (&c, version == 0 ? 2 : 4);                  /* entry count */
  pos = c.pos;
  while (c.ok && pos < iinf->len && next_box (iinf->body, iinf->len, &pos, &infe))
    {
      Cursor e = { infe.body, infe.len, 0, TRUE };
      guint infe_version;
      guint32 id;

      if (memcmp (infe.type, "infe", 4) != 0)
        continue;
      infe_version = (guint) cursor_uint (&e, 1);
      cursor_uint (&e, 3);
      if (infe_version < 2)
        continue;
      id = (guint32) cursor_uint (&e, infe_version == 2 ? 2 : 4);
      cursor_uint (&e, 2);                                 /* protection index */
      if (e.ok && e.len - e.pos >= 4 && memcmp (e.data + e.pos, "Exif", 4) == 0)
        {
          *item_id = id;
          return TRUE;
        }
    }
  return FALSE;
}

/* Appends one extent of the item: a range of the file (construction
 * method 0) or of the idat box (method 1). */
static void
heic_append_extent (GByteArray   *out,
                    const guint8 *source,
                    gsize         source_len,
                    guint64       offset,
                    guint64       length)
{
  if (source == NULL || offset >= source_len)
    return;
  if (length == 0 || length > source_len - offset)
    length = source_len - offset;                          /* 0: to the end */
  length = MIN (length, (guint64) (HEIC_EXIF_MAX - MIN (out->len, HEIC_EXIF_MAX)));
  g_byte_array_append (out, source + offset, (guint) length);
}

typedef struct
{
  const guint8 *file;
  gsize         file_len;
  Box           idat;           /* len 0 when there is none */
} HeicSources;

/* Collects the bytes of item_id from the item location box. */
static gboolean
heic_item_data (const Box         *iloc,
                guint32            item_id,
                const HeicSources *src,
                GByteArray        *out)
{
  Cursor c = { iloc->body, iloc->len, 0, TRUE };
  guint version = (guint) cursor_uint (&c, 1);
  guint sizes;
  guint64 n_items;

  cursor_uint (&c, 3);
  sizes = (guint) cursor_uint (&c, 2);
  n_items = cursor_uint (&c, version < 2 ? 2 : 4);
  for (guint64 i = 0; i < n_items && c.ok; i++)
    {
      guint64 id = cursor_uint (&c, version < 2 ? 2 : 4);
      guint method = (version == 1 || version == 2) ? (guint) cursor_uint (&c, 2) & 0xf : 0;
      guint64 base;
      guint64 n_extents;

      cursor_uint (&c, 2);                                 /* data reference */
      base = cursor_uint (&c, (sizes >> 4) & 0xf);
      n_extents = cursor_uint (&c, 2);
      for (guint64 e = 0; e < n_extents && c.ok; e++)
        {
          guint64 offset;
          guint64 length;

          if (version == 1 || version == 2)
            cursor_uint (&c, sizes & 0xf);                 /* extent index */
          offset = cursor_uint (&c, sizes >> 12);
          length = cursor_uint (&c, (sizes >> 8) & 0xf);
          if (id != item_id || !c.ok || offset > G_MAXUINT64 - base)
            continue;
          if (method == 0)
            heic_append_extent (out, src->file, src->file_len, base + offset, length);
          else if (method == 1)
            heic_append_extent (out, src->idat.body, src->idat.len, base + offset, length);
        }
      if (id == item_id)
        return out->len > 0;
    }
  return FALSE;
}

/* An Exif item: a 4-byte offset to the TIFF header, then (usually
 * "Exif\0\0" and) the TIFF header. */
static ScrimExif *
read_heic_exif_item (const GByteArray *item)
{
  guint32 skip;

  if (item->len < 4)
    return NULL;
  skip = read_be32 (item->data);
  if (skip <= item->len - 4 && is_tiff_header (item->data + 4 + skip, item->len - 4 - skip))
    return scrim_exif_read_block (item->data + 4 + skip, item->len - 4 - skip);
  return scrim_exif_read_block (item->data + 4, item->len - 4);
}

static ScrimExif *
read_heic (const guint8 *data,
           gsize         len)
{
  g_autoptr(GByteArray) item = g_byte_array_new ();
  HeicSources src = { data, len, { NULL, 0, { 0 } } };
  Box meta;
  Box iinf;
  Box iloc;
  guint32 item_id = 0;

  /* meta is a full box: its children follow 4 bytes of version and flags. */
  if (!find_box (data, len, 0, "meta", &meta) || meta.len < 4
      || !find_box (meta.body, meta.len, 4, "iinf", &iinf)
      || !find_box (meta.body, meta.len, 4, "iloc", &iloc)
      || !heic_exif_item (&iinf, &item_id))
    return NULL;
  find_box (meta.body, meta.len, 4, "idat", &src.idat);
  if (!heic_item_data (&iloc, item_id, &src, item))
    return NULL;
  return read_heic_exif_item (item);
}

/*
** Finds the EXIF block of a whole file of the given type (as
** scrim_image_sniff() named it) and reads it with scrim_exif_read_block():
** JPEG APP1 "Exif" (the first one, before SOS), PNG eXIf (else ImageMagick's
** "Raw profile type exif" text), a TIFF file itself (its first 64 KiB: a
** TIFF whose IFD0 lies further gives NULL), a WebP EXIF chunk, the Exif item
** of a HEIC file, and an exiv2 .exv file (which sniffs as OTHER). GIF and
** BMP have no EXIF. Returns NULL when there is no EXIF, or nothing in it
** Scrim keeps. The walk is bounded by len and never decodes pixels.
*/
ScrimExif *
scrim_exif_read_file (ScrimFileType  type,
                      const guint8  *data,
                      gsize          len)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (data == NULL)
    return NULL;
  switch (type)
    {
    case SCRIM_FILE_TYPE_JPEG:
      return read_jpeg (data, len);
    case SCRIM_FILE_TYPE_PNG:
      return read_png (data, len);
    case SCRIM_FILE_TYPE_TIFF:
      return scrim_exif_read_block (data, len);
    case SCRIM_FILE_TYPE_WEBP:
      return read_webp (data, len);
    case SCRIM_FILE_TYPE_HEIC:
      return read_heic (data, len);
    case SCRIM_FILE_TYPE_OTHER:
      return read_exv (data, len);
    case SCRIM_FILE_TYPE_GIF:
    case SCRIM_FILE_TYPE_BMP:
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Writing, for synthetic evidence                                    */
/* ------------------------------------------------------------------ */

/* Adds an entry of format with n components, zero-filled; returns its data. */
static guint8 *
add_entry (ExifData   *ed,
           ExifMem    *mem,
           ExifIfd     ifd,
           ExifTag     tag,
           ExifFormat  format,
           gsize       n)
{
  ExifEntry *entry = exif_entry_new_mem (mem);
  gsize size = exif_format_get_size (format) * n;

  g_assert (entry != NULL);
  entry->data = exif_mem_alloc (mem, (ExifLong) size);
  g_assert (entry->data != NULL);
  entry->size = (unsigned int) size;
  entry->components = n;
  entry->format = format;
  entry->tag = tag;
  exif_content_add_entry (ed->ifd[ifd], entry);
  exif_entry_unref (entry);
  return exif_content_get_entry (ed->ifd[ifd], tag)->data;
}

static void
add_text (ExifData   *ed,
          ExifMem    *mem,
          ExifIfd     ifd,
          ExifTag     tag,
          const char *text)
{
  gsize len;

  if (text == NULL)
    return;
  len = strlen (text);
  memcpy (add_entry (ed, mem, ifd, tag, EXIF_FORMAT_ASCII, len + 1), text, len);
}

static gboolean
add_orientation (ExifData        *ed,
                 ExifMem         *mem,
                 const ScrimExif *exif,
                 GError         **error)
{
  ExifByteOrder order = exif_data_get_byte_order (ed);
  gint64 v = exif->orientation;

  if (!exif->has_orientation)
    return TRUE;
  if (v >= 0 && v <= G_MAXUINT16)
    exif_set_short (add_entry (ed, mem, EXIF_IFD_0, EXIF_TAG_ORIENTATION,
                               EXIF_FORMAT_SHORT, 1), order, (ExifShort) v);
  else if (v >= 0 && v <= G_MAXUINT32)
    exif_set_long (add_entry (ed, mem, EXIF_IFD_0, EXIF_TAG_ORIENTATION,
                              EXIF_FORMAT_LONG, 1), order, (ExifLong) v);
  else if (v >= G_MININT32 && v < 0)
    exif_set_slong (add_entry (ed, mem, EXIF_IFD_0, EXIF_TAG_ORIENTATION,
                               EXIF_FORMAT_SLONG, 1), order, (ExifSLong) v);
  else
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("EXIF orientation %" PRId64 " does not fit 32 bits"), v);
      return FALSE;
    }
  return TRUE;
}

/* Writes |degrees| as degrees/1, minutes/1, seconds/1000000: exact to
 * better than 1e-9 degrees. */
static void
add_degrees (ExifData *ed,
             ExifMem  *mem,
             ExifTag   tag,
             double    degrees)
{
  ExifByteOrder order = exif_data_get_byte_order (ed);
  const gint64 micro_per_degree = G_GINT64_CONSTANT (3600000000);
  gint64 micro = llround (fabs (degrees) * (double) micro_per_degree);
  gint64 rest = micro % micro_per_degree;
  guint8 *d = add_entry (ed, mem, EXIF_IFD_GPS, tag, EXIF_FORMAT_RATIONAL, 3);

  exif_set_rational (d, order, (ExifRational) { (ExifLong) (micro / micro_per_degree), 1 });
  exif_set_rational (d + 8, order, (ExifRational) { (ExifLong) (rest / 60000000), 1 });
  exif_set_rational (d + 16, order, (ExifRational) { (ExifLong) (rest % 60000000), 1000000 });
}

static gboolean
add_coordinate (ExifData   *ed,
                ExifMem    *mem,
                ExifTag     tag,
                ExifTag     ref_tag,
                double      value,
                double      limit,
                const char *refs,
                GError    **error)
{
  if (!isfinite (value) || fabs (value) > limit)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("GPS coordinate %g is outside ±%g"), value, limit);
      return FALSE;
    }
  add_degrees (ed, mem, tag, value);
  add_entry (ed, mem, EXIF_IFD_GPS, ref_tag, EXIF_FORMAT_ASCII, 2)[0] =
    value < 0 ? refs[1] : refs[0];
  return TRUE;
}

/* Altitude in millimetres, with its reference (1: below sea level). */
static gboolean
add_altitude (ExifData  *ed,
              ExifMem   *mem,
              double     metres,
              GError   **error)
{
  ExifByteOrder order = exif_data_get_byte_order (ed);
  double mm = fabs (metres) * 1000.0;
  guint8 *d;

  if (!isfinite (metres) || mm > (double) G_MAXUINT32)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("GPS altitude %g m cannot be stored"), metres);
      return FALSE;
    }
  d = add_entry (ed, mem, EXIF_IFD_GPS, EXIF_TAG_GPS_ALTITUDE, EXIF_FORMAT_RATIONAL, 1);
  exif_set_rational (d, order, (ExifRational) { (ExifLong) llround (mm), 1000 });
  add_entry (ed, mem, EXIF_IFD_GPS, EXIF_TAG_GPS_ALTITUDE_REF,
             EXIF_FORMAT_BYTE, 1)[0] = metres < 0 ? 1 : 0;
  return TRUE;
}

static gboolean
add_gps (ExifData        *ed,
         ExifMem         *mem,
         const ScrimExif *exif,
         GError         **error)
{
  gboolean lat = exif->has_gps || exif->has_gps_lat;
  gboolean lon = exif->has_gps || exif->has_gps_lon;
  guint8 *version;

  if (!lat && !lon && !exif->has_gps_alt)
    return TRUE;
  version = add_entry (ed, mem, EXIF_IFD_GPS, EXIF_TAG_GPS_VERSION_ID, EXIF_FORMAT_BYTE, 4);
  memcpy (version, (const guint8[]) { 2, 3, 0, 0 }, 4);
  if (lat && !add_coordinate (ed, mem, EXIF_TAG_GPS_LATITUDE, EXIF_TAG_GPS_LATITUDE_REF,
                              exif->gps_lat, 90.0, "NS", error))
    return FALSE;
  if (lon && !add_coordinate (ed, mem, EXIF_TAG_GPS_LONGITUDE, EXIF_TAG_GPS_LONGITUDE_REF,
                              exif->gps_lon, 180.0, "EW", error))
    return FALSE;
  if (exif->has_gps_alt && !add_altitude (ed, mem, exif->gps_alt, error))
    return FALSE;
  return TRUE;
}

static gboolean
add_fields (ExifData        *ed,
            ExifMem         *mem,
            const ScrimExif *exif,
            GError         **error)
{
  add_text (ed, mem, EXIF_IFD_0, EXIF_TAG_MAKE, exif->make);
  add_text (ed, mem, EXIF_IFD_0, EXIF_TAG_MODEL, exif->model);
  add_text (ed, mem, EXIF_IFD_0, EXIF_TAG_SOFTWARE, exif->software);
  add_text (ed, mem, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, exif->datetime_original);
  add_text (ed, mem, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL, exif->offset_time_original);
  add_text (ed, mem, EXIF_IFD_EXIF, EXIF_TAG_BODY_SERIAL_NUMBER, exif->serial);
  return add_orientation (ed, mem, exif, error) && add_gps (ed, mem, exif, error);
}

/*
** Builds the payload of a JPEG APP1 segment, "Exif\0\0" and a little-endian
** TIFF block, holding exactly the fields set in exif (the serial goes to
** BodySerialNumber; GPS gets GPSVersionID 2.3). It reads back through
** scrim_exif_read_block() to the same values, coordinates within 1e-9
** degrees and altitude within a millimetre. has_thumbnail is not written.
** Returns NULL with error set when a value cannot be stored (a coordinate
** out of range, an orientation beyond 32 bits) or the block would not fit
** one APP1 segment.
*/
GBytes *
scrim_exif_build_app1 (const ScrimExif  *exif,
                       GError          **error)
{
  g_autoptr(ExifMem) mem = exif_mem_new_default ();
  g_autoptr(ExifData) ed = NULL;
  unsigned char *saved = NULL;
  unsigned int saved_len = 0;
  GBytes *bytes;

  g_return_val_if_fail (exif != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ed = exif_data_new_mem (mem);
  g_assert (ed != NULL);
  exif_data_unset_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_set_byte_order (ed, EXIF_BYTE_ORDER_INTEL);
  if (!add_fields (ed, mem, exif, error))
    return NULL;
  exif_data_save_data (ed, &saved, &saved_len);
  if (saved == NULL || saved_len < EXIF_HEADER_LEN + 8 || saved_len > 0xffff - 2)
    {
      exif_mem_free (mem, saved);
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("the EXIF block does not fit a JPEG APP1 segment (%u bytes)"), saved_len);
      return NULL;
    }
  /* exif_data_save_data() already starts with "Exif\0\0". */
  g_assert (memcmp (saved, exif_header, EXIF_HEADER_LEN) == 0);
  bytes = g_bytes_new (saved, saved_len);
  exif_mem_free (mem, saved);
  return bytes;
}
