/* scrim-test-util.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "scrim-test-util.h"

const char *
scrim_test_require_shared (void)
{
  static char *dir;
  const char *env;

  if (dir != NULL)
    return dir;

  env = g_getenv ("SCRIM_SHARED_DIR");
  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
    {
      dir = g_strdup (env);
      return dir;
    }

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    {
      g_printerr ("FAIL: the shared test data (%s) is missing, and CI=true requires it\n",
                  env ? env : "../shared");
      exit (1);
    }

  /* A TAP plan of zero tests with a SKIP directive: meson shows the test as
   * skipped, with the reason. */
  g_printerr ("SKIP: the shared test data (%s) is missing; these tests need ../shared "
              "beside the source tree\n", env ? env : "../shared");
  printf ("1..0 # SKIP shared test data (../shared) not found\n");
  exit (0);
}

static GPtrArray *temp_dirs;

static void
remove_temp_dirs (void)
{
  if (g_getenv ("SCRIM_TEST_KEEP") != NULL)
    return;
  for (guint i = 0; temp_dirs != NULL && i < temp_dirs->len; i++)
    scrim_test_rm_rf (g_ptr_array_index (temp_dirs, i));
}

char *
scrim_test_mkdtemp (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("scrim-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  if (temp_dirs == NULL)
    {
      temp_dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_temp_dirs);
    }
  g_ptr_array_add (temp_dirs, g_strdup (dir));
  return dir;
}

static int
rm_one (const char        *path,
        const struct stat *st,
        int                flag,
        struct FTW        *ftw)
{
  /* Make unreadable fixtures removable again. */
  if (flag == FTW_DP || flag == FTW_D)
    chmod (path, 0700);
  return remove (path) == 0 || errno == ENOENT ? 0 : 0;
}

gboolean
scrim_test_rm_rf (const char *path)
{
  return nftw (path, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

const char *
scrim_test_scrim_bin (void)
{
  const char *bin = g_getenv ("SCRIM_BIN");

  if (bin == NULL)
    g_error ("SCRIM_BIN is not set: run the tests through `meson test`");
  return bin;
}

int
scrim_test_run_scrimv (const char * const *argv,
                       char              **out,
                       char              **err)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (full, (char *) scrim_test_scrim_bin ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);

  g_spawn_sync (NULL, (char **) full->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &wait_status, &error);
  g_assert_no_error (error);

  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  return 128 + WTERMSIG (wait_status);
}

int
scrim_test_run_scrim (char       **out,
                      char       **err,
                      const char  *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return scrim_test_run_scrimv ((const char * const *) args->pdata, out, err);
}

GBytes *
scrim_test_jpeg_bytes (guint            width,
                       guint            height,
                       guint64          seed,
                       const ScrimExif *exif)
{
  g_autoptr(ScrimPixels) pixels = scrim_synth_draw (SCRIM_SYNTH_PHOTO, seed, width, height, NULL);
  g_autoptr(GBytes) app1 = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *jpeg;

  g_assert_nonnull (pixels);
  if (exif != NULL)
    {
      app1 = scrim_exif_build_app1 (exif, &error);
      g_assert_no_error (error);
    }
  jpeg = scrim_jpeg_encode (pixels, 85, app1, &error);
  g_assert_no_error (error);
  return jpeg;
}

GBytes *
scrim_test_png_bytes (guint   width,
                      guint   height,
                      guint   channels,
                      guint64 seed)
{
  g_autoptr(ScrimPixels) drawn = scrim_synth_draw (SCRIM_SYNTH_SCREENSHOT, seed, width, height, NULL);
  g_autoptr(ScrimPixels) pixels = scrim_pixels_new (width, height, channels);
  g_autoptr(GError) error = NULL;
  GBytes *png;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        const guint8 *src = drawn->data + y * drawn->stride + x * drawn->channels;
        guint8 *dst = pixels->data + y * pixels->stride + x * channels;

        for (guint c = 0; c < channels; c++)
          dst[c] = c < 3 ? src[MIN (c, drawn->channels - 1)] : (guint8) (x * 255 / MAX (1, width - 1));
      }
  png = scrim_png_encode (pixels, 8, FALSE, FALSE, &error);
  g_assert_no_error (error);
  return png;
}

