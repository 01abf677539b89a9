/* scrim-demo.c
 *
 * Trainer mode. scrim_demo_generate() writes, from a seed alone, a
 * synthetic "seized phone" (DIR/evidence) and fake reference lists in the
 * real formats (DIR/lists), and returns a manifest of what it planted;
 * scrim_demo_run() then runs the whole pipeline on them (a demo library
 * DIR/library.db, a demo case DIR/demo.scrim: import, ingest, match,
 * group) and reports what was found beside what was planted.
 *
 * How it is made:
 *
 * - a plan, drawn single-threaded from the seed: families, each one
 *   synthetic picture (scrim_synth_draw(): colour fields, shapes, patterns
 *   and a label; nothing depicts a person) or one byte string, with the
 *   files made from it: the original, exact copies, altered copies
 *   (recompressed, resized, cropped by 1 %, mirrored),
 *   truncated copies; an original may exist only in the lists;
 * - the families rendered on jobs threads: a file depends on its family
 *   alone, so the bytes do not depend on the threads; every file gets a
 *   fixed modification time, and at the end so does every folder;
 * - the lists written from the rendered digests and PDQ hashes, each with
 *   the DEMO marker (scrim-library.h).
 *
 * What is planted (the manifest names it file by file):
 *
 * - the owner's phone camera (Kestrel KX-12, serial KX12A0041973): many
 *   ordinary photos in DCIM/Camera over fourteen months, sessions of 1 to
 *   6, GPS in the open North Sea (near nobody's home); and on 2026-03-04,
 *   three days before the seizure, a session of 8 to 12 at "home", one of
 *   them known to the VICS list (DEMO SERIES B): the possibly-ongoing
 *   session that leads the queue, and the known series with possible new
 *   material;
 * - an SD card camera (Orrery Optics Pocket 7), a second KX-12 (another
 *   serial, photos received as Telegram documents with their EXIF), and
 *   downloads from a camera without a serial;
 * - received pictures without EXIF (WhatsApp, a browser cache), owner
 *   photos sent through WhatsApp (recompressed), a byte-for-byte backup
 *   copy, PNG screenshots;
 * - known material: VICS 2.0 US categories 0 to 4, series A (victim
 *   identified), B and C; altered copies of series A that only the PDQ
 *   list finds; one image listed as abuse by VICS and as known-good by the
 *   hashdeep list: the conflict;
 * - known-good files: app icons and libraries (NSRL RDSv3), wallpapers
 *   (hashdeep);
 * - corrupt, truncated and unsupported files, files that are not images,
 *   a file name that is not UTF-8.
 *
 * Like real lists, the lists also hold entries for nothing on the device.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "scrim-analyze.h"
#include "scrim-case-private.h"
#include "scrim-demo.h"
#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-ingest.h"
#include "scrim-library.h"
#include "scrim-match.h"
#include "scrim-rng-private.h"
#include "scrim-synth.h"
#include "scrim-text.h"
#include "scrim-thumb.h"

/* 2026-03-07 08:00 UTC, the morning of the seizure: the time of every
 * folder and list file. */
#define FIXED_MTIME 1772870400

/* The open North Sea, far from any coast. */
#define HOME_LAT 54.05
#define HOME_LON 3.95
#define METRES_PER_DEGREE 111195.0

/* ------------------------------------------------------------------ */
/* The PRNG (splitmix64: every seed gives a full-period stream)        */
/* ------------------------------------------------------------------ */


static void
rng_init (ScrimRng     *rng,
          guint64  seed,
          guint64  stream)
{
  rng->state = seed ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95));
  scrim_rng_next (rng);
}

