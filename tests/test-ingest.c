/* test-ingest.c: the ingest engine through the core API
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "scrim-core.h"
#include "scrim-ingest-private.h"
#include "scrim-test-util.h"

static char *tmp;

typedef struct
{
  char      *root;
  char      *case_path;
  ScrimCase *scase;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("ev%u", ++n);
  g_autofree char *case_name = g_strdup_printf ("case%u.scrim", n);

  f->root = g_build_filename (tmp, name, NULL);
  f->case_path = g_build_filename (tmp, case_name, NULL);
  f->scase = scrim_case_open (f->case_path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->scase);
  g_free (f->root);
  g_free (f->case_path);
}

static ScrimIngestProgress
ingest (Fixture  *f,
        guint     jobs,
        GError  **error)
{
  g_autoptr(ScrimIngest) ingest = scrim_ingest_new (f->scase);
  ScrimIngestProgress p;

  scrim_ingest_set_jobs (ingest, jobs);
  g_assert_true (scrim_ingest_add_source (ingest, f->root, "EX-1", NULL));
  scrim_ingest_run (ingest, NULL, error);
  scrim_ingest_get_progress (ingest, &p);
  return p;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->case_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->case_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static gboolean
collect_line (const char *line,
              gsize       len,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strndup (line, len));
  return TRUE;
}

/* The case's rows, as `scrim files` prints them. */
static GPtrArray *
rows (Fixture *f)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (scrim_files_write (f->scase, SCRIM_FILES_TSV, collect_line, lines, &error));
  g_assert_no_error (error);
  return lines;
}

static const char *
row_for (GPtrArray  *lines,
         const char *path)
{
  g_autofree char *needle = g_strdup_printf ("\t%s\t", path);

  for (guint i = 1; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), needle) != NULL)
      return g_ptr_array_index (lines, i);
  g_error ("no row for %s", path);
  return NULL;
}

static char *
field (const char *row,
       guint       index)
{
  g_auto(GStrv) fields = g_strsplit (row, "\t", -1);

  g_assert_cmpuint (g_strv_length (fields), ==, 24);
  return g_strdup (fields[index]);
}

static void
file_digest (const char    *path,
             GChecksumType  type,
             char         **out)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  *out = g_compute_checksum_for_data (type, (const guint8 *) contents, len);
}

