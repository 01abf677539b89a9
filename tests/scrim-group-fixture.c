/* scrim-group-fixture.c
 *
 * A small synthetic "seized phone" (39 files, 38 contents, 480x360 at
 * most) that plants everything grouping and the queue must find, and a
 * VICS 2.0 list with invented entries (the hashes of these synthetic
 * files) that makes some of it known material with series. Every image is
 * drawn by core/scrim-synth.c: colour fields, shapes and a text label;
 * nothing in them depicts a person. GPS positions lie in the open North
 * Sea (54° N, 4° E), near nobody's home.
 *
 * Cameras (EXIF written with libexif):
 *   owner   Kestrel KX-12, serial KX12-0042, OffsetTimeOriginal +01:00: 19
 *           photos in DCIM/Camera: 10 ordinary ones days apart, one with
 *           a zero date, and on 2026-03-04 a session of 5 (10:00 to 10:20,
 *           every 5 min; the 10:10 one is listed as abuse of DEMO SERIES
 *           B), a gap of 45 min, a session of 3 (11:05 to 11:15), all 8 at
 *           "home" (GPS within a few metres)
 *   travel  Kestrel KX-12, serial KX12-0777: 2 photos in Pictures/Travel,
 *           10:00 +01:00 and 09:20 +00:00 on 2026-02-10: 20 min apart in
 *           UTC, 40 min as local time
 *   osprey  Osprey O-7, serial O7-1188, no offset: 3 photos in
 *           Pictures/Osprey, 14:00, 14:10, 14:25 on 2026-01-20, 167 m north
 *           of home, 70 m apart from one another in a line (a chain)
 *   fennec  Fennec F3, no serial, no offset: 3 photos in Pictures/Fennec,
 *           18:00, 18:20, 19:30 on 2025-11-01; the first two 5 km north
 * Near-duplicates: DEMO SERIES A 01 (Download, listed) mirrored and
 *   recompressed (WhatsApp) and resized (cache), none of them listed; an
 *   ordinary photo resized into WhatsApp; one photo copied byte for byte
 *   into Pictures/Backup (one content, two locations); two flat grey
 *   images (unreliable PDQ: must join nothing).
 * The list: series-a-01 and -02 (abuse, DEMO SERIES A; -02 also DEMO
 *   SERIES C), picture-17 (exploitive), known-ok (non-pertinent), the
 *   owner's 10:10 photo (abuse, DEMO SERIES B).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "scrim-core.h"
#include "scrim-group-fixture.h"

#define SIDE_W 480
#define SIDE_H 360
#define HOME_LAT 54.0
#define HOME_LON 4.0
#define MTIME 1772323200   /* 2026-03-01 00:00 UTC */

typedef enum
{
  CAM_NONE,
  CAM_OWNER,
  CAM_TRAVEL,
  CAM_OSPREY,
  CAM_FENNEC,
} CameraId;

static const struct
{
  const char *make;
  const char *model;
  const char *serial;
} cameras[] = {
  { NULL, NULL, NULL },
  { "Kestrel", "KX-12", "KX12-0042" },
  { "Kestrel", "KX-12", "KX12-0777" },
  { "Osprey", "O-7", "O7-1188" },
  { "Fennec", "F3", NULL },
};

/* One photo: where, what to draw, which camera, when, and where taken
 * (metres north and east of home) when gps. */
typedef struct
{
  const char *path;
  guint64     seed;
  CameraId    camera;
  const char *when;
  const char *offset;
  gboolean    gps;
  double      north;
  double      east;
} Shot;