/* Uniform in [0, n), n > 0. */
static guint
rng_below (ScrimRng   *rng,
           guint  n)
{
  return (guint) (((scrim_rng_next (rng) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static gint64
rng_range (ScrimRng    *rng,
           gint64  lo,
           gint64  hi)
{
  return lo + (gint64) (scrim_rng_next (rng) % (guint64) (hi - lo + 1));
}

static void
rng_fill (ScrimRng    *rng,
          guint8 *out,
          gsize   len)
{
  for (gsize i = 0; i < len; i++)
    out[i] = (guint8) (scrim_rng_next (rng) >> 56);
}

/* ------------------------------------------------------------------ */
/* Sizes                                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint owner;          /* the owner's ordinary photos */
  guint session;        /* the planted possibly-ongoing session */
  guint sd;             /* the SD card camera */
  guint telegram;       /* the second KX-12, EXIF kept */
  guint downloads;      /* a camera without a serial */
  guint whatsapp;       /* received, without EXIF */
  guint shared;         /* owner photos sent through WhatsApp */
  guint screenshots;
  guint cache;          /* a browser cache */
  guint icons;          /* NSRL */
  guint libs;           /* NSRL, not images */
  guint wallpapers;     /* hashdeep */
  guint series_a;       /* series A on the device */
  guint series_a_away;  /* series A known only to the lists */
  guint series_c;
  guint category[5];    /* VICS codes 0, 2, 3, 4 on the device ([1]: series) */
  guint altered;        /* altered copies of series A: PDQ only */
  guint decoys;         /* entries for nothing on the device, per list */
  guint side;           /* longest side of most photos */
} Scale;

static const Scale scales[] = {
  [SCRIM_DEMO_SMALL] = { 70, 8, 12, 6, 4, 30, 6, 10, 24, 8, 4, 3, 4, 3, 2, { 3, 0, 2, 2, 1 }, 8, 40, 1280 },
  [SCRIM_DEMO_MEDIUM] = { 1100, 10, 220, 60, 40, 700, 100, 150, 450, 60, 20, 6, 12, 8, 6, { 6, 0, 6, 4, 3 },
                          24, 2000, 1024 },
  [SCRIM_DEMO_LARGE] = { 7500, 12, 1500, 400, 250, 5000, 600, 1000, 3200, 300, 100, 10, 40, 20, 20,
                         { 20, 0, 20, 12, 8 }, 80, 20000, 960 },
};

static const char * const size_names[] = { "small", "medium", "large" };

/*
** The name of a size ("small", "medium", "large"; static), or NULL.
*/
const char *
scrim_demo_size_to_string (ScrimDemoSize size)
{
  if ((guint) size >= G_N_ELEMENTS (size_names))
    return NULL;
  return size_names[size];
}

/*
** Parses a size's name. Returns FALSE, leaving *size alone, for anything
** else.
*/
gboolean
scrim_demo_size_from_string (const char    *str,
                             ScrimDemoSize *size)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (size_names); i++)
    if (strcmp (str, size_names[i]) == 0)
      {
        *size = (ScrimDemoSize) i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The plan                                                            */
/* ------------------------------------------------------------------ */

typedef enum
{
  ALTER_NONE,        /* the family's own picture or bytes */
  ALTER_COPY,        /* the original's bytes, byte for byte */
  ALTER_RECOMPRESS,  /* the picture again, at another quality, without EXIF */
  ALTER_RESIZE,      /* reduced to a longest side */
  ALTER_CROP,        /* 1 % of each side off, half on each edge */
  ALTER_MIRROR,      /* left-right */
  ALTER_TRUNCATE,    /* the original's first bytes */
} Alter;

/* One file made from a family. */
typedef struct
{
  char         *path;          /* evidence-relative; NULL: only in the lists */
  Alter         alter;
  guint         side;          /* ALTER_RESIZE */
  int           quality;       /* JPEG quality; 0: PNG */
  guint         keep;          /* ALTER_TRUNCATE: per mille kept */
  ScrimExif    *exif;
  gint64        mtime;
  /* what the pipeline should make of it */
  ScrimStatus   status;
  const char   *klass;         /* NULL: no list matches it */
  gboolean      by_pdq;
  gboolean      conflict;
  /* known once rendered */
  ScrimDigests  digests;
  gint64        size;
  guint32       crc32;         /* of NSRL files only */
  int           pdq_distance;
} Out;

typedef struct
{
  ScrimSynthStyle  style;
  guint64          seed;
  guint            width;
  guint            height;
  char            *label;
  GBytes          *raw;          /* not drawn: these bytes */
  gint64           wall;         /* capture, local time as if UTC (photos) */
  gboolean         pdq_listed;   /* the PDQ list holds the original's PDQ */
  gboolean         nsrl;         /* the NSRL list holds the original (CRC-32 wanted) */
  GArray          *outs;         /* Out; [0] the original */
  /* known once rendered */
  ScrimPdqHash     pdq;
  int              pdq_quality;
} Family;

typedef struct
{
  Family     *family;
  const char *category;
  const char *series;
  gboolean    victim;
} VicsRef;

typedef struct
{
  guint64      seed;
  const Scale *scale;
  ScrimRng          rng;
  GPtrArray   *families;
  GPtrArray   *owner;        /* Family: the owner's ordinary photos */
  GPtrArray   *series_a;     /* Family: every series A original */
  GArray      *vics;         /* VicsRef */
  GPtrArray   *nsrl;         /* Family: the NSRL list holds its original */
  GPtrArray   *hashdeep;     /* Family: the hashdeep list holds its original */
  GPtrArray   *session;      /* char *: the planted session */
  GPtrArray   *session_queued;
  GHashTable  *paths;        /* every path planned (a set) */
  GHashTable  *counters;     /* "folder|day" -> guint, WhatsApp's numbering */
  guint        cache_next;
  double       home_lat;
  double       home_lon;
} Plan;

static void
out_clear (Out *o)
{
  g_free (o->path);
  g_clear_pointer (&o->exif, scrim_exif_free);
}

static void
family_free (Family *f)
{
  g_free (f->label);
  g_clear_pointer (&f->raw, g_bytes_unref);
  g_array_unref (f->outs);
  g_free (f);
}

static void
plan_free (Plan *p)
{
  g_ptr_array_unref (p->families);
  g_ptr_array_unref (p->owner);
  g_ptr_array_unref (p->series_a);
  g_array_unref (p->vics);
  g_ptr_array_unref (p->nsrl);
  g_ptr_array_unref (p->hashdeep);
  g_ptr_array_unref (p->session);
  g_ptr_array_unref (p->session_queued);
  g_hash_table_unref (p->paths);
  g_hash_table_unref (p->counters);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plan, plan_free)

static Plan *
plan_new (const ScrimDemoOptions *options)
{
  Plan *p = g_new0 (Plan, 1);

  p->seed = options->seed;
  p->scale = &scales[options->size];
  rng_init (&p->rng, options->seed, 0x5c12d3);
  p->families = g_ptr_array_new_with_free_func ((GDestroyNotify) family_free);
  p->owner = g_ptr_array_new ();
  p->series_a = g_ptr_array_new ();
  p->vics = g_array_new (FALSE, FALSE, sizeof (VicsRef));
  p->nsrl = g_ptr_array_new ();
  p->hashdeep = g_ptr_array_new ();
  p->session = g_ptr_array_new_with_free_func (g_free);
  p->session_queued = g_ptr_array_new_with_free_func (g_free);
  p->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->cache_next = 0x1a0 + rng_below (&p->rng, 0x400);
  p->home_lat = HOME_LAT + rng_below (&p->rng, 1000) / 20000.0;
  p->home_lon = HOME_LON + rng_below (&p->rng, 1000) / 20000.0;
  return p;
}

static Family *
plan_picture (Plan            *p,
              ScrimSynthStyle  style,
              guint            width,
              guint            height,
              const char      *label)
{
  Family *f = g_new0 (Family, 1);

  f->style = style;
  f->seed = scrim_rng_next (&p->rng);
  f->width = width;
  f->height = height;
  f->label = g_strdup (label);
  f->outs = g_array_new (FALSE, TRUE, sizeof (Out));
  g_array_set_clear_func (f->outs, (GDestroyNotify) out_clear);
  g_ptr_array_add (p->families, f);
  return f;
}

static Family *
plan_bytes (Plan   *p,
            GBytes *bytes)
{
  Family *f = plan_picture (p, SCRIM_SYNTH_PATTERN, 1, 1, NULL);

  f->raw = bytes;
  return f;
}

/* A path not planned yet: clashes (two photos in one second) get a
 * suffix before the extension. Returns the path, owned by the plan. */
static const char *
unique_path (Plan       *p,
             const char *path)
{
  char *candidate = g_strdup (path);

  for (guint n = 2; g_hash_table_contains (p->paths, candidate); n++)
    {
      const char *dot = strrchr (path, '.');
      gsize stem = dot && !strchr (dot, '/') ? (gsize) (dot - path) : strlen (path);

      g_free (candidate);
      candidate = g_strdup_printf ("%.*s_%u%s", (int) stem, path, n, path + stem);
    }
  g_hash_table_add (p->paths, candidate);
  return candidate;
}

/* Adds a file to a family. The pointer is valid until the next one. */
static Out *
family_add (Plan       *p,
            Family     *f,
            const char *path,
            Alter       alter,
            int         quality,
            gint64      mtime)
{
  Out o = { 0 };

  o.path = path ? g_strdup (unique_path (p, path)) : NULL;
  o.alter = alter;
  o.quality = quality;
  o.mtime = mtime;
  o.status = SCRIM_STATUS_OK;
  o.pdq_distance = -1;
  g_array_append_val (f->outs, o);
  return &g_array_index (f->outs, Out, f->outs->len - 1);
}

static Out *
family_out (Family *f,
            guint   i)
{
  return &g_array_index (f->outs, Out, i);
}

static void
expect (Out        *o,
        const char *klass)
{
  o->klass = klass;
}

static void
vics_add (Plan       *p,
          Family     *f,
          const char *category,
          const char *series,
          gboolean    victim)
{
  VicsRef ref = { f, category, series, victim };

  g_array_append_val (p->vics, ref);
}

/* ------------------------------------------------------------------ */
/* Time                                                                */
/* ------------------------------------------------------------------ */

/* "Wall" times are local clock readings counted in seconds as if UTC. */
static gint64
wall_at (int year,
         int month,
         int day,
         int hour,
         int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static char *
wall_format (gint64      wall,
             const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (wall);

  return g_date_time_format (dt, format);
}

/* Central European time, summer time April to October (close enough for
 * synthetic data): seconds east of UTC. */
static gint64
wall_offset (gint64 wall)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (wall);
  int month = g_date_time_get_month (dt);

  return (month >= 4 && month <= 10) ? 7200 : 3600;
}

static gint64
wall_to_unix (gint64 wall)
{
  return wall - wall_offset (wall);
}

/* ------------------------------------------------------------------ */
/* Cameras                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *make;
  const char *model;
  const char *serial;
  const char *software;
  gboolean    offset;     /* writes OffsetTimeOriginal */
} Camera;

/* Fictional cameras. The owner's and the second KX-12 share a model:
 * only the serial tells them apart. */
static const Camera owner_camera = { "Kestrel", "KX-12", "KX12A0041973", "KX-12 Camera 4.2.1", TRUE };
static const Camera second_camera = { "Kestrel", "KX-12", "KX12A0058210", "KX-12 Camera 4.1.0", TRUE };
static const Camera sd_camera = { "Orrery Optics", "Pocket 7", "P7-33100872", "Pocket OS 7.3", FALSE };
static const Camera serialless_camera = { "Tamarind", "TP-40 Zoom", NULL, "TP-40 v1.08", FALSE };

/* Places in metres north and east of home: home, and four more. */
static const double places[][2] = {
  { 0, 0 }, { 2400, -3100 }, { -5200, 800 }, { 11800, 9400 }, { -30500, -22000 },
};

typedef struct
{
  gboolean has_gps;
  double   north;
  double   east;
} Where;

static ScrimExif *
camera_exif (const Plan   *p,
             const Camera *camera,
             gint64        wall,
             int           orientation,
             const Where  *where)
{
  ScrimExif *exif = scrim_exif_new ();
  gint64 offset = wall_offset (wall);

  exif->make = g_strdup (camera->make);
  exif->model = g_strdup (camera->model);
  exif->serial = g_strdup (camera->serial);
  exif->software = g_strdup (camera->software);
  exif->datetime_original = wall_format (wall, "%Y:%m:%d %H:%M:%S");
  if (camera->offset)
    exif->offset_time_original = g_strdup (offset == 7200 ? "+02:00" : "+01:00");
  exif->orientation = orientation;
  exif->has_orientation = TRUE;
  if (where != NULL && where->has_gps)
    {
      double lat = p->home_lat + where->north / METRES_PER_DEGREE;

      exif->gps_lat = lat;
      exif->gps_lon = p->home_lon + where->east / (METRES_PER_DEGREE * cos (lat * G_PI / 180.0));
      exif->gps_alt = 2.0;
      exif->has_gps = exif->has_gps_lat = exif->has_gps_lon = exif->has_gps_alt = TRUE;
    }
  return exif;
}

/* Most photos at the size's side (4:3), one in ten at 1600x1200. */
static void
photo_size (Plan  *p,
            guint *width,
            guint *height)
{
  guint side = rng_below (&p->rng, 10) == 0 ? 1600 : p->scale->side;

  *width = side;
  *height = side * 3 / 4;
}

/* A set of photos from one camera, in capture sessions. */
typedef struct
{
  const Camera *camera;
  const char   *label;        /* followed by the photo's number */
  const char   *time_name;    /* g_date_time_format() of the capture, or NULL */
  const char   *number_name;  /* followed by the number and number_ext, when no time_name */
  const char   *number_ext;
  gint64        from;
  gint64        to;
  guint         max_session;
  guint         gap;          /* largest gap within a session, seconds */
  guint         gps_percent;
  gboolean      owner;
} CameraSet;

/* The days around the planted session hold no other photo of the owner. */
#define QUIET_FROM wall_at (2026, 3, 3, 0, 0)
#define QUIET_TO   wall_at (2026, 3, 6, 0, 0)

static void
plan_camera_photo (Plan            *p,
                   const CameraSet *set,
                   guint            number,
                   gint64           wall,
                   const Where     *where)
{
  g_autofree char *label = g_strdup_printf ("%s %04u", set->label, number);
  g_autofree char *path = set->time_name ? wall_format (wall, set->time_name)
                                         : g_strdup_printf ("%s%04u%s", set->number_name, number, set->number_ext);
  guint width, height;
  Family *f;
  Out *o;
  int orientation = rng_below (&p->rng, 6) == 0 ? 6 : 1;

  photo_size (p, &width, &height);
  f = plan_picture (p, SCRIM_SYNTH_PHOTO, width, height, label);
  f->wall = wall;
  o = family_add (p, f, path, ALTER_NONE, 90, wall_to_unix (wall) + 1);
  o->exif = camera_exif (p, set->camera, wall, orientation, where);
  if (set->owner)
    g_ptr_array_add (p->owner, f);
}

/* Splits n photos into sessions of 1..max (the sizes drawn first, so the
 * sessions spread evenly over [from, to)). */
static GArray *
session_sizes (Plan  *p,
               guint  n,
               guint  max)
{
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (guint));

  while (n > 0)
    {
      /* Drawn first: MIN () would evaluate the draw twice. */
      guint size = (guint) rng_range (&p->rng, 1, max);

      size = MIN (size, n);
      g_array_append_val (sizes, size);
      n -= size;
    }
  return sizes;
}

static void
plan_camera_set (Plan            *p,
                 const CameraSet *set,
                 guint            n)
{
  g_autoptr(GArray) sizes = session_sizes (p, n, set->max_session);
  gint64 slot = (set->to - set->from) / MAX (sizes->len, 1);
  guint number = 1;

  for (guint s = 0; s < sizes->len; s++)
    {
      gint64 wall = set->from + s * slot + rng_range (&p->rng, 0, slot / 3);
      guint place = rng_below (&p->rng, 10) < 6 ? 0 : 1 + rng_below (&p->rng, G_N_ELEMENTS (places) - 1);
      Where where = { rng_below (&p->rng, 100) < set->gps_percent, places[place][0], places[place][1] };

      if (set->owner && wall >= QUIET_FROM && wall < QUIET_TO)
        wall = QUIET_FROM - rng_range (&p->rng, 2 * 3600, 30 * 3600);
      for (guint i = 0; i < g_array_index (sizes, guint, s); i++)
        {
          Where here = where;

          here.north += rng_range (&p->rng, -15, 15);
          here.east += rng_range (&p->rng, -15, 15);
          plan_camera_photo (p, set, number++, wall, &here);
          wall += rng_range (&p->rng, 3, set->gap);
        }
    }
}

static void
plan_cameras (Plan *p)
{
  const Scale *sc = p->scale;
  const CameraSet owner = { &owner_camera, "DEMO CAMERA", "DCIM/Camera/IMG_%Y%m%d_%H%M%S.jpg", NULL, NULL,
                            wall_at (2025, 1, 4, 9, 0), wall_at (2026, 3, 6, 20, 0), 6, 240, 60, TRUE };
  const CameraSet sd = { &sd_camera, "DEMO SD CARD", NULL, "SDCARD/DCIM/100MEDIA/IMAG", ".JPG",
                         wall_at (2024, 6, 1, 10, 0), wall_at (2025, 8, 30, 18, 0), 8, 20, 50, FALSE };
  const CameraSet second = { &second_camera, "DEMO KX-12", "Telegram/Telegram Documents/IMG_%Y%m%d_%H%M%S.jpg",
                             NULL, NULL, wall_at (2025, 3, 1, 10, 0), wall_at (2026, 1, 31, 18, 0), 5, 300, 40,
                             FALSE };
  const CameraSet serialless = { &serialless_camera, "DEMO TP-40", NULL, "Download/DSC0", ".JPG",
                                 wall_at (2024, 2, 1, 10, 0), wall_at (2024, 12, 20, 18, 0), 4, 120, 0,
                                 FALSE };

  plan_camera_set (p, &owner, sc->owner);
  plan_camera_set (p, &sd, sc->sd);
  plan_camera_set (p, &second, sc->telegram);
  plan_camera_set (p, &serialless, sc->downloads);
}

/* The possibly-ongoing session: the owner's camera, at home, three days
 * before the seizure; its third photo is known material (DEMO SERIES B). */
static void
plan_session (Plan *p)
{
  gint64 wall = wall_at (2026, 3, 4, 9, 0) + rng_range (&p->rng, 0, 6 * 3600);

  for (guint i = 0; i < p->scale->session; i++)
    {
      g_autofree char *label = i == 2 ? g_strdup ("DEMO SERIES B 01") : g_strdup_printf ("DEMO SESSION %02u", i + 1);
      g_autofree char *path = wall_format (wall, "DCIM/Camera/IMG_%Y%m%d_%H%M%S.jpg");
      Where where = { TRUE, rng_range (&p->rng, -4, 4), rng_range (&p->rng, -4, 4) };
      Family *f = plan_picture (p, SCRIM_SYNTH_PHOTO, p->scale->side, p->scale->side * 3 / 4, label);
      Out *o = family_add (p, f, path, ALTER_NONE, 90, wall_to_unix (wall) + 1);

      f->wall = wall;
      o->exif = camera_exif (p, &owner_camera, wall, 1, &where);
      g_ptr_array_add (p->session, g_strdup (o->path));
      if (i == 2)
        {
          expect (o, "abuse");
          vics_add (p, f, "1", "DEMO SERIES B", FALSE);
        }
      else
        g_ptr_array_add (p->session_queued, g_strdup (o->path));
      wall += rng_range (&p->rng, 90, 420);
    }
}

/* ------------------------------------------------------------------ */
/* Received pictures, screenshots, caches                              */
/* ------------------------------------------------------------------ */

/* IMG-YYYYMMDD-WANNNN.jpg, numbered per folder and day as WhatsApp does. */
static char *
whatsapp_name (Plan       *p,
               const char *folder,
               gint64      wall)
{
  g_autofree char *day = wall_format (wall, "%Y%m%d");
  g_autofree char *key = g_strdup_printf ("%s|%s", folder, day);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (p->counters, key));

  g_hash_table_insert (p->counters, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
  return g_strdup_printf ("%s/IMG-%s-WA%04u.jpg", folder, day, n);
}

static char *
cache_name (Plan *p)
{
  return g_strdup_printf ("Android/data/com.android.chrome/cache/Cache_Data/f_%06x", p->cache_next++);
}

/* Spreads n events over [from, to): the i-th one's wall time. */
static gint64
spread (Plan   *p,
        gint64  from,
        gint64  to,
        guint   i,
        guint   n)
{
  gint64 slot = (to - from) / MAX (n, 1);

  return from + i * slot + rng_range (&p->rng, 0, MAX (slot - 1, 0));
}

static void
plan_whatsapp (Plan *p)
{
  static const guint shapes[][2] = { { 4, 3 }, { 4, 3 }, { 3, 4 }, { 16, 9 } };
  gint64 from = wall_at (2025, 2, 1, 0, 0), to = wall_at (2026, 3, 6, 22, 0);
  guint n = p->scale->whatsapp;

  for (guint i = 0; i < n; i++)
    {
      gint64 wall = spread (p, from, to, i, n);
      const guint *shape = shapes[rng_below (&p->rng, G_N_ELEMENTS (shapes))];
      guint side = MIN (p->scale->side, 1280);
      guint w = shape[0] >= shape[1] ? side : side * shape[0] / shape[1];
      guint h = shape[0] >= shape[1] ? side * shape[1] / shape[0] : side;
      g_autofree char *label = g_strdup_printf ("DEMO RECEIVED %04u", i + 1);
      g_autofree char *path = whatsapp_name (p, "WhatsApp/Media/WhatsApp Images", wall);
      ScrimSynthStyle style = rng_below (&p->rng, 4) == 0 ? SCRIM_SYNTH_PATTERN : SCRIM_SYNTH_PHOTO;
      Family *f = plan_picture (p, style, w, h, label);

      family_add (p, f, path, ALTER_NONE, 75, wall_to_unix (wall));
    }
}

/* Owner photos sent through WhatsApp (recompressed, EXIF gone), and one
 * backed up byte for byte. */
static void
plan_shared (Plan *p)
{
  guint n = MIN (p->scale->shared, p->owner->len);
  Family *backup = g_ptr_array_index (p->owner, p->owner->len / 2);
  g_autofree char *base = g_path_get_basename (family_out (backup, 0)->path);
  g_autofree char *copy = g_strdup_printf ("Pictures/Backup/%s", base);

  for (guint i = 0; i < n; i++)
    {
      Family *f = g_ptr_array_index (p->owner, (gsize) i * p->owner->len / n);
      gint64 wall = f->wall + rng_range (&p->rng, 60, 2 * 86400);
      g_autofree char *path = whatsapp_name (p, "WhatsApp/Media/WhatsApp Images/Sent", wall);

      family_add (p, f, path, ALTER_RECOMPRESS, 70, wall_to_unix (wall));
    }
  family_add (p, backup, copy, ALTER_COPY, 0, FIXED_MTIME - 20 * 86400);
}

static void
plan_screenshots (Plan *p)
{
  gint64 from = wall_at (2025, 3, 1, 0, 0), to = wall_at (2026, 3, 6, 23, 0);
  guint n = p->scale->screenshots;

  for (guint i = 0; i < n; i++)
    {
      gint64 wall = spread (p, from, to, i, n);
      gboolean big = rng_below (&p->rng, 4) == 0;
      g_autofree char *path = wall_format (wall, "Pictures/Screenshots/Screenshot_%Y%m%d-%H%M%S.png");
      Family *f = plan_picture (p, SCRIM_SYNTH_SCREENSHOT, big ? 720 : 540, big ? 1280 : 960, NULL);

      family_add (p, f, path, ALTER_NONE, 0, wall_to_unix (wall));
    }
}

static void
plan_cache (Plan *p)
{
  static const guint sizes[][2] = { { 320, 240 }, { 480, 320 }, { 240, 240 }, { 160, 120 }, { 400, 300 } };
  gint64 from = wall_at (2025, 9, 1, 0, 0), to = wall_at (2026, 3, 6, 23, 0);
  guint n = p->scale->cache;

  for (guint i = 0; i < n; i++)
    {
      const guint *size = sizes[rng_below (&p->rng, G_N_ELEMENTS (sizes))];
      gboolean png = rng_below (&p->rng, 5) == 0;
      ScrimSynthStyle style = png || rng_below (&p->rng, 3) == 0 ? SCRIM_SYNTH_PATTERN : SCRIM_SYNTH_PHOTO;
      g_autofree char *path = cache_name (p);
      Family *f = plan_picture (p, style, size[0], size[1], NULL);

      family_add (p, f, path, ALTER_NONE, png ? 0 : 70, wall_to_unix (spread (p, from, to, i, n)));
    }
}

/* ------------------------------------------------------------------ */
/* Known-good files                                                    */
/* ------------------------------------------------------------------ */

static GBytes *
library_bytes (Plan *p)
{
  gsize len = 2048 + rng_below (&p->rng, 22 * 1024);
  guint8 *data = g_malloc (len);

  rng_fill (&p->rng, data, len);
  memcpy (data, "\177ELF\2\1\1\0", 8);
  return g_bytes_new_take (data, len);
}

static void
plan_known_good (Plan *p)
{
  static const guint sides[] = { 96, 128, 192 };
  gint64 installed = wall_to_unix (wall_at (2025, 1, 2, 12, 0));

  for (guint i = 0; i < p->scale->icons; i++)
    {
      guint side = sides[i % G_N_ELEMENTS (sides)];
      g_autofree char *path = g_strdup_printf ("Android/data/com.demo.launcher/files/res/ic_demo_%02u.png", i + 1);
      Family *f = plan_picture (p, SCRIM_SYNTH_PATTERN, side, side, NULL);

      expect (family_add (p, f, path, ALTER_NONE, 0, installed), "known-good");
      f->nsrl = TRUE;
      g_ptr_array_add (p->nsrl, f);
    }
  for (guint i = 0; i < p->scale->libs; i++)
    {
      g_autofree char *path = g_strdup_printf ("Android/data/com.demo.launcher/lib/arm64/libdemo_%02u.so", i + 1);
      Family *f = plan_bytes (p, library_bytes (p));
      Out *o = family_add (p, f, path, ALTER_NONE, 0, installed);

      o->status = SCRIM_STATUS_NOT_IMAGE;
      expect (o, "known-good");
      f->nsrl = TRUE;
      g_ptr_array_add (p->nsrl, f);
    }
  for (guint i = 0; i < p->scale->wallpapers; i++)
    {
      g_autofree char *label = g_strdup_printf ("DEMO WALLPAPER %02u", i + 1);
      g_autofree char *path = g_strdup_printf ("Pictures/Wallpapers/wallpaper_%02u.jpg", i + 1);
      Family *f = plan_picture (p, SCRIM_SYNTH_PHOTO, p->scale->side, p->scale->side * 9 / 16, label);

      expect (family_add (p, f, path, ALTER_NONE, 92, installed), "known-good");
      g_ptr_array_add (p->hashdeep, f);
    }
}

/* ------------------------------------------------------------------ */
/* Known material                                                      */
/* ------------------------------------------------------------------ */

/* Where received material lies: downloads, Telegram, the browser cache. */
static char *
received_path (Plan  *p,
               guint  i)
{
  switch (i % 3)
    {
    case 0:
      return g_strdup_printf ("Download/IMG_%04u.jpg", 1000 + rng_below (&p->rng, 9000));
    case 1:
      return g_strdup_printf ("Telegram/Telegram Images/%u_%u.jpg", 500 + rng_below (&p->rng, 500),
                              100000 + rng_below (&p->rng, 900000));
    default:
      return cache_name (p);
    }
}

static gint64
received_mtime (Plan *p)
{
  return wall_to_unix (wall_at (2025, 10, 1, 0, 0)) + rng_range (&p->rng, 0, 150 * 86400);
}

/* A known picture received on the device (path NULL: known only to the
 * lists). */
static Family *
plan_known (Plan            *p,
            ScrimSynthStyle  style,
            const char      *label,
            const char      *path,
            const char      *klass)
{
  guint side = MIN (p->scale->side, 1024);
  Family *f = plan_picture (p, style, side, side * 3 / 4, label);
  Out *o = family_add (p, f, path, ALTER_NONE, 88, received_mtime (p));

  expect (o, path ? klass : NULL);
  return f;
}

static void
plan_series (Plan *p)
{
  const Scale *sc = p->scale;
  guint a = 1;

  for (guint i = 0; i < sc->series_a + sc->series_a_away; i++, a++)
    {
      g_autofree char *label = g_strdup_printf ("DEMO SERIES A %02u", a);
      g_autofree char *path = i < sc->series_a ? received_path (p, i) : NULL;
      Family *f = plan_known (p, SCRIM_SYNTH_PHOTO, label, path, "abuse");

      f->pdq_listed = TRUE;
      g_ptr_array_add (p->series_a, f);
      vics_add (p, f, "1", "DEMO SERIES A", TRUE);
    }
  for (guint i = 0; i < sc->series_c; i++)
    {
      g_autofree char *label = g_strdup_printf ("DEMO SERIES C %02u", i + 1);
      g_autofree char *path = received_path (p, i);

      vics_add (p, plan_known (p, SCRIM_SYNTH_PHOTO, label, path, "abuse"), "1", "DEMO SERIES C", FALSE);
    }
}

/* A copy of the first series A picture, byte for byte, in a second place. */
static void
plan_series_copy (Plan *p)
{
  Family *f = g_ptr_array_index (p->series_a, 0);
  g_autofree char *path = g_strdup_printf ("Telegram/Telegram Images/%u_%u.jpg", 500 + rng_below (&p->rng, 500),
                                           100000 + rng_below (&p->rng, 900000));

  expect (family_add (p, f, path, ALTER_COPY, 0, received_mtime (p)), "abuse");
}

static void
plan_categories (Plan *p)
{
  static const struct
  {
    const char      *code;
    const char      *label;
    const char      *klass;
    ScrimSynthStyle  style;
  } kinds[] = {
    { "0", "DEMO NON-PERTINENT", "non-pertinent", SCRIM_SYNTH_PHOTO },
    { NULL },
    { "2", "DEMO CATEGORY 2", "exploitive", SCRIM_SYNTH_PHOTO },
    { "3", "DEMO CGI", "cgi", SCRIM_SYNTH_PATTERN },
    { "4", "DEMO COMPARISON", "comparison", SCRIM_SYNTH_PHOTO },
  };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint i = 0; kinds[k].code != NULL && i < p->scale->category[k]; i++)
      {
        g_autofree char *label = g_strdup_printf ("%s %02u", kinds[k].label, i + 1);
        g_autofree char *path = received_path (p, i + k);

        vics_add (p, plan_known (p, kinds[k].style, label, path, kinds[k].klass), kinds[k].code, NULL, FALSE);
      }
}