static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *oriented = g_build_filename (f->root, "DCIM/rotated.jpg", NULL);
  g_autofree char *md5 = NULL;
  g_autofree char *sha1 = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *value = NULL;
  ScrimExif exif = { 0 };
  ScrimIngestProgress p;

  scrim_test_make_evidence (f->root, 10, 7);
  exif.make = (char *) "Synthetic";
  exif.model = (char *) "Rotator";
  exif.serial = (char *) "SN-0042";
  exif.datetime_original = (char *) "2026:11:01 08:15:00";
  exif.orientation = 6;
  exif.has_orientation = TRUE;
  exif.gps_lat = 52.0907374;
  exif.gps_lon = -5.1214209;
  exif.has_gps = TRUE;
  scrim_test_write_jpeg (oriented, 640, 480, 99, &exif);

  p = ingest (f, 2, &error);
  g_assert_no_error (error);
  /* 10 images, rotated.jpg, notes, empty, copy, truncated. */
  g_assert_cmpuint (p.files_done, ==, 15);
  g_assert_cmpuint (p.files_skipped, ==, 0);
  g_assert_cmpuint (p.by_status[SCRIM_STATUS_OK], ==, 12);
  g_assert_cmpuint (p.by_status[SCRIM_STATUS_NOT_IMAGE], ==, 2);
  g_assert_cmpuint (p.by_status[SCRIM_STATUS_CORRUPT], ==, 1);

  /* The exact copy is one item with two locations. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM file;"), ==, 15);
  g_assert_cmpint (count (f, "SELECT count(*) FROM item;"), ==, 14);
  g_assert_cmpint (count (f, "SELECT count(*) FROM thumbnail;"), ==, 11);

  lines = rows (f);
  g_assert_cmpuint (lines->len, ==, 16);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                   "source\tpath\tsize\tmd5\tsha1\tsha256\ttype\tstatus\twidth\theight\texif_make\t"
                   "exif_model\texif_serial\texif_datetime_original\texif_orientation\tgps_lat\tgps_lon\t"
                   "pdq\tpdq_quality\tcategory\tcategory_source\tmatch_kind\tpdq_distance\tconflict");

  file_digest (oriented, G_CHECKSUM_MD5, &md5);
  file_digest (oriented, G_CHECKSUM_SHA1, &sha1);
  file_digest (oriented, G_CHECKSUM_SHA256, &sha256);
  {
    GStatBuf st;
    g_autofree char *expected = NULL;
    g_autofree char *contents = NULL;
    g_autoptr(ScrimAnalysis) a = NULL;
    char pdq_hex[SCRIM_PDQ_HEX_LEN + 1];
    gsize len = 0;
    int pdq_quality;

    /* The PDQ columns hold the hash of the same reduced decode. */
    g_assert_true (g_file_get_contents (oriented, &contents, &len, NULL));
    a = scrim_analyze ((const guint8 *) contents, len, TRUE, len, NULL);
    g_assert_true (a->has_pdq);
    scrim_pdq_to_hex (&a->pdq[0].hash, pdq_hex);
    pdq_quality = a->pdq[0].quality;

    g_assert_cmpint (g_stat (oriented, &st), ==, 0);
    expected = g_strdup_printf ("EX-1\tDCIM/rotated.jpg\t%lld\t%s\t%s\t%s\tjpeg\tok\t640\t480\t"
                                "Synthetic\tRotator\tSN-0042\t2026:11:01 08:15:00\t6\t"
                                "52.0907374\t-5.1214209\t%s\t%d\t\t\t\t\t", (long long) st.st_size, md5, sha1, sha256,
                                pdq_hex, pdq_quality);

    g_assert_cmpstr (row_for (lines, "DCIM/rotated.jpg"), ==, expected);
  }

  value = field (row_for (lines, "Download/truncated.jpg"), 7);
  g_assert_cmpstr (value, ==, "corrupt");
  g_clear_pointer (&value, g_free);
  value = field (row_for (lines, "Documents/empty.dat"), 5);
  g_assert_cmpstr (value, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_clear_pointer (&value, g_free);
  value = field (row_for (lines, "Documents/notes.txt"), 6);
  g_assert_cmpstr (value, ==, "other");

  /* The thumbnail has EXIF orientation 6 applied: 640x480 stands up. */
  g_assert_cmpint (count (f, "SELECT t.width FROM thumbnail t JOIN file f ON f.item_id = t.item_id "
                             "WHERE f.path = CAST ('DCIM/rotated.jpg' AS BLOB);"), ==, 192);
  g_assert_cmpint (count (f, "SELECT t.height FROM thumbnail t JOIN file f ON f.item_id = t.item_id "
                             "WHERE f.path = CAST ('DCIM/rotated.jpg' AS BLOB);"), ==, 256);
}