void
scrim_test_write_bytes (const char *path,
                        GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (scrim_synth_write_file (path, bytes, -1, &error));
  g_assert_no_error (error);
}

void
scrim_test_write_jpeg (const char      *path,
                       guint            width,
                       guint            height,
                       guint64          seed,
                       const ScrimExif *exif)
{
  g_autoptr(GBytes) bytes = scrim_test_jpeg_bytes (width, height, seed, exif);

  scrim_test_write_bytes (path, bytes);
}

void
scrim_test_write_png (const char *path,
                      guint       width,
                      guint       height,
                      guint       channels,
                      guint64     seed)
{
  g_autoptr(GBytes) bytes = scrim_test_png_bytes (width, height, channels, seed);

  scrim_test_write_bytes (path, bytes);
}

void
scrim_test_write_text (const char *path,
                       const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  scrim_test_write_bytes (path, bytes);
}

void
scrim_test_make_evidence (const char *root,
                          guint       n_images,
                          guint64     seed)
{
  scrim_test_make_evidence_sized (root, n_images, seed, 320);
}

void
scrim_test_make_evidence_sized (const char *root,
                                guint       n_images,
                                guint64     seed,
                                guint       jpeg_width)
{
  for (guint i = 0; i < n_images; i++)
    {
      g_autofree char *name = NULL;

      if (i % 5 == 4)
        {
          name = g_strdup_printf ("%s/Pictures/Screenshots/shot-%04u.png", root, i);
          scrim_test_write_png (name, 200 + i % 7 * 10, 160, 3 + i % 2, seed + i);
        }
      else
        {
          ScrimExif exif = { 0 };

          exif.make = (char *) "DemoCam";
          exif.model = i % 2 ? (char *) "Model One" : (char *) "Model Two";
          exif.datetime_original = g_strdup_printf ("2026:03:%02u 10:%02u:00", 1 + i % 28, i % 60);
          exif.orientation = 1 + i % 8;
          exif.has_orientation = TRUE;
          name = g_strdup_printf ("%s/DCIM/Camera/IMG_%04u.jpg", root, i);
          scrim_test_write_jpeg (name, jpeg_width + i % 9 * 16, jpeg_width * 3 / 4, seed + i, &exif);
          g_free (exif.datetime_original);
        }
    }

  {
    g_autofree char *notes = g_build_filename (root, "Documents/notes.txt", NULL);
    g_autofree char *empty = g_build_filename (root, "Documents/empty.dat", NULL);
    g_autofree char *dup = g_build_filename (root, "Download/copy-of-first.jpg", NULL);
    g_autofree char *corrupt = g_build_filename (root, "Download/truncated.jpg", NULL);
    g_autofree char *first_path = g_strdup_printf ("%s/DCIM/Camera/IMG_0000.jpg", root);
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_autoptr(GBytes) first = NULL;
    g_autoptr(GBytes) half = NULL;

    g_assert_true (g_file_get_contents (first_path, &contents, &len, NULL));
    first = g_bytes_new (contents, len);
    half = g_bytes_new_from_bytes (first, 0, len / 3);

    scrim_test_write_text (notes, "not an image\n");
    scrim_test_write_text (empty, "");
    scrim_test_write_bytes (dup, first);
    scrim_test_write_bytes (corrupt, half);
  }
}

char *
scrim_test_files_tsv (const char *case_path)
{
  char *out = NULL;
  g_autofree char *err = NULL;
  int rc = scrim_test_run_scrim (&out, &err, "files", case_path, NULL);

  if (rc != 0)
    g_error ("scrim files %s failed (%d): %s", case_path, rc, err);
  return out;
}

ScrimTestTable *
scrim_test_table_load (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  ScrimTestTable *table = g_new0 (ScrimTestTable, 1);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **fields;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      if (table->names == NULL)
        {
          table->names = fields;
          continue;
        }
      if (g_strv_length (fields) != g_strv_length (table->names))
        g_error ("%s: line %u has %u fields, the header %u", path, i + 1,
                 g_strv_length (fields), g_strv_length (table->names));
      g_ptr_array_add (table->rows, fields);
    }
  if (table->names == NULL)
    g_error ("%s has no header line", path);
  return table;
}