/* Abuse for VICS, known-good for the hashdeep list: lists disagree. */
static void
plan_conflict (Plan *p)
{
  g_autofree char *label = g_strdup_printf ("DEMO SERIES C %02u", p->scale->series_c + 1);
  Family *f = plan_known (p, SCRIM_SYNTH_PHOTO, label, "Download/wallpaper-hd.jpg", "abuse|known-good");

  family_out (f, 0)->conflict = TRUE;
  vics_add (p, f, "1", "DEMO SERIES C", FALSE);
  g_ptr_array_add (p->hashdeep, f);
}

/* Copies of series A that no list holds byte for byte, only the PDQ
 * list: recompressed, resized, cropped, mirrored; each family gets each
 * alteration at most once (make_altered() may swap one for another, at
 * the copy's own quality), so no two copies are the same file. */
static void
plan_altered (Plan *p)
{
  static const Alter alters[] = { ALTER_RECOMPRESS, ALTER_RESIZE, ALTER_CROP, ALTER_MIRROR };
  guint n_families = p->series_a->len;

  for (guint i = 0; i < p->scale->altered && i < 4 * n_families; i++)
    {
      Family *f = g_ptr_array_index (p->series_a, i % n_families);
      Alter alter = alters[(i / n_families + i % n_families) % G_N_ELEMENTS (alters)];
      gint64 wall = wall_at (2026, 1, 5, 12, 0) + rng_range (&p->rng, 0, 55 * 86400);
      g_autofree char *path = i % 2 == 0 ? whatsapp_name (p, "WhatsApp/Media/WhatsApp Images", wall)
                                         : received_path (p, i / 2);
      Out *o = family_add (p, f, path, alter, 60 + rng_below (&p->rng, 20), wall_to_unix (wall));

      o->side = MAX (f->width, f->height) * (50 + rng_below (&p->rng, 25)) / 100;
      o->by_pdq = TRUE;
      expect (o, "abuse");
    }
}