static const Shot shots[] = {
  { "DCIM/Camera/IMG_20250115_093012.jpg", 101, CAM_OWNER, "2025:01:15 09:30:12", "+01:00" },
  { "DCIM/Camera/IMG_20250302_151500.jpg", 102, CAM_OWNER, "2025:03:02 15:15:00", "+01:00" },
  { "DCIM/Camera/IMG_20250520_120000.jpg", 103, CAM_OWNER, "2025:05:20 12:00:00", "+02:00" },
  { "DCIM/Camera/IMG_20250704_184500.jpg", 104, CAM_OWNER, "2025:07:04 18:45:00", "+02:00" },
  { "DCIM/Camera/IMG_20250830_101010.jpg", 105, CAM_OWNER, "2025:08:30 10:10:10", "+02:00" },
  { "DCIM/Camera/IMG_20251011_163000.jpg", 106, CAM_OWNER, "2025:10:11 16:30:00", "+02:00" },
  { "DCIM/Camera/IMG_20251224_190000.jpg", 107, CAM_OWNER, "2025:12:24 19:00:00", "+01:00" },
  { "DCIM/Camera/IMG_20260118_113000.jpg", 108, CAM_OWNER, "2026:01:18 11:30:00", "+01:00" },
  { "DCIM/Camera/IMG_20260209_140000.jpg", 109, CAM_OWNER, "2026:02:09 14:00:00", "+01:00" },
  { "DCIM/Camera/IMG_20260225_170000.jpg", 110, CAM_OWNER, "2026:02:25 17:00:00", "+01:00" },
  { "DCIM/Camera/IMG_00000000_000000.jpg", 111, CAM_OWNER, "0000:00:00 00:00:00", NULL },
  /* The planted ongoing session, at home. */
  { "DCIM/Camera/IMG_20260304_100000.jpg", 121, CAM_OWNER, "2026:03:04 10:00:00", "+01:00", TRUE, 0, 0 },
  { "DCIM/Camera/IMG_20260304_100500.jpg", 122, CAM_OWNER, "2026:03:04 10:05:00", "+01:00", TRUE, 3, 1 },
  { "DCIM/Camera/IMG_20260304_101000.jpg", 123, CAM_OWNER, "2026:03:04 10:10:00", "+01:00", TRUE, -2, 4 },
  { "DCIM/Camera/IMG_20260304_101500.jpg", 124, CAM_OWNER, "2026:03:04 10:15:00", "+01:00", TRUE, 1, -3 },
  { "DCIM/Camera/IMG_20260304_102000.jpg", 125, CAM_OWNER, "2026:03:04 10:20:00", "+01:00", TRUE, 4, 2 },
  /* 45 minutes later. */
  { "DCIM/Camera/IMG_20260304_110500.jpg", 131, CAM_OWNER, "2026:03:04 11:05:00", "+01:00", TRUE, 2, -2 },
  { "DCIM/Camera/IMG_20260304_111000.jpg", 132, CAM_OWNER, "2026:03:04 11:10:00", "+01:00", TRUE, -3, 0 },
  { "DCIM/Camera/IMG_20260304_111500.jpg", 133, CAM_OWNER, "2026:03:04 11:15:00", "+01:00", TRUE, 0, 3 },
  { "Pictures/Travel/KX_0777_1.jpg", 141, CAM_TRAVEL, "2026:02:10 10:00:00", "+01:00" },
  { "Pictures/Travel/KX_0777_2.jpg", 142, CAM_TRAVEL, "2026:02:10 09:20:00", "+00:00" },
  { "Pictures/Osprey/DSC_0101.jpg", 151, CAM_OSPREY, "2026:01:20 14:00:00", NULL, TRUE, 167, 0 },
  { "Pictures/Osprey/DSC_0102.jpg", 152, CAM_OSPREY, "2026:01:20 14:10:00", NULL, TRUE, 167, 70 },
  { "Pictures/Osprey/DSC_0103.jpg", 153, CAM_OSPREY, "2026:01:20 14:25:00", NULL, TRUE, 167, 140 },
  { "Pictures/Fennec/F3_0001.jpg", 161, CAM_FENNEC, "2025:11:01 18:00:00", NULL, TRUE, 5000, 0 },
  { "Pictures/Fennec/F3_0002.jpg", 162, CAM_FENNEC, "2025:11:01 18:20:00", NULL, TRUE, 5008, 6 },
  { "Pictures/Fennec/F3_0003.jpg", 163, CAM_FENNEC, "2025:11:01 19:30:00", NULL },
  /* Received material: no EXIF. */
  { "Download/series-a-01.jpg", 171, CAM_NONE },
  { "Download/series-a-02.jpg", 172, CAM_NONE },
  { "Download/picture-17.jpg", 173, CAM_NONE },
  { "Download/known-ok.jpg", 174, CAM_NONE },
  { "Download/unknown-dl.jpg", 175, CAM_NONE },
};