static void
test_thumbnail_decodes (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->root, "wide.png", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  ScrimDecodeResult result = { 0 };

  scrim_test_write_png (png, 1000, 300, 4, 3);
  ingest (f, 1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (f->case_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT width, height, jpeg FROM thumbnail;", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 256);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 77);
  scrim_image_decode (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2), NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  g_assert_cmpint (result.type, ==, SCRIM_FILE_TYPE_JPEG);
  g_assert_cmpuint (result.width, ==, 256);
  g_assert_cmpuint (result.height, ==, 77);
  scrim_decode_result_clear (&result);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_resume_skips (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  ScrimIngestProgress p;

  scrim_test_make_evidence (f->root, 6, 11);
  ingest (f, 2, &error);
  g_assert_no_error (error);
  before = rows (f);

  p = ingest (f, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p.files_done, ==, 0);
  g_assert_cmpuint (p.files_skipped, ==, 10);
  g_assert_cmpuint (p.bytes_done, ==, 0);
  after = rows (f);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE entry LIKE '%\"action\":\"ingest-finished\"%';"), ==, 2);
}

/* Facts written by an older analysis are filled in by the next run, which
 * reads those files once more and duplicates nothing. */
static void
test_resume_refreshes_old_facts (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  sqlite3 *db = NULL;
  ScrimIngestProgress p;

  scrim_test_make_evidence (f->root, 6, 12);
  ingest (f, 2, &error);
  g_assert_no_error (error);
  before = rows (f);

  g_assert_cmpint (sqlite3_open (f->case_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE item SET facts_version = 0 WHERE type = 'png';"
                                     "DELETE FROM thumbnail WHERE item_id IN (SELECT id FROM item WHERE type = 'png');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  p = ingest (f, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p.files_done, ==, 1);       /* the one PNG of six images */
  g_assert_cmpuint (p.files_skipped, ==, 9);
  g_assert_cmpint (count (f, "SELECT count(*) FROM thumbnail;"), ==, 6);
  g_assert_cmpint (count (f, "SELECT min (facts_version) FROM item;"), ==, SCRIM_FACTS_VERSION);
  after = rows (f);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
}

/* A case made before PDQ gains it on the next run of the same ingest: each
 * file is read once more, nothing is duplicated, and a third run reads
 * nothing. */
static void
test_resume_adds_pdq (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  ScrimIngestProgress first, second, third;

  scrim_test_make_evidence (f->root, 6, 14);
  first = ingest (f, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM item WHERE status = 'ok' AND pdq IS NULL;"), ==, 0);

  g_assert_cmpint (sqlite3_open (f->case_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE item SET facts_version = 1, pdq = NULL, pdq_quality = NULL, "
                                     "pdq_unreliable = NULL, pdq_dihedral = NULL;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  second = ingest (f, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second.files_done, ==, first.files_done);
  g_assert_cmpuint (second.bytes_done, ==, first.bytes_done);
  g_assert_cmpint (count (f, "SELECT count(*) FROM item WHERE status = 'ok' AND pdq IS NULL;"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM item WHERE status = 'ok' "
                             "AND length (pdq_dihedral) = 224 AND pdq_quality BETWEEN 0 AND 100;"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM file;"), ==, 10);

  third = ingest (f, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third.files_done, ==, 0);
  g_assert_cmpuint (third.bytes_done, ==, 0);
}

static void
write_random (const char *path,
              gsize       size,
              const char *head,
              gsize       head_len)
{
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  memcpy (data, head, head_len);
  bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  scrim_test_write_bytes (path, bytes);
}

/* Past the read limit, files are hashed as a stream and images recorded
 * too-large; the hashes still cover every byte. */
static void
test_streamed_large_files (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimIngest) ing = scrim_ingest_new (f->scase);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *video = g_build_filename (f->root, "video.mp4", NULL);
  g_autofree char *big = g_build_filename (f->root, "huge.jpg", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *value = NULL;
  static const char jpeg_head[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                                  "\xff\xc0\x00\x11\x08\x0b\xb8\x0f\xa0\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01";

  write_random (video, 5 * 1024 * 1024 + 17, "\x00\x00\x00\x18" "ftypmp42", 12);
  write_random (big, 3 * 1024 * 1024 + 3, jpeg_head, sizeof jpeg_head - 1);

  scrim_ingest_set_max_read (ing, 2 * 1024 * 1024);
  g_assert_true (scrim_ingest_add_source (ing, f->root, NULL, &error));
  g_assert_true (scrim_ingest_run (ing, NULL, &error));
  g_assert_no_error (error);

  lines = rows (f);
  file_digest (video, G_CHECKSUM_SHA256, &sha256);
  value = field (row_for (lines, "video.mp4"), 5);
  g_assert_cmpstr (value, ==, sha256);
  g_clear_pointer (&value, g_free);
  value = field (row_for (lines, "video.mp4"), 2);
  g_assert_cmpstr (value, ==, "5242897");

  g_clear_pointer (&sha256, g_free);
  g_clear_pointer (&value, g_free);
  file_digest (big, G_CHECKSUM_SHA256, &sha256);
  value = field (row_for (lines, "huge.jpg"), 5);
  g_assert_cmpstr (value, ==, sha256);
  g_clear_pointer (&value, g_free);
  value = field (row_for (lines, "huge.jpg"), 7);
  g_assert_cmpstr (value, ==, "too-large");
  g_clear_pointer (&value, g_free);
  value = field (row_for (lines, "huge.jpg"), 8);
  g_assert_cmpstr (value, ==, "4000");
}

static void
test_pixel_budget (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimIngest) ing = scrim_ingest_new (f->scase);
  g_autofree char *jpeg = g_build_filename (f->root, "big.jpg", NULL);
  g_autofree char *status = NULL;
  g_autofree char *message = NULL;

  scrim_test_write_jpeg (jpeg, 640, 480, 1, NULL);
  scrim_ingest_set_max_pixels (ing, 100000);
  g_assert_true (scrim_ingest_add_source (ing, f->root, NULL, &error));
  g_assert_true (scrim_ingest_run (ing, NULL, &error));
  g_assert_no_error (error);

  status = query_text (f, "SELECT status FROM item;");
  g_assert_cmpstr (status, ==, "too-large");
  message = query_text (f, "SELECT message FROM item;");
  g_assert_nonnull (message);
  g_assert_cmpint (count (f, "SELECT width * height FROM item;"), ==, 640 * 480);
  g_assert_cmpint (count (f, "SELECT count(*) FROM thumbnail;"), ==, 0);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ScrimIngest) ing = scrim_ingest_new (f->scase);
  ScrimIngestProgress p;

  scrim_test_make_evidence (f->root, 4, 13);
  g_assert_true (scrim_ingest_add_source (ing, f->root, NULL, &error));
  g_cancellable_cancel (cancellable);
  g_assert_false (scrim_ingest_run (ing, cancellable, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "resume"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE entry LIKE '%\"action\":\"ingest-stopped\"%';"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM source WHERE completed IS NULL;"), ==, 1);
  g_clear_error (&error);

  p = ingest (f, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p.files_done + p.files_skipped, ==, 8);
  g_assert_cmpint (count (f, "SELECT count(*) FROM source WHERE completed IS NULL;"), ==, 0);
}

typedef struct
{
  const char *trigger;
  const char *victim;
} Vanish;

static void
vanish_hook (const ScrimWalkEntry *entry,
             const char           *root,
             gpointer              user_data)
{
  const Vanish *v = user_data;

  if (strcmp (entry->path, v->trigger) == 0)
    {
      g_autofree char *path = g_build_filename (root, v->victim, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* Files that vanish after the folder was listed are listed as read-error
 * with the reason: one before it is reached (stat fails), one after it was
 * queued (open fails). */
static void
test_vanished (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimIngest) ing = scrim_ingest_new (f->scase);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *value = NULL;
  g_autofree char *message = NULL;
  const char *names[] = { "a.txt", "b.txt", "c.txt", "d.txt" };
  Vanish v1 = { "a.txt", "b.txt" };
  Vanish v2 = { "e.txt", "e.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->root, names[i], NULL);

      scrim_test_write_text (path, names[i]);
    }

  scrim_ingest_set_jobs (ing, 1);
  g_assert_true (scrim_ingest_add_source (ing, f->root, NULL, &error));
  _scrim_ingest_set_walk_hook (ing, vanish_hook, &v1);
  g_assert_true (scrim_ingest_run (ing, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&ing);

  lines = rows (f);
  g_assert_cmpuint (lines->len, ==, 5);
  value = field (row_for (lines, "b.txt"), 7);
  g_assert_cmpstr (value, ==, "read-error");
  message = query_text (f, "SELECT message FROM file WHERE path = CAST ('b.txt' AS BLOB);");
  g_assert_cmpstr (message, ==, "cannot stat: No such file or directory");

  /* A new file, e.txt, vanishes after it was queued. */
  {
    g_autofree char *e = g_build_filename (f->root, "e.txt", NULL);

    scrim_test_write_text (e, "e");
  }
  ing = scrim_ingest_new (f->scase);
  g_assert_true (scrim_ingest_add_source (ing, f->root, NULL, &error));
  _scrim_ingest_set_walk_hook (ing, vanish_hook, &v2);
  g_assert_true (scrim_ingest_run (ing, NULL, &error));
  g_clear_pointer (&message, g_free);
  message = query_text (f, "SELECT message FROM file WHERE path = CAST ('e.txt' AS BLOB);");
  g_assert_cmpstr (message, ==, "cannot open: No such file or directory");
}

static void
test_exhibit_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimIngest) a = scrim_ingest_new (f->scase);
  g_autoptr(ScrimIngest) b = scrim_ingest_new (f->scase);
  g_autofree char *path = g_build_filename (f->root, "x.txt", NULL);

  scrim_test_write_text (path, "x");
  g_assert_true (scrim_ingest_add_source (a, f->root, "EX-A", &error));
  g_assert_false (scrim_ingest_add_source (b, f->root, "EX-B", &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "EX-A"));
}

/* A folder given relative to the current one is recorded absolute (the
 * window, opened from anywhere, must find the evidence), and the same
 * folder given absolute is the same source. */
static void
test_relative_root (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimIngest) a = scrim_ingest_new (f->scase);
  g_autoptr(ScrimIngest) b = scrim_ingest_new (f->scase);
  g_autofree char *path = g_build_filename (f->root, "x.txt", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *base = g_path_get_basename (f->root);
  g_autofree char *relative = g_strconcat ("./", base, "/../", base, NULL);
  g_autofree char *root = NULL;

  scrim_test_write_text (path, "x");
  g_assert_cmpint (g_chdir (tmp), ==, 0);
  g_assert_true (scrim_ingest_add_source (a, relative, "EX-A", &error));
  g_assert_no_error (error);
  g_assert_true (scrim_ingest_run (a, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  root = query_text (f, "SELECT root FROM source;");
  g_assert_cmpstr (root, ==, f->root);
  /* The same folder by its absolute name: the same source, no conflict. */
  g_assert_true (scrim_ingest_add_source (b, f->root, "EX-A", &error));
  g_assert_no_error (error);
}

/* The core refuses a case inside the evidence too (for callers other than
 * the command line, which refuses before creating the case). */
static void
test_case_inside_source (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimIngest) ing = scrim_ingest_new (f->scase);
  g_autofree char *parent = g_path_get_dirname (f->case_path);

  g_assert_false (scrim_ingest_add_source (ing, parent, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "inside the evidence source"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM source;"), ==, 0);
}

/* A second ingest into a case that is being ingested into is refused at
 * once, with the reason. */
static void
test_one_ingest_at_a_time (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimIngest) ing = scrim_ingest_new (f->scase);
  g_autofree char *path = g_build_filename (f->root, "a.txt", NULL);
  int fd;

  scrim_test_write_text (path, "a");
  g_assert_true (scrim_ingest_add_source (ing, f->root, NULL, &error));
  fd = open (f->case_path, O_RDONLY);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  g_assert_false (scrim_ingest_run (ing, NULL, &error));
  g_assert_nonnull (strstr (error->message, "another ingest into this case is running"));
  close (fd);
  g_clear_error (&error);
  g_assert_true (scrim_ingest_run (ing, NULL, &error));
  g_assert_no_error (error);
}

static void
test_new_then_destroy (Fixture       *f,
                       gconstpointer  data)
{
  ScrimIngest *ing = scrim_ingest_new (f->scase);

  g_assert_finalize_object (ing);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("ingest");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/ingest/basic", test_basic);
  ADD ("/core/ingest/thumbnail-decodes", test_thumbnail_decodes);
  ADD ("/core/ingest/resume-skips", test_resume_skips);
  ADD ("/core/ingest/resume-refreshes-old-facts", test_resume_refreshes_old_facts);
  ADD ("/core/ingest/resume-adds-pdq", test_resume_adds_pdq);
  ADD ("/core/ingest/streamed-large-files", test_streamed_large_files);
  ADD ("/core/ingest/pixel-budget", test_pixel_budget);
  ADD ("/core/ingest/cancelled", test_cancelled);
  ADD ("/core/ingest/vanished", test_vanished);
  ADD ("/core/ingest/exhibit-conflict", test_exhibit_conflict);
  ADD ("/core/ingest/case-inside-source", test_case_inside_source);
  ADD ("/core/ingest/relative-root", test_relative_root);
  ADD ("/core/ingest/one-ingest-at-a-time", test_one_ingest_at_a_time);
  ADD ("/core/ingest/new-then-destroy", test_new_then_destroy);
#undef ADD
  return g_test_run ();
}