/* ------------------------------------------------------------------ */
/* Odd files                                                           */
/* ------------------------------------------------------------------ */

static const char readme_text[] =
  "DEMO DATA - synthetic training data, not evidence.\n"
  "\n"
  "Every file in this folder was generated by `scrim demo`: the pictures are\n"
  "drawn by code (colour fields, shapes, patterns and labels such as\n"
  "\"DEMO SERIES A 03\"); nothing in them depicts a person. The reference lists\n"
  "beside it are invented and carry a DEMO marker, so Scrim never mixes them\n"
  "with real lists or real cases.\n";

static const char pdf_text[] =
  "%PDF-1.4\n% DEMO - synthetic training data, not evidence\n1 0 obj << /Type /Catalog >> endobj\n"
  "trailer << /Root 1 0 R >>\n%%EOF\n";

static Out *
plan_odd_bytes (Plan        *p,
                const char  *path,
                GBytes      *bytes,
                ScrimStatus  status)
{
  Out *o = family_add (p, plan_bytes (p, bytes), path, ALTER_NONE, 0, FIXED_MTIME - 3 * 86400);

  o->status = status;
  return o;
}

/* len random bytes beginning with magic. */
static guint8 *
random_data (Plan        *p,
             const char  *magic,
             gsize        magic_len,
             gsize        len)
{
  guint8 *data = g_malloc (len);

  rng_fill (&p->rng, data, len);
  memcpy (data, magic, magic_len);
  return data;
}

static GBytes *
random_bytes (Plan        *p,
              const char  *magic,
              gsize        magic_len,
              gsize        len)
{
  return g_bytes_new_take (random_data (p, magic, magic_len, len), len);
}

/* A picture whose full file is not on the device, only its first bytes. */
static void
plan_truncated (Plan            *p,
                ScrimSynthStyle  style,
                guint            width,
                guint            height,
                const char      *path,
                int              quality,
                guint            keep)
{
  Family *f = plan_picture (p, style, width, height, NULL);
  Out *o;

  family_add (p, f, NULL, ALTER_NONE, quality, FIXED_MTIME);
  o = family_add (p, f, path, ALTER_TRUNCATE, quality, FIXED_MTIME - 2 * 86400);
  o->keep = keep;
  o->status = SCRIM_STATUS_CORRUPT;
}

/* A JPEG that stops after its first table: the rest is random but holds
 * no 0xFF byte, so no marker (and no frame, of a kind the decoder might
 * call unsupported) ever follows: corrupt whatever the seed. */
static GBytes *
broken_jpeg_bytes (Plan *p)
{
  static const char head[] = { '\xff', '\xd8', '\xff', '\xdb', 0x00, 0x43, 0x00, 0x08 };
  const gsize len = 600;
  guint8 *data = random_data (p, head, sizeof head, len);

  for (gsize i = sizeof head; i < len; i++)
    if (data[i] == 0xff)
      data[i] = 0;
  return g_bytes_new_take (data, len);
}

static void
plan_odd (Plan *p)
{
  Family *latin1;

  plan_odd_bytes (p, "Documents/README-DEMO.txt", g_bytes_new_static (readme_text, sizeof readme_text - 1),
                  SCRIM_STATUS_NOT_IMAGE);
  plan_odd_bytes (p, "Documents/invoice-2025-11.pdf", g_bytes_new_static (pdf_text, sizeof pdf_text - 1),
                  SCRIM_STATUS_NOT_IMAGE);
  plan_odd_bytes (p, "WhatsApp/Databases/msgstore.db.crypt14", random_bytes (p, "\0\1\n ", 4, 8192),
                  SCRIM_STATUS_NOT_IMAGE);
  plan_odd_bytes (p, "Download/empty.bin", g_bytes_new_static ("", 0), SCRIM_STATUS_NOT_IMAGE);
  plan_odd_bytes (p, "Download/broken.jpg", broken_jpeg_bytes (p), SCRIM_STATUS_CORRUPT);
  plan_odd_bytes (p, "Telegram/Telegram Documents/IMG_4821.HEIC",
                  random_bytes (p, "\0\0\0\030ftypheic\0\0\0\0mif1heic", 24, 4096), SCRIM_STATUS_UNSUPPORTED);
  plan_truncated (p, SCRIM_SYNTH_PHOTO, 800, 600, "Download/half-downloaded.jpg", 85, 500);
  plan_truncated (p, SCRIM_SYNTH_SCREENSHOT, 540, 960, "Pictures/Screenshots/Screenshot_20260211-221502.png", 0,
                  600);
  /* "café terrace.jpg" in Latin-1: a name that is not UTF-8. */
  latin1 = plan_picture (p, SCRIM_SYNTH_PHOTO, 800, 600, "DEMO CAFE 01");
  family_add (p, latin1, "Pictures/caf\xe9 terrace.jpg", ALTER_NONE, 85, FIXED_MTIME - 40 * 86400);
}

static void
plan_device (Plan *p)
{
  plan_cameras (p);
  plan_session (p);
  plan_whatsapp (p);
  plan_shared (p);
  plan_screenshots (p);
  plan_cache (p);
  plan_known_good (p);
  plan_series (p);
  plan_series_copy (p);
  plan_categories (p);
  plan_conflict (p);
  plan_altered (p);
  plan_odd (p);
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

/* CRC-32 (IEEE), bit by bit: only the few NSRL files need it. */
static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
  return ~crc;
}

/* 1 % of the width and of the height cut away, half on each edge (at least
 * one pixel an edge). */
static ScrimPixels *
crop_edges (const ScrimPixels *src)
{
  guint dx = MAX (1, src->width / 200), dy = MAX (1, src->height / 200);
  ScrimPixels *dst = scrim_pixels_new (src->width - 2 * dx, src->height - 2 * dy, src->channels);

  if (dst == NULL)
    return NULL;
  for (guint y = 0; y < dst->height; y++)
    memcpy (dst->data + y * dst->stride, src->data + (y + dy) * src->stride + (gsize) dx * src->channels,
            (gsize) dst->width * dst->channels);
  return dst;
}

static GBytes *
encode (const ScrimPixels  *px,
        const Out          *o,
        GError            **error)
{
  g_autoptr(GBytes) app1 = NULL;

  if (px == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED, _("not enough memory to draw %s"), o->path);
      return NULL;
    }
  if (o->quality == 0)
    return scrim_png_encode (px, 8, FALSE, FALSE, error);
  if (o->exif != NULL && (app1 = scrim_exif_build_app1 (o->exif, error)) == NULL)
    return NULL;
  return scrim_jpeg_encode (px, o->quality, app1, error);
}

/* The bytes of one file of a family, from its picture (px) or from the
 * family's first file (original). */
static GBytes *
make_bytes (const Family       *f,
            const ScrimPixels  *px,
            GBytes             *original,
            const Out          *o,
            GError            **error)
{
  g_autoptr(ScrimPixels) changed = NULL;

  switch (o->alter)
    {
    case ALTER_NONE:
      return f->raw ? g_bytes_ref (f->raw) : encode (px, o, error);
    case ALTER_COPY:
      return g_bytes_ref (original);
    case ALTER_TRUNCATE:
      return g_bytes_new_from_bytes (original, 0, g_bytes_get_size (original) * o->keep / 1000);
    case ALTER_RECOMPRESS:
      return encode (px, o, error);
    case ALTER_RESIZE:
      changed = scrim_pixels_scale_to_fit (px, o->side);
      break;
    case ALTER_CROP:
      changed = crop_edges (px);
      break;
    case ALTER_MIRROR:
    default:
      changed = scrim_pixels_orient (px, 2);
      break;
    }
  return encode (changed, o, error);
}

/* PDQ as an ingest computes it, from the whole file. */
static ScrimAnalysis *
analyze (GBytes *bytes)
{
  const ScrimAnalyzeOptions options = { 0, 0, 0, TRUE, FALSE };
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return scrim_analyze (data, len, TRUE, len, &options);
}

/* How far a copy lies from its listed original, as matching measures it:
 * the nearest of the copy's eight dihedral variants. Returns TRUE when the
 * PDQ list will match it. */
static gboolean
measure_copy (const Family *f,
              Out          *o,
              GBytes       *bytes)
{
  g_autoptr(ScrimAnalysis) a = analyze (bytes);

  o->pdq_distance = SCRIM_PDQ_BITS;
  for (int v = 0; a->has_pdq && v < SCRIM_PDQ_N_DIHEDRAL; v++)
    o->pdq_distance = MIN (o->pdq_distance, scrim_pdq_distance (&a->pdq[v].hash, &f->pdq));
  return a->has_pdq && !a->pdq[0].unreliable && a->pdq[0].quality >= SCRIM_PDQ_MIN_QUALITY
         && o->pdq_distance <= SCRIM_PDQ_MATCH_DISTANCE;
}