typedef enum
{
  COPY_EXACT,
  COPY_MIRRORED,
  COPY_RESIZED,
} CopyKind;

static const struct
{
  const char *path;
  const char *from;
  CopyKind    how;
  guint       side;       /* longest side, for COPY_RESIZED */
  int         quality;
} copies[] = {
  { "Pictures/Backup/IMG_20250704_184500.jpg", "DCIM/Camera/IMG_20250704_184500.jpg", COPY_EXACT },
  { "WhatsApp/Media/WhatsApp Images/IMG-20260210-WA0003.jpg", "DCIM/Camera/IMG_20260209_140000.jpg",
    COPY_RESIZED, 288, 70 },
  { "WhatsApp/Media/WhatsApp Images/IMG-20260301-WA0007.jpg", "Download/series-a-01.jpg", COPY_MIRRORED, 0, 85 },
  { "WhatsApp/Media/WhatsApp Images/IMG-20260301-WA0008.jpg", "Download/series-a-01.jpg", COPY_RESIZED, 476, 40 },
  { "cache/img_cache/3f9a1c0b.jpg", "Download/series-a-01.jpg", COPY_RESIZED, 240, 75 },
};

/* The list's entries (VICS US categories: 0 non-pertinent, 1 abuse, 2
 * exploitive). Two records for one file merge into one entry carrying
 * both series. */
static const struct
{
  const char *path;
  int         category;
  const char *series;
} listed[] = {
  { "Download/series-a-01.jpg", 1, "DEMO SERIES A" },
  { "Download/series-a-02.jpg", 1, "DEMO SERIES A" },
  { "Download/series-a-02.jpg", 1, "DEMO SERIES C" },
  { "Download/picture-17.jpg", 2, NULL },
  { "Download/known-ok.jpg", 0, NULL },
  { "DCIM/Camera/IMG_20260304_101000.jpg", 1, "DEMO SERIES B" },
};

typedef struct
{
  const char *root;
  GHashTable *pixels;   /* path -> ScrimPixels */
  GHashTable *bytes;    /* path -> GBytes */
  guint       written;
} Writer;

static gboolean
write_bytes (Writer      *w,
             const char  *path,
             GBytes      *bytes,
             GError     **error)
{
  g_autofree char *full = g_build_filename (w->root, path, NULL);

  if (!scrim_synth_write_file (full, bytes, MTIME + 60 * w->written++, error))
    return FALSE;
  g_hash_table_insert (w->bytes, g_strdup (path), g_bytes_ref (bytes));
  return TRUE;
}

static ScrimExif *
shot_exif (const Shot *s)
{
  ScrimExif *exif = scrim_exif_new ();
  double lat = HOME_LAT + s->north / 111195.0;

  exif->make = g_strdup (cameras[s->camera].make);
  exif->model = g_strdup (cameras[s->camera].model);
  exif->serial = g_strdup (cameras[s->camera].serial);
  exif->datetime_original = g_strdup (s->when);
  exif->offset_time_original = g_strdup (s->offset);
  if (s->gps)
    {
      exif->has_gps = exif->has_gps_lat = exif->has_gps_lon = TRUE;
      exif->gps_lat = lat;
      exif->gps_lon = HOME_LON + s->east / (111195.0 * cos (lat * G_PI / 180.0));
    }
  return exif;
}