guint
scrim_test_table_column (const ScrimTestTable *table,
                         const char           *name)
{
  for (guint i = 0; table->names[i] != NULL; i++)
    if (strcmp (table->names[i], name) == 0)
      return i;
  g_error ("no column %s", name);
  return 0;
}

void
scrim_test_table_free (ScrimTestTable *table)
{
  g_strfreev (table->names);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

GString *
scrim_test_unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'x':
          if (g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
            {
              g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) << 4
                                              | g_ascii_xdigit_value (p[2])));
              p += 2;
              break;
            }
          g_string_append (out, "\\x");
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
  return out;
}

/* ---- read-only proofs: snapshots of a tree ---- */

static char *
hash_fd (int fd)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buf[65536];
  ssize_t n;

  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_checksum_update (sum, buf, n);
  return g_strdup (g_checksum_get_string (sum));
}

static void
snapshot_entry (GString           *out,
                ScrimTestSnapshot  kind,
                const char        *path,
                const struct stat *st,
                const char        *sum)
{
  g_autofree char *shown = g_strescape (path, NULL);

  g_string_append_printf (out, "%s mode=%o size=%lld mtime=%lld.%09ld sha256=%s", shown, st->st_mode,
                          (long long) st->st_size, (long long) st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                          sum ? sum : "-");
  if (kind == SCRIM_TEST_SNAPSHOT_FULL)
    g_string_append_printf (out, " ino=%llu atime=%lld.%09ld ctime=%lld.%09ld", (unsigned long long) st->st_ino,
                            (long long) st->st_atim.tv_sec, st->st_atim.tv_nsec,
                            (long long) st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
  g_string_append_c (out, '\n');
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
snapshot_dir (GString           *out,
              ScrimTestSnapshot  kind,
              int                dir_fd,
              const char        *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  DIR *dir = fdopendir (dup (dir_fd));
  struct dirent *de;

  g_assert_nonnull (dir);
  while ((de = readdir (dir)) != NULL)
    if (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0)
      g_ptr_array_add (names, g_strdup (de->d_name));
  closedir (dir);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *sum = NULL;
      struct stat st;
      int fd;

      g_assert_cmpint (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW), ==, 0);
      /* Unreadable files (a test's mode 000) are listed, not hashed. */
      if (S_ISREG (st.st_mode) && (st.st_mode & 0444))
        {
          fd = openat (dir_fd, name, O_RDONLY | O_NOATIME | O_NOFOLLOW);
          g_assert_cmpint (fd, >=, 0);
          sum = hash_fd (fd);
          close (fd);
        }
      snapshot_entry (out, kind, child, &st, sum);
      if (S_ISDIR (st.st_mode))
        {
          fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOATIME | O_NOFOLLOW);
          g_assert_cmpint (fd, >=, 0);
          snapshot_dir (out, kind, fd, child);
          close (fd);
        }
    }
}

char *
scrim_test_snapshot (const char        *root,
                     ScrimTestSnapshot  kind)
{
  GString *out = g_string_new (NULL);
  const char *name = kind == SCRIM_TEST_SNAPSHOT_FULL ? root : ".";
  struct stat st;
  int fd = open (root, O_RDONLY | O_DIRECTORY | O_NOATIME);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &st), ==, 0);
  snapshot_entry (out, kind, name, &st, NULL);
  snapshot_dir (out, kind, fd, name);
  close (fd);
  return g_string_free (out, FALSE);
}

/* Line by line, so a failure names the entry that differs. */
void
scrim_test_assert_same_snapshot (const char *what,
                                 const char *after,
                                 const char *before)
{
  g_auto(GStrv) a = g_strsplit (after, "\n", -1);
  g_auto(GStrv) b = g_strsplit (before, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      g_error ("%s differ:\n before: %s\n after:  %s", what, b[i] ? b[i] : "(nothing)",
               a[i] ? a[i] : "(nothing)");
}

static int
age_one (const char        *path,
         const struct stat *st,
         int                flag,
         struct FTW        *ftw)
{
  struct timespec times[2] = { { SCRIM_TEST_OLD_ATIME, 123456789 }, { 0, UTIME_OMIT } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
  return 0;
}

void
scrim_test_age_tree (const char *root)
{
  g_assert_cmpint (nftw (root, age_one, 16, FTW_PHYS | FTW_DEPTH), ==, 0);
}