static Alter
next_alter (Alter alter)
{
  static const Alter order[] = { ALTER_RECOMPRESS, ALTER_RESIZE, ALTER_CROP, ALTER_MIRROR };

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    if (order[k] == alter)
      return order[(k + 1) % G_N_ELEMENTS (order)];
  return ALTER_RECOMPRESS;
}

/* The bytes of an altered copy the PDQ list matches. Synthetic pictures
 * are flat, and flat pictures make PDQ touchy (a 1 % crop can move some
 * 30 bits): when the planned alteration moves the hash too far, the next
 * one in the cycle recompress, resize, crop, mirror is tried, so every
 * seed plants its copies; the choice depends on the family alone, so the
 * bytes stay deterministic. */
static GBytes *
make_altered (const Family       *f,
              const ScrimPixels  *px,
              GBytes             *original,
              Out                *o,
              GError            **error)
{
  Alter planned = o->alter;

  for (guint tries = 0; tries < 4; tries++)
    {
      g_autoptr(GBytes) bytes = make_bytes (f, px, original, o, error);

      if (bytes == NULL)
        return NULL;
      if (measure_copy (f, o, bytes))
        return g_steal_pointer (&bytes);
      o->alter = next_alter (o->alter);
    }
  o->alter = planned;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED,
               _("cannot plant an altered copy of “%s” that the demo PDQ list matches (%s, %d bits)"), f->label,
               o->path, o->pdq_distance);
  return NULL;
}

static gboolean
finish_out (Family      *f,
            guint        i,
            GBytes      *bytes,
            const char  *root,
            GError     **error)
{
  Out *o = family_out (f, i);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  scrim_digests_compute (data, len, &o->digests);
  o->size = len;
  if (f->nsrl)
    o->crc32 = crc32_of (data, len);
  if (i == 0 && f->pdq_listed)
    {
      g_autoptr(ScrimAnalysis) a = analyze (bytes);

      f->pdq = a->pdq[0].hash;
      f->pdq_quality = a->pdq[0].quality;
    }
  if (o->path != NULL)
    {
      g_autofree char *path = g_build_filename (root, o->path, NULL);

      return scrim_synth_write_file (path, bytes, o->mtime, error);
    }
  return TRUE;
}

static gboolean
render_family (Family      *f,
               const char  *root,
               GError     **error)
{
  g_autoptr(ScrimPixels) px = NULL;
  g_autoptr(GBytes) original = NULL;

  if (f->raw == NULL)
    {
      px = scrim_synth_draw (f->style, f->seed, f->width, f->height, f->label);
      if (px == NULL)
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED, _("not enough memory to draw a %ux%u picture"),
                       f->width, f->height);
          return FALSE;
        }
    }
  for (guint i = 0; i < f->outs->len; i++)
    {
      Out *o = family_out (f, i);
      g_autoptr(GBytes) bytes = o->by_pdq ? make_altered (f, px, original, o, error)
                                          : make_bytes (f, px, original, o, error);

      if (bytes == NULL || !finish_out (f, i, bytes, root, error))
        return FALSE;
      if (i == 0)
        original = g_bytes_ref (bytes);
    }
  return TRUE;
}

typedef struct
{
  GPtrArray    *families;
  const char   *root;
  GCancellable *cancellable;
  gint          next;
  gint          failed;
  GMutex        lock;
  GError       *error;
} Render;

static gpointer
render_worker (gpointer data)
{
  Render *r = data;

  while (!g_atomic_int_get (&r->failed))
    {
      guint i = (guint) g_atomic_int_add (&r->next, 1);
      GError *error = NULL;

      if (i >= r->families->len)
        break;
      if (!g_cancellable_set_error_if_cancelled (r->cancellable, &error)
          && render_family (g_ptr_array_index (r->families, i), r->root, &error))
        continue;
      g_mutex_lock (&r->lock);
      if (r->error == NULL)
        r->error = error;
      else
        g_error_free (error);
      g_mutex_unlock (&r->lock);
      g_atomic_int_set (&r->failed, 1);
    }
  return NULL;
}

/* Renders every family on jobs threads. */
static gboolean
render_all (Plan          *p,
            const char    *root,
            guint          jobs,
            GCancellable  *cancellable,
            GError       **error)
{
  Render r = { p->families, root, cancellable, 0, 0, { 0 }, NULL };
  g_autofree GThread **threads = NULL;

  jobs = jobs ? jobs : MAX (1, g_get_num_processors ());
  threads = g_new0 (GThread *, jobs);
  g_mutex_init (&r.lock);
  for (guint t = 0; t < jobs; t++)
    threads[t] = g_thread_new ("scrim-demo", render_worker, &r);
  for (guint t = 0; t < jobs; t++)
    g_thread_join (threads[t]);
  g_mutex_clear (&r.lock);
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return FALSE;
    }
  return TRUE;
}

/* Deepest first: a folder's time changes when something is made in it. */
static int
compare_depth (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  gsize lx = strlen (x), ly = strlen (y);

  return lx != ly ? (ly > lx ? 1 : -1) : strcmp (x, y);
}

static gboolean
stamp (const char  *path,
       GError     **error)
{
  const struct timespec times[2] = { { FIXED_MTIME, 0 }, { FIXED_MTIME, 0 } };

  if (utimensat (AT_FDCWD, path, times, 0) == 0)
    return TRUE;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot set the time of %s: %s"), path, g_strerror (errno));
  return FALSE;
}

/* Gives every folder under root (and root) the fixed time. */
static gboolean
stamp_folders (const char  *root,
               GHashTable  *paths,
               GError     **error)
{
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, paths);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      char *dir = g_path_get_dirname (key);

      while (strcmp (dir, ".") != 0 && !g_hash_table_contains (folders, dir))
        {
          char *parent = g_path_get_dirname (dir);

          g_hash_table_add (folders, dir);
          dir = parent;
        }
      g_free (dir);
    }
  g_hash_table_iter_init (&iter, folders);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (sorted, key);
  g_ptr_array_sort (sorted, compare_depth);
  for (guint i = 0; i < sorted->len; i++)
    {
      g_autofree char *path = g_build_filename (root, g_ptr_array_index (sorted, i), NULL);

      if (!stamp (path, error))
        return FALSE;
    }
  return stamp (root, error);
}

/* ------------------------------------------------------------------ */
/* The lists                                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char      *name;
  const char      *file;
  ScrimListFormat  format;
  ScrimListKind    kind;
} ListSpec;

enum { LIST_VICS, LIST_NSRL, LIST_HASHDEEP, LIST_PDQ, N_LISTS };

static const ListSpec list_specs[N_LISTS] = {
  { "DEMO VICS US", "lists/DEMO-VICS-US.json", SCRIM_LIST_FORMAT_VICS, SCRIM_LIST_KIND_KNOWN_BAD },
  { "DEMO NSRL RDSv3", "lists/RDS_DEMO-2026.03.1_modern_minimal.db", SCRIM_LIST_FORMAT_NSRL_RDS3,
    SCRIM_LIST_KIND_KNOWN_GOOD },
  { "DEMO known-good (hashdeep)", "lists/DEMO-known-good.hashdeep", SCRIM_LIST_FORMAT_HASHDEEP,
    SCRIM_LIST_KIND_KNOWN_GOOD },
  { "DEMO PDQ", "lists/DEMO-PDQ.txt", SCRIM_LIST_FORMAT_PDQ, SCRIM_LIST_KIND_ALERT },
};

static char *
upper_hex (const guint8 *bytes,
           gsize         len)
{
  g_autofree char *hex = scrim_hex_encode (bytes, len);

  return g_ascii_strup (hex, -1);
}

/* Made-up digests for entries of nothing on the device. */
static void
decoy_digests (ScrimRng          *rng,
               ScrimDigests *d)
{
  rng_fill (rng, d->md5, sizeof d->md5);
  rng_fill (rng, d->sha1, sizeof d->sha1);
  rng_fill (rng, d->sha256, sizeof d->sha256);
}

typedef struct
{
  guint               id;
  const char         *category;
  const ScrimDigests *digests;
  gint64              size;
  const char         *series;
  gboolean            victim;
} VicsMedia;

static void
vics_media (GString         *json,
            const VicsMedia *m)
{
  g_autofree char *md5 = upper_hex (m->digests->md5, SCRIM_MD5_LEN);
  g_autofree char *sha1 = upper_hex (m->digests->sha1, SCRIM_SHA1_LEN);
  g_autofree char *series = m->series ? g_strdup_printf ("\"%s\"", m->series) : g_strdup ("null");

  g_string_append_printf (json, "%s\n        {\"MediaID\": %u, \"Category\": %s, \"MD5\": \"%s\", \"SHA1\": \"%s\", "
                          "\"MediaSize\": %" G_GINT64_FORMAT ", \"DateUpdated\": \"2026-02-%02uT10:00:00.000Z\", "
                          "\"IsPrecategorized\": true, \"VictimIdentified\": %s, \"OffenderIdentified\": false, "
                          "\"IsDistributed\": true, \"Series\": %s, \"Tags\": \"DEMO\", "
                          "\"Comments\": \"synthetic demo entry, not evidence\"}",
                          m->id > 1 ? "," : "", m->id, m->category, md5, sha1, m->size, 1 + m->id % 28,
                          m->victim ? "true" : "false", series);
}

/* VICS 2.0, US profile, Cases shape: the case object carries the marker. */
static GBytes *
vics_list (Plan    *p,
           guint64 *entries)
{
  static const char * const codes[] = { "0", "1", "1", "2", "3", "4" };
  static const char * const series[] = { "DEMO SERIES D", NULL, "DEMO SERIES E", NULL, NULL, "DEMO SERIES F" };
  GString *json = g_string_new (NULL);
  guint id = 0;
  ScrimRng rng;

  rng_init (&rng, p->seed, 0x7153);
  g_string_append_printf (json, "{\n  \"@odata.context\": \"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/"
                          "2.0.xml/US/$metadata#Cases\",\n  \"value\": [\n    {\n"
                          "      \"CaseID\": \"{d3300000-0000-4000-8000-%012" G_GINT64_MODIFIER "x}\",\n"
                          "      \"CaseNumber\": \"DEMO-LIST-%04" G_GUINT64_FORMAT "\",\n"
                          "      \"ContactName\": \"Demo Trainer\",\n"
                          "      \"ContactOrganization\": \"Scrim demo (synthetic)\",\n"
                          "      \"SourceApplicationName\": \"" SCRIM_DEMO_MARKER "\",\n"
                          "      \"SourceApplicationVersion\": \"scrim demo 1\",\n"
                          "      \"TotalMediaFiles\": %u,\n      \"Media\": [",
                          p->seed & G_GUINT64_CONSTANT (0xffffffffffff), p->seed, p->vics->len + p->scale->decoys);
  for (guint i = 0; i < p->vics->len; i++)
    {
      const VicsRef *r = &g_array_index (p->vics, VicsRef, i);
      const Out *o = family_out (r->family, 0);
      VicsMedia m = { ++id, r->category, &o->digests, o->size, r->series, r->victim };

      vics_media (json, &m);
    }
  for (guint i = 0; i < p->scale->decoys; i++)
    {
      ScrimDigests d;
      VicsMedia m = { ++id, codes[i % G_N_ELEMENTS (codes)], &d, 0, series[i % G_N_ELEMENTS (series)], i % 4 == 0 };

      decoy_digests (&rng, &d);
      m.size = rng_range (&rng, 20000, 900000);
      vics_media (json, &m);
    }
  g_string_append (json, "\n      ]\n    }\n  ]\n}\n");
  *entries = id;
  return g_string_free_to_bytes (json);
}