static gboolean
write_shot (Writer      *w,
            const Shot  *s,
            GError     **error)
{
  g_autofree char *base = g_path_get_basename (s->path);
  g_autoptr(ScrimPixels) pixels = NULL;
  g_autoptr(ScrimExif) exif = NULL;
  g_autoptr(GBytes) app1 = NULL;
  g_autoptr(GBytes) jpeg = NULL;

  *strrchr (base, '.') = '\0';
  pixels = scrim_synth_draw (SCRIM_SYNTH_PHOTO, s->seed, SIDE_W, SIDE_H, base);
  if (s->camera != CAM_NONE)
    {
      exif = shot_exif (s);
      if ((app1 = scrim_exif_build_app1 (exif, error)) == NULL)
        return FALSE;
    }
  if ((jpeg = scrim_jpeg_encode (pixels, 90, app1, error)) == NULL || !write_bytes (w, s->path, jpeg, error))
    return FALSE;
  g_hash_table_insert (w->pixels, g_strdup (s->path), g_steal_pointer (&pixels));
  return TRUE;
}

static gboolean
write_copy (Writer  *w,
            guint    i,
            GError **error)
{
  const ScrimPixels *from = g_hash_table_lookup (w->pixels, copies[i].from);
  g_autoptr(ScrimPixels) changed = NULL;
  g_autoptr(GBytes) jpeg = NULL;

  g_assert (from != NULL);
  if (copies[i].how == COPY_EXACT)
    return write_bytes (w, copies[i].path, g_hash_table_lookup (w->bytes, copies[i].from), error);
  if (copies[i].how == COPY_MIRRORED)
    changed = scrim_pixels_orient (from, 2);
  else
    changed = scrim_pixels_scale_to_fit (from, copies[i].side);
  jpeg = scrim_jpeg_encode (changed, copies[i].quality, NULL, error);
  return jpeg != NULL && write_bytes (w, copies[i].path, jpeg, error);
}

/* Two flat grey images: their PDQ is float noise, flagged unreliable. */
static gboolean
write_blanks (Writer  *w,
              GError **error)
{
  g_autoptr(ScrimPixels) big = scrim_pixels_new (320, 240, 3);
  g_autoptr(ScrimPixels) small = scrim_pixels_new (200, 150, 3);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) jpeg = NULL;

  memset (big->data, 0x80, big->stride * big->height);
  memset (small->data, 0x80, small->stride * small->height);
  return (png = scrim_png_encode (big, 8, FALSE, FALSE, error)) != NULL
         && write_bytes (w, "Pictures/blank-grey.png", png, error)
         && (jpeg = scrim_jpeg_encode (small, 90, NULL, error)) != NULL
         && write_bytes (w, "Pictures/blank-grey-small.jpg", jpeg, error);
}

static char *
vics_list (Writer *w)
{
  GString *json = g_string_new ("{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/"
                                "2.0.xml/US/$metadata#Media\",\"value\":[");

  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    {
      GBytes *bytes = g_hash_table_lookup (w->bytes, listed[i].path);
      g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, bytes);

      g_string_append_printf (json, "%s{\"MediaID\":%u,\"Category\":%d,\"MD5\":\"%s\"", i ? "," : "", i + 1,
                              listed[i].category, md5);
      if (listed[i].series != NULL)
        g_string_append_printf (json, ",\"Series\":\"%s\"", listed[i].series);
      g_string_append_c (json, '}');
    }
  g_string_append (json, "]}\n");
  return g_string_free (json, FALSE);
}