static const char RDS_SCHEMA[] =
  "CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL, "
  "  crc32 VARCHAR NOT NULL, file_name VARCHAR NOT NULL, file_size INTEGER NOT NULL, "
  "  package_id INTEGER NOT NULL, "
  "  PRIMARY KEY (sha256, sha1, md5, crc32, file_name, file_size, package_id));"
  "CREATE TABLE MFG (manufacturer_id INTEGER NOT NULL, name VARCHAR NOT NULL, PRIMARY KEY (manufacturer_id));"
  "CREATE TABLE OS (operating_system_id INTEGER NOT NULL, name VARCHAR NOT NULL, version VARCHAR NOT NULL, "
  "  manufacturer_id INTEGER NOT NULL, PRIMARY KEY (operating_system_id, manufacturer_id));"
  "CREATE TABLE PKG (package_id INTEGER NOT NULL, name VARCHAR NOT NULL, version VARCHAR NOT NULL, "
  "  operating_system_id INTEGER NOT NULL, manufacturer_id INTEGER NOT NULL, language VARCHAR NOT NULL, "
  "  application_type VARCHAR NOT NULL, "
  "  PRIMARY KEY (package_id, operating_system_id, manufacturer_id, language, application_type));"
  "CREATE TABLE VERSION (version VARCHAR UNIQUE NOT NULL, build_set VARCHAR NOT NULL, "
  "  build_date TIMESTAMP NOT NULL, release_date TIMESTAMP NOT NULL, description VARCHAR NOT NULL);"
  "CREATE VIEW DISTINCT_HASH AS SELECT DISTINCT sha256, sha1, md5, crc32 FROM FILE;"
  "INSERT INTO MFG VALUES (1, 'Demo Devices (synthetic)');"
  "INSERT INTO OS VALUES (1, 'DemoOS', '14', 1);"
  "INSERT INTO PKG VALUES (1, 'Demo Launcher', '3.2', 1, 1, 'English', 'Operating System');"
  "INSERT INTO PKG VALUES (2, 'Demo Asset Pack', '1.0', 1, 1, 'English', 'Multimedia');"
  "INSERT INTO VERSION VALUES ('DEMO-2026.03.1', 'modern', '2026-03-01 00:00:00', '2026-03-01 00:00:00', "
  "  '" SCRIM_DEMO_MARKER "');";

static gboolean
rds_row (sqlite3_stmt        *stmt,
         const ScrimDigests  *d,
         guint32              crc,
         const char          *name,
         gint64               size,
         int                  package,
         GError             **error)
{
  g_autofree char *sha256 = upper_hex (d->sha256, SCRIM_SHA256_LEN);
  g_autofree char *sha1 = upper_hex (d->sha1, SCRIM_SHA1_LEN);
  g_autofree char *md5 = upper_hex (d->md5, SCRIM_MD5_LEN);
  g_autofree char *crc_hex = g_strdup_printf ("%08X", crc);

  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sha1, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, md5, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, crc_hex, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, size);
  sqlite3_bind_int (stmt, 7, package);
  return _scrim_db_step_done (stmt, error);
}

static gboolean
rds_rows (Plan     *p,
          sqlite3  *db,
          guint64  *entries,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, "INSERT INTO FILE VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);",
                                                    error);
  ScrimRng rng;

  rng_init (&rng, p->seed, 0x25d3);
  for (guint i = 0; stmt != NULL && i < p->nsrl->len; i++)
    {
      Family *f = g_ptr_array_index (p->nsrl, i);
      const Out *o = family_out (f, 0);
      g_autofree char *name = g_path_get_basename (o->path);

      if (!rds_row (stmt, &o->digests, o->crc32, name, o->size, 1, error))
        return FALSE;
    }
  for (guint i = 0; stmt != NULL && i < p->scale->decoys; i++)
    {
      g_autofree char *name = g_strdup_printf ("demo_asset_%05u.dat", i + 1);
      ScrimDigests d;
      guint32 crc;

      decoy_digests (&rng, &d);
      crc = (guint32) scrim_rng_next (&rng);
      if (!rds_row (stmt, &d, crc, name, rng_range (&rng, 100, 200000), 2, error))
        return FALSE;
    }
  *entries = p->nsrl->len + p->scale->decoys;
  return stmt != NULL;
}

/* An NSRL RDSv3 "minimal" database, built in memory and serialised: the
 * bytes depend on the rows alone. */
static GBytes *
rds_list (Plan     *p,
          guint64  *entries,
          GError  **error)
{
  sqlite3 *db = NULL;
  sqlite3_int64 size = 0;
  unsigned char *data = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_DATABASE, _("cannot make the demo NSRL list: %s"),
                   sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  if (_scrim_db_exec (db, RDS_SCHEMA, error) && _scrim_db_exec (db, "BEGIN;", error)
      && rds_rows (p, db, entries, error) && _scrim_db_exec (db, "COMMIT;", error))
    data = sqlite3_serialize (db, "main", &size, 0);
  if (data == NULL && error != NULL && *error == NULL)
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_DATABASE, _("cannot serialise the demo NSRL list"));
  sqlite3_close (db);
  if (data == NULL)
    return NULL;
  return g_bytes_new_with_free_func (data, size, sqlite3_free, data);
}

static void
hashdeep_row (GString            *out,
              gint64              size,
              const ScrimDigests *d,
              const char         *name)
{
  g_autofree char *md5 = scrim_hex_encode (d->md5, SCRIM_MD5_LEN);
  g_autofree char *sha256 = scrim_hex_encode (d->sha256, SCRIM_SHA256_LEN);

  g_string_append_printf (out, "%" G_GINT64_FORMAT ",%s,%s,/demo/system/media/wallpapers/%s\n", size, md5, sha256,
                          name);
}

static GBytes *
hashdeep_list (Plan    *p,
               guint64 *entries)
{
  GString *out = g_string_new ("%%%% HASHDEEP-1.0\n%%%% size,md5,sha256,filename\n"
                               "## " SCRIM_DEMO_MARKER "\n"
                               "## Invoked from: /demo\n## $ hashdeep -r -c md5,sha256 system/media\n##\n");
  guint n_decoys = p->scale->decoys / 4;
  ScrimRng rng;

  rng_init (&rng, p->seed, 0x4ade);
  for (guint i = 0; i < p->hashdeep->len; i++)
    {
      const Out *o = family_out (g_ptr_array_index (p->hashdeep, i), 0);
      g_autofree char *name = g_path_get_basename (o->path);

      hashdeep_row (out, o->size, &o->digests, name);
    }
  for (guint i = 0; i < n_decoys; i++)
    {
      g_autofree char *name = g_strdup_printf ("demo_stock_%04u.jpg", i + 1);
      ScrimDigests d;

      decoy_digests (&rng, &d);
      hashdeep_row (out, rng_range (&rng, 40000, 900000), &d, name);
    }
  *entries = p->hashdeep->len + n_decoys;
  return g_string_free_to_bytes (out);
}

static GBytes *
pdq_list (Plan    *p,
          guint64 *entries)
{
  GString *out = g_string_new ("# " SCRIM_DEMO_MARKER "\n"
                               "# PDQ hashes of DEMO SERIES A, written by scrim demo: hash,quality,label\n");
  guint n_decoys = p->scale->decoys / 4;
  char hex[SCRIM_PDQ_HEX_LEN + 1];
  ScrimRng rng;

  rng_init (&rng, p->seed, 0x9d9);
  for (guint i = 0; i < p->series_a->len; i++)
    {
      Family *f = g_ptr_array_index (p->series_a, i);

      scrim_pdq_to_hex (&f->pdq, hex);
      g_string_append_printf (out, "%s,%d,%s\n", hex, f->pdq_quality, f->label);
    }
  for (guint i = 0; i < n_decoys; i++)
    {
      ScrimPdqHash hash;

      for (guint w = 0; w < G_N_ELEMENTS (hash.w); w++)
        hash.w[w] = (guint16) scrim_rng_next (&rng);
      scrim_pdq_to_hex (&hash, hex);
      g_string_append_printf (out, "%s,100,DEMO DECOY %05u\n", hex, i + 1);
    }
  *entries = p->series_a->len + n_decoys;
  return g_string_free_to_bytes (out);
}

static GBytes *
list_bytes (Plan     *p,
            guint     which,
            guint64  *entries,
            GError  **error)
{
  switch (which)
    {
    case LIST_VICS:
      return vics_list (p, entries);
    case LIST_NSRL:
      return rds_list (p, entries, error);
    case LIST_HASHDEEP:
      return hashdeep_list (p, entries);
    case LIST_PDQ:
    default:
      return pdq_list (p, entries);
    }
}

/* Writes the files of DIR/lists, recording each list in the manifest. */
static gboolean
write_lists (Plan               *p,
             const char         *dir,
             ScrimDemoManifest  *manifest,
             GError            **error)
{
  g_autofree char *folder = g_build_filename (dir, "lists", NULL);

  for (guint i = 0; i < N_LISTS; i++)
    {
      g_autofree char *path = g_build_filename (dir, list_specs[i].file, NULL);
      g_autoptr(GBytes) bytes = NULL;
      ScrimDemoList *list = g_new0 (ScrimDemoList, 1);

      list->name = g_strdup (list_specs[i].name);
      list->file = g_strdup (list_specs[i].file);
      list->format = g_strdup (scrim_list_format_to_string (list_specs[i].format));
      list->kind = g_strdup (scrim_list_kind_to_string (list_specs[i].kind));
      g_ptr_array_add (manifest->lists, list);
      bytes = list_bytes (p, i, &list->entries, error);
      if (bytes == NULL || !scrim_synth_write_file (path, bytes, FIXED_MTIME, error))
        return FALSE;
    }
  return stamp (folder, error);
}

/* ------------------------------------------------------------------ */
/* The manifest                                                        */
/* ------------------------------------------------------------------ */

void
scrim_demo_match_free (ScrimDemoMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->path);
  g_free (match->klass);
  g_free (match->match_kind);
  g_free (match);
}

void
scrim_demo_series_free (ScrimDemoSeries *series)
{
  if (series == NULL)
    return;
  g_free (series->name);
  g_free (series);
}

void
scrim_demo_list_free (ScrimDemoList *list)
{
  if (list == NULL)
    return;
  g_free (list->name);
  g_free (list->file);
  g_free (list->format);
  g_free (list->kind);
  g_free (list);
}

void
scrim_demo_manifest_free (ScrimDemoManifest *manifest)
{
  if (manifest == NULL)
    return;
  g_ptr_array_unref (manifest->matches);
  g_ptr_array_unref (manifest->series);
  g_ptr_array_unref (manifest->session);
  g_ptr_array_unref (manifest->session_queued);
  g_ptr_array_unref (manifest->lists);
  g_free (manifest);
}

static ScrimDemoManifest *
manifest_new (const ScrimDemoOptions *options)
{
  ScrimDemoManifest *m = g_new0 (ScrimDemoManifest, 1);

  m->size = options->size;
  m->seed = options->seed;
  m->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_demo_match_free);
  m->series = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_demo_series_free);
  m->session = g_ptr_array_new_with_free_func (g_free);
  m->session_queued = g_ptr_array_new_with_free_func (g_free);
  m->lists = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_demo_list_free);
  return m;
}