static gboolean
write_evidence (ScrimGroupFixture  *fx,
                GError            **error)
{
  Writer w = { fx->evidence };
  g_autofree char *list = NULL;
  gboolean ok = TRUE;

  w.pixels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) scrim_pixels_free);
  w.bytes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  for (guint i = 0; ok && i < G_N_ELEMENTS (shots); i++)
    ok = write_shot (&w, &shots[i], error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (copies); i++)
    ok = write_copy (&w, i, error);
  ok = ok && write_blanks (&w, error);
  if (ok)
    {
      list = vics_list (&w);
      ok = g_file_set_contents (fx->list_path, list, -1, error);
    }
  g_hash_table_unref (w.pixels);
  g_hash_table_unref (w.bytes);
  return ok;
}

void
scrim_group_fixture_free (ScrimGroupFixture *fixture)
{
  if (fixture == NULL)
    return;
  g_free (fixture->root);
  g_free (fixture->evidence);
  g_free (fixture->list_path);
  g_free (fixture->library_path);
  g_free (fixture->case_path);
  g_free (fixture);
}

/*
** Writes the synthetic phone into root/phone (a folder that must not
** exist yet) and its VICS list to root/demo-series.json. Returns the
** fixture, or NULL with error set when a file cannot be written.
*/
ScrimGroupFixture *
scrim_group_fixture_new (const char  *root,
                         GError     **error)
{
  g_autoptr(ScrimGroupFixture) fx = g_new0 (ScrimGroupFixture, 1);

  fx->root = g_strdup (root);
  fx->evidence = g_build_filename (root, "phone", NULL);
  fx->list_path = g_build_filename (root, "demo-series.json", NULL);
  fx->library_path = g_build_filename (root, "library.db", NULL);
  fx->case_path = g_build_filename (root, "phone.scrim", NULL);
  if (g_file_test (fx->evidence, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, "%s exists already", fx->evidence);
      return NULL;
    }
  if (!write_evidence (fx, error))
    return NULL;
  return g_steal_pointer (&fx);
}

static gboolean
import_list (ScrimGroupFixture  *fx,
             ScrimLibrary       *library,
             GError            **error)
{
  const char *files[] = { fx->list_path, NULL };
  ScrimImportOptions options = { SCRIM_LIST_FORMAT_AUTO, SCRIM_LIST_KIND_KNOWN_BAD, FALSE, NULL, NULL, TRUE,
                                 "fixture" };
  ScrimImportReport report = { 0 };
  gboolean ok;

  ok = scrim_library_import (library, SCRIM_GROUP_FIXTURE_LIST_NAME, files, &options, &report, NULL, error);
  scrim_import_report_clear (&report);
  return ok;
}

/*
** Ingests the phone into a new case (exhibit PHONE-1, one worker, so item
** ids follow the sorted walk), imports the list into a new library,
** matches the case against it and sets the case's seizure date. Returns
** FALSE with error set on any failure.
*/
gboolean
scrim_group_fixture_build_case (ScrimGroupFixture  *fixture,
                                GError            **error)
{
  ScrimCaseInfo info = { "FIXTURE-5", "Fixture" };
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(ScrimIngest) ingest = NULL;
  g_autoptr(ScrimLibrary) library = NULL;

  scase = scrim_case_open (fixture->case_path, SCRIM_CASE_OPEN_CREATE, &info, error);
  if (scase == NULL)
    return FALSE;
  ingest = scrim_ingest_new (scase);
  scrim_ingest_set_jobs (ingest, 1);
  if (!scrim_ingest_add_source (ingest, fixture->evidence, SCRIM_GROUP_FIXTURE_EXHIBIT, error)
      || !scrim_ingest_run (ingest, NULL, error))
    return FALSE;
  library = scrim_library_open (fixture->library_path, error);
  return library != NULL && import_list (fixture, library, error)
         && scrim_match_case (scase, library, NULL, NULL, NULL, error)
         && scrim_case_set_meta (scase, "seizure_date", SCRIM_GROUP_FIXTURE_SEIZURE_DATE, error);
}