/* The most severe class of "a|b" (the match writes it first). */
static ScrimClass
primary_class (const char *klass)
{
  g_autofree char *first = g_strndup (klass, strcspn (klass, "|"));
  ScrimClass c = SCRIM_CLASS_UNCATEGORISED;

  scrim_class_from_string (first, &c);
  return c;
}

static ScrimDemoMatch *
match_new (const char *path,
           gssize      path_len,
           const char *klass,
           const char *match_kind,
           int         pdq_distance,
           gboolean    conflict,
           gboolean    ignorable)
{
  ScrimDemoMatch *m = g_new0 (ScrimDemoMatch, 1);

  m->path = path_len < 0 ? g_strdup (path) : g_strndup (path, path_len);
  m->klass = g_strdup (klass);
  m->match_kind = g_strdup (match_kind);
  m->pdq_distance = pdq_distance;
  m->conflict = conflict;
  m->ignorable = ignorable;
  return m;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const ScrimDemoMatch *x = *(ScrimDemoMatch * const *) a, *y = *(ScrimDemoMatch * const *) b;

  return strcmp (x->path, y->path);
}

/* The counts of a list of matches: the same rules for planted and found. */
static void
tally (GPtrArray *matches,
       guint64    by_class[SCRIM_N_CLASSES],
       guint64   *exact,
       guint64   *pdq_only,
       guint64   *conflicts,
       guint64   *ignorable)
{
  g_ptr_array_sort (matches, compare_matches);
  for (guint i = 0; i < matches->len; i++)
    {
      const ScrimDemoMatch *m = g_ptr_array_index (matches, i);

      by_class[primary_class (m->klass)]++;
      *exact += g_strcmp0 (m->match_kind, "exact") == 0;
      *pdq_only += g_strcmp0 (m->match_kind, "pdq") == 0;
      *conflicts += m->conflict;
      *ignorable += m->ignorable;
    }
}

static void
manifest_files (Plan              *p,
                ScrimDemoManifest *m)
{
  guint64 graded_images = 0;

  for (guint i = 0; i < p->families->len; i++)
    {
      Family *f = g_ptr_array_index (p->families, i);

      for (guint k = 0; k < f->outs->len; k++)
        {
          const Out *o = family_out (f, k);

          if (o->path == NULL)
            continue;
          m->n_files++;
          m->by_status[o->status]++;
          if (o->klass == NULL)
            continue;
          graded_images += o->status == SCRIM_STATUS_OK;
          g_ptr_array_add (m->matches, match_new (o->path, -1, o->klass, o->by_pdq ? "pdq" : "exact",
                                                  o->by_pdq ? o->pdq_distance : -1, o->conflict,
                                                  !o->conflict && scrim_class_is_ignorable (primary_class (o->klass))));
        }
    }
  m->unknown = m->by_status[SCRIM_STATUS_OK] - graded_images;
  tally (m->matches, m->by_class, &m->exact, &m->pdq_only, &m->conflicts, &m->ignorable);
}

static ScrimDemoSeries *
series_find (GPtrArray  *series,
             const char *name)
{
  ScrimDemoSeries *s;

  for (guint i = 0; i < series->len; i++)
    if (strcmp (((ScrimDemoSeries *) g_ptr_array_index (series, i))->name, name) == 0)
      return g_ptr_array_index (series, i);
  s = g_new0 (ScrimDemoSeries, 1);
  s->name = g_strdup (name);
  g_ptr_array_add (series, s);
  return s;
}

static int
compare_series (gconstpointer a,
                gconstpointer b)
{
  const ScrimDemoSeries *x = *(ScrimDemoSeries * const *) a, *y = *(ScrimDemoSeries * const *) b;

  return strcmp (x->name, y->name);
}

/* Series on the device: listed pictures (one each: copies are the same
 * content), and the planted session as possible new material of B. */
static void
manifest_series (Plan              *p,
                 ScrimDemoManifest *m)
{
  for (guint i = 0; i < p->vics->len; i++)
    {
      const VicsRef *r = &g_array_index (p->vics, VicsRef, i);

      if (r->series != NULL && family_out (r->family, 0)->path != NULL)
        series_find (m->series, r->series)->listed++;
    }
  series_find (m->series, "DEMO SERIES B")->possible_new = p->session_queued->len;
  g_ptr_array_sort (m->series, compare_series);
  for (guint i = 0; i < p->session->len; i++)
    g_ptr_array_add (m->session, g_strdup (g_ptr_array_index (p->session, i)));
  for (guint i = 0; i < p->session_queued->len; i++)
    g_ptr_array_add (m->session_queued, g_strdup (g_ptr_array_index (p->session_queued, i)));
}

/* Creates dir, which must not exist (its parents may not either). A
 * trailing slash is dropped first: "new/" must not make "new" as its own
 * parent and then find it existing. */
static gboolean
make_new_folder (const char  *dir,
                 GError     **error)
{
  g_autofree char *trimmed = g_strdup (dir);
  g_autofree char *parent = NULL;
  gsize len = strlen (trimmed);
  int saved;

  while (len > 1 && trimmed[len - 1] == G_DIR_SEPARATOR)
    trimmed[--len] = '\0';
  parent = g_path_get_dirname (trimmed);
  if (g_mkdir_with_parents (parent, 0755) == 0 && g_mkdir (trimmed, 0755) == 0)
    return TRUE;
  saved = errno;
  if (saved == EEXIST)
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                 _("%s already exists: the demo never writes into an existing folder (name a new one)"), dir);
  else
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot create %s: %s"), dir, g_strerror (saved));
  return FALSE;
}

/*
** Generates the demo in dir, a folder that must not exist yet (an existing
** one, or a file there, is refused with SCRIM_ERROR_INVALID and left
** untouched): the synthetic device in dir/evidence and the DEMO-marked
** lists in dir/lists (VICS 2.0 US JSON, NSRL RDSv3 SQLite, hashdeep, PDQ).
** The same options->size and options->seed give byte-identical files with
** identical modification times, whatever options->jobs.
**
** Returns the manifest of what was planted (free with
** scrim_demo_manifest_free()), or NULL with error set on failure or
** cancellation, leaving what was written so far.
*/
ScrimDemoManifest *
scrim_demo_generate (const char              *dir,
                     const ScrimDemoOptions  *options,
                     GCancellable            *cancellable,
                     GError                 **error)
{
  g_autoptr(Plan) plan = NULL;
  g_autoptr(ScrimDemoManifest) manifest = NULL;
  g_autofree char *evidence = NULL;

  g_return_val_if_fail (dir != NULL && options != NULL, NULL);
  g_return_val_if_fail ((guint) options->size < G_N_ELEMENTS (scales), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!make_new_folder (dir, error))
    return NULL;
  evidence = g_build_filename (dir, "evidence", NULL);
  plan = plan_new (options);
  plan_device (plan);
  manifest = manifest_new (options);
  if (!render_all (plan, evidence, options->jobs, cancellable, error)
      || !stamp_folders (evidence, plan->paths, error)
      || !write_lists (plan, dir, manifest, error))
    return NULL;
  manifest_files (plan, manifest);
  manifest_series (plan, manifest);
  return g_steal_pointer (&manifest);
}

/* ------------------------------------------------------------------ */
/* The pipeline                                                        */
/* ------------------------------------------------------------------ */

void
scrim_demo_queued_free (ScrimDemoQueued *queued)
{
  if (queued == NULL)
    return;
  g_free (queued->path);
  g_free (queued->display);
  g_strfreev (queued->reasons);
  g_free (queued);
}

void
scrim_demo_report_free (ScrimDemoReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->manifest, scrim_demo_manifest_free);
  g_free (report->dir);
  g_free (report->evidence);
  g_free (report->library_path);
  g_free (report->case_path);
  g_ptr_array_unref (report->matches);
  g_ptr_array_unref (report->series);
  g_ptr_array_unref (report->queue);
  g_free (report);
}

static ScrimDemoReport *
report_new (const char *dir)
{
  ScrimDemoReport *r = g_new0 (ScrimDemoReport, 1);

  r->dir = g_strdup (dir);
  r->evidence = g_build_filename (dir, "evidence", NULL);
  r->library_path = g_build_filename (dir, "library.db", NULL);
  r->case_path = g_build_filename (dir, "demo.scrim", NULL);
  r->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_demo_match_free);
  r->series = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_demo_series_free);
  r->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_demo_queued_free);
  return r;
}

static void
step (const ScrimDemoOptions *options,
      const char             *what)
{
  if (options->progress != NULL)
    options->progress (what, options->progress_data);
}

static double
seconds_since (gint64 started)
{
  return (g_get_monotonic_time () - started) / 1e6;
}

static gboolean
import_lists (ScrimDemoReport  *r,
              ScrimLibrary     *library,
              GError          **error)
{
  for (guint i = 0; i < N_LISTS; i++)
    {
      const ListSpec *spec = &list_specs[i];
      g_autofree char *path = g_build_filename (r->dir, spec->file, NULL);
      const char *files[] = { path, NULL };
      ScrimImportOptions options = { spec->format, spec->kind, TRUE, NULL, NULL, TRUE, SCRIM_DEMO_EXAMINER };
      ScrimImportReport report = { 0 };
      gboolean ok = scrim_library_import (library, spec->name, files, &options, &report, NULL, error);
      gboolean demo = report.demo;

      scrim_import_report_clear (&report);
      if (!ok)
        return FALSE;
      if (!demo)
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED, _("%s lacks its DEMO marker"), path);
          return FALSE;
        }
    }
  return TRUE;
}

static ScrimCase *
create_case (ScrimDemoReport  *r,
             GError          **error)
{
  g_autofree char *number = g_strdup_printf ("DEMO-%04" G_GUINT64_FORMAT, r->manifest->seed);
  ScrimCaseInfo info = { number, SCRIM_DEMO_EXAMINER };
  g_autoptr(ScrimCase) scase = scrim_case_open (r->case_path, SCRIM_CASE_OPEN_CREATE, &info, error);

  if (scase == NULL || !scrim_case_set_meta (scase, SCRIM_DEMO_CASE_META, "1", error)
      || !scrim_case_set_meta (scase, "seizure_date", SCRIM_DEMO_SEIZURE_DATE, error))
    return NULL;
  return g_steal_pointer (&scase);
}

static gboolean
ingest (ScrimDemoReport         *r,
        ScrimCase               *scase,
        const ScrimDemoOptions  *options,
        GCancellable            *cancellable,
        GError                 **error)
{
  g_autoptr(ScrimIngest) ingest = scrim_ingest_new (scase);

  scrim_ingest_set_jobs (ingest, options->jobs);
  return scrim_ingest_add_source (ingest, r->evidence, SCRIM_DEMO_EXHIBIT, error)
         && scrim_ingest_run (ingest, cancellable, error);
}

static gboolean
match_and_group (ScrimDemoReport         *r,
                 ScrimCase               *scase,
                 ScrimLibrary            *library,
                 const ScrimDemoOptions  *options,
                 GCancellable            *cancellable,
                 GError                 **error)
{
  ScrimMatchOptions match_options = SCRIM_MATCH_OPTIONS_INIT;
  ScrimGroupOptions group_options = SCRIM_GROUP_OPTIONS_INIT;
  ScrimGroupReport group_report = { { 0 } };
  gint64 started = g_get_monotonic_time ();

  match_options.jobs = group_options.jobs = options->jobs;
  step (options, "matching");
  if (!scrim_match_case (scase, library, &match_options, NULL, cancellable, error))
    return FALSE;
  r->seconds_match = seconds_since (started);
  step (options, "grouping");
  started = g_get_monotonic_time ();
  if (!scrim_case_group (scase, &group_options, &group_report, cancellable, error))
    return FALSE;
  r->seconds_group = seconds_since (started);
  memcpy (r->groups, group_report.groups, sizeof r->groups);
  r->queued = group_report.queued;
  return TRUE;
}

/* ---- what the case holds ---- */

static const char FILES_SQL[] =
  "SELECT COALESCE (f.status, i.status), f.path, c.class, c.match_kind, c.pdq_distance, c.conflict, c.ignorable "
  "FROM file f LEFT JOIN item i ON i.id = f.item_id LEFT JOIN item_category c ON c.item_id = f.item_id;";

static gboolean
report_files (ScrimDemoReport  *r,
              sqlite3          *db,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, FILES_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimStatus status = SCRIM_STATUS_READ_ERROR;
      const char *klass = (const char *) sqlite3_column_text (stmt, 2);
      gboolean graded = klass != NULL && strcmp (klass, "uncategorised") != 0;

      scrim_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &status);
      r->n_files++;
      r->by_status[status]++;
      r->unknown += status == SCRIM_STATUS_OK && !graded;
      if (klass == NULL)
        continue;
      g_ptr_array_add (r->matches, match_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), klass,
                                              (const char *) sqlite3_column_text (stmt, 3),
                                              sqlite3_column_type (stmt, 4) == SQLITE_NULL
                                              ? -1 : sqlite3_column_int (stmt, 4),
                                              sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6)));
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the demo case's files"));
  tally (r->matches, r->by_class, &r->exact, &r->pdq_only, &r->conflicts, &r->ignorable);
  return TRUE;
}

static gboolean
report_series (ScrimDemoReport  *r,
               sqlite3          *db,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _scrim_db_prepare (db, "SELECT json_extract (detail, '$.series'), json_extract (detail, '$.matched'), "
                                "json_extract (detail, '$.possible_new') FROM grp WHERE kind = 'series';", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimDemoSeries *s = series_find (r->series, (const char *) sqlite3_column_text (stmt, 0));

      s->listed += sqlite3_column_int64 (stmt, 1);
      s->possible_new += sqlite3_column_int64 (stmt, 2);
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the demo case's series"));
  g_ptr_array_sort (r->series, compare_series);
  return TRUE;
}

/* "signal +weight: why", one a reason of a queue entry. */
static char **
reason_lines (sqlite3    *db,
              const char *reasons)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();

  if (sqlite3_prepare_v2 (db, "SELECT json_extract (value, '$.signal'), json_extract (value, '$.weight'), "
                              "json_extract (value, '$.why') FROM json_each (?1);", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, reasons, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          char weight[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (weight, sizeof weight, "%+.2f", sqlite3_column_double (stmt, 1));
          g_ptr_array_add (lines, g_strdup_printf ("%s %s: %s", sqlite3_column_text (stmt, 0), weight,
                                                   sqlite3_column_text (stmt, 2)));
        }
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

static char *
first_path (sqlite3 *db,
            gint64   item_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT path FROM file WHERE item_id = ?1 ORDER BY source_id, path LIMIT 1;", -1,
                          &stmt, NULL) != SQLITE_OK)
    return g_strdup ("");
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");
  return g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

static gboolean
report_queue (ScrimDemoReport  *r,
              ScrimCase        *scase,
              sqlite3          *db,
              GError          **error)
{
  guint limit = MAX (10, r->manifest->session_queued->len + 2);
  g_autoptr(GPtrArray) entries = scrim_case_queue (scase, limit, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const ScrimQueueEntry *e = g_ptr_array_index (entries, i);
      ScrimDemoQueued *q = g_new0 (ScrimDemoQueued, 1);

      q->path = first_path (db, e->item_id);
      q->display = g_strdup (e->path);
      q->score = e->score;
      q->reasons = reason_lines (db, e->reasons);
      g_ptr_array_add (r->queue, q);
    }
  return TRUE;
}

static gboolean
fill_report (ScrimDemoReport  *r,
             ScrimCase        *scase,
             GError          **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);

  return report_files (r, db, error) && report_series (r, db, error) && report_queue (r, scase, db, error);
}

/*
** Runs the demo end to end in dir (a folder that must not exist yet; see
** scrim_demo_generate()): generates the device and the lists, imports the
** lists into a new demo library dir/library.db (never the workstation's),
** creates the demo case dir/demo.scrim (case number DEMO-<seed>, examiner
** SCRIM_DEMO_EXAMINER, meta demo=1, seizure date SCRIM_DEMO_SEIZURE_DATE),
** ingests dir/evidence (exhibit SCRIM_DEMO_EXHIBIT), matches and groups.
** After generation nothing writes into dir/evidence.
**
** On success returns TRUE and *report: what was found beside the manifest
** (free with scrim_demo_report_free()). On failure or cancellation returns
** FALSE with error set, leaving what was made so far.
*/
gboolean
scrim_demo_run (const char              *dir,
                const ScrimDemoOptions  *options,
                ScrimDemoReport        **report,
                GCancellable            *cancellable,
                GError                 **error)
{
  g_autoptr(ScrimDemoReport) r = NULL;
  g_autoptr(ScrimLibrary) library = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 t;

  g_return_val_if_fail (dir != NULL && options != NULL && report != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  r = report_new (dir);
  step (options, "generating");
  if ((r->manifest = scrim_demo_generate (dir, options, cancellable, error)) == NULL)
    return FALSE;
  r->seconds_generate = seconds_since (started);
  step (options, "importing");
  t = g_get_monotonic_time ();
  if ((library = scrim_library_open (r->library_path, error)) == NULL || !import_lists (r, library, error))
    return FALSE;
  r->seconds_import = seconds_since (t);
  step (options, "ingesting");
  t = g_get_monotonic_time ();
  if ((scase = create_case (r, error)) == NULL || !ingest (r, scase, options, cancellable, error))
    return FALSE;
  r->seconds_ingest = seconds_since (t);
  if (!match_and_group (r, scase, library, options, cancellable, error) || !fill_report (r, scase, error))
    return FALSE;
  r->seconds_total = seconds_since (started);
  *report = g_steal_pointer (&r);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Planted against found                                               */
/* ------------------------------------------------------------------ */

static void
compare_count (GString    *d,
               const char *what,
               guint64     planted,
               guint64     found)
{
  if (planted != found)
    g_string_append_printf (d, "%s: planted %" G_GUINT64_FORMAT ", found %" G_GUINT64_FORMAT "\n", what, planted,
                            found);
}

static void
describe_match (GString              *d,
                const char           *what,
                const ScrimDemoMatch *m)
{
  g_autofree char *shown = scrim_text_display (m->path, -1);

  g_string_append_printf (d, "%s %s: %s (%s", what, shown, m->klass, m->match_kind);
  if (m->pdq_distance >= 0)
    g_string_append_printf (d, " %d", m->pdq_distance);
  g_string_append_printf (d, "%s%s)\n", m->conflict ? ", conflict" : "", m->ignorable ? ", ignorable" : "");
}

static gboolean
same_match (const ScrimDemoMatch *a,
            const ScrimDemoMatch *b)
{
  return g_strcmp0 (a->klass, b->klass) == 0 && g_strcmp0 (a->match_kind, b->match_kind) == 0
         && a->pdq_distance == b->pdq_distance && a->conflict == b->conflict && a->ignorable == b->ignorable;
}

/* Both sorted by path: a merge. */
static void
compare_match_lists (GString   *d,
                     GPtrArray *planted,
                     GPtrArray *found)
{
  guint i = 0, k = 0;

  while (i < planted->len || k < found->len)
    {
      const ScrimDemoMatch *p = i < planted->len ? g_ptr_array_index (planted, i) : NULL;
      const ScrimDemoMatch *f = k < found->len ? g_ptr_array_index (found, k) : NULL;
      int order = p == NULL ? 1 : f == NULL ? -1 : strcmp (p->path, f->path);

      if (order < 0)
        describe_match (d, "planted, not found:", p), i++;
      else if (order > 0)
        describe_match (d, "found, not planted:", f), k++;
      else
        {
          if (!same_match (p, f))
            {
              describe_match (d, "planted:", p);
              describe_match (d, "  found:", f);
            }
          i++, k++;
        }
    }
}

static void
compare_series_lists (GString   *d,
                      GPtrArray *planted,
                      GPtrArray *found)
{
  for (guint i = 0; i < planted->len; i++)
    {
      const ScrimDemoSeries *p = g_ptr_array_index (planted, i);
      g_autofree char *listed = g_strdup_printf ("series %s, listed", p->name);
      g_autofree char *fresh = g_strdup_printf ("series %s, possible new material", p->name);
      ScrimDemoSeries *f = NULL;

      for (guint k = 0; k < found->len && f == NULL; k++)
        if (strcmp (((ScrimDemoSeries *) g_ptr_array_index (found, k))->name, p->name) == 0)
          f = g_ptr_array_index (found, k);
      compare_count (d, listed, p->listed, f ? f->listed : 0);
      compare_count (d, fresh, p->possible_new, f ? f->possible_new : 0);
    }
  compare_count (d, "series", planted->len, found->len);
}

/* The planted session's unknown images lead the queue. */
static void
compare_queue (GString                 *d,
               const ScrimDemoManifest *m,
               GPtrArray               *queue)
{
  for (guint i = 0; i < m->session_queued->len; i++)
    {
      const ScrimDemoQueued *q = i < queue->len ? g_ptr_array_index (queue, i) : NULL;
      gboolean planted = FALSE;

      for (guint k = 0; q != NULL && k < m->session_queued->len; k++)
        planted |= strcmp (q->path, g_ptr_array_index (m->session_queued, k)) == 0;
      if (!planted)
        g_string_append_printf (d, "queue entry %u: %s, not the planted session\n", i + 1,
                                q ? q->display : "missing");
    }
}

/*
** Compares what the pipeline found with what was planted: files and their
** statuses, every match file by file (class, exact or PDQ, distance,
** conflict, ignorable), the counts, the series, and the planted session
** leading the queue. Appends one line per difference to differences (may
** be NULL). Returns TRUE when they agree.
*/
gboolean
scrim_demo_report_agrees (const ScrimDemoReport *report,
                          GString               *differences)
{
  const ScrimDemoManifest *m;
  g_autoptr(GString) d = g_string_new (NULL);

  g_return_val_if_fail (report != NULL && report->manifest != NULL, FALSE);

  m = report->manifest;
  compare_count (d, "files", m->n_files, report->n_files);
  for (int s = 0; s < SCRIM_N_STATUS; s++)
    compare_count (d, scrim_status_to_string (s), m->by_status[s], report->by_status[s]);
  compare_match_lists (d, m->matches, report->matches);
  for (int c = 0; c < SCRIM_N_CLASSES; c++)
    compare_count (d, scrim_class_to_string (c), m->by_class[c], report->by_class[c]);
  compare_count (d, "exact", m->exact, report->exact);
  compare_count (d, "pdq only", m->pdq_only, report->pdq_only);
  compare_count (d, "conflicts", m->conflicts, report->conflicts);
  compare_count (d, "ignorable", m->ignorable, report->ignorable);
  compare_count (d, "unknown", m->unknown, report->unknown);
  compare_series_lists (d, m->series, report->series);
  compare_queue (d, m, report->queue);
  if (differences != NULL)
    g_string_append (differences, d->str);
  return d->len == 0;
}
