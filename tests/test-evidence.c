/* test-evidence.c: evidence is never changed, and odd evidence is recorded
 *
 * The proof compares a snapshot of the whole evidence tree taken before and
 * after `scrim ingest`: for every entry (folders and links included) its
 * mode, size, inode, mtime, atime and ctime to the nanosecond, and the
 * SHA-256 of every file. Access times are first set far in the past, so
 * that on a relatime mount any read without O_NOATIME would move them; a
 * control file shows that this file system does update them.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "scrim-test-util.h"

static char *tmp;

static void
write_named (const char *dir,
             const char *name,
             const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  scrim_test_write_text (path, contents);
}

/* An evidence tree with what seized devices hold: images, names that are
 * not UTF-8, a link loop, a link out of the tree, a FIFO, an empty file,
 * deep folders. */
static char *
make_tree (const char *name)
{
  char *root = g_build_filename (tmp, name, NULL);
  g_autofree char *deep = g_build_filename (root, "a/b/c/d/e/f", NULL);
  g_autofree char *loop = g_build_filename (root, "a/loop", NULL);
  g_autofree char *out = g_build_filename (root, "a/etc-passwd", NULL);
  g_autofree char *fifo = g_build_filename (root, "a/pipe", NULL);

  scrim_test_make_evidence (root, 6, 31);
  g_assert_cmpint (g_mkdir_with_parents (deep, 0755), ==, 0);
  write_named (deep, "deep.txt", "deep");
  write_named (root, "latin1-\xe9\xe8.txt", "latin-1 name");
  write_named (root, "bad-utf8-\xff\xfe.jpg", "not even a jpeg");
  write_named (root, "tab\tand\nnewline.txt", "control bytes in the name");
  g_assert_cmpint (symlink ("..", loop), ==, 0);
  g_assert_cmpint (symlink ("/etc/passwd", out), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  return root;
}


/* The control: on this file system, a plain read of a file whose atime is
 * old does move it; so the proof below could fail. */
static void
test_control_atime_moves (void)
{
  g_autofree char *path = g_build_filename (tmp, "control.txt", NULL);
  g_autofree char *contents = NULL;
  struct stat st;

  scrim_test_write_text (path, "control");
  scrim_test_age_tree (path);
  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_cmpint (st.st_atim.tv_sec, ==, SCRIM_TEST_OLD_ATIME);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpint (lstat (path, &st), ==, 0);
  if (st.st_atim.tv_sec == SCRIM_TEST_OLD_ATIME)
    g_test_skip ("this file system never updates access times (noatime mount): the proof is weaker here");
}

static void
test_unchanged (void)
{
  g_autofree char *root = make_tree ("evidence");
  g_autofree char *case_path = g_build_filename (tmp, "unchanged.scrim", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  scrim_test_age_tree (root);
  before = scrim_test_snapshot (root, SCRIM_TEST_SNAPSHOT_FULL);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", "--quiet", case_path, root, NULL), ==, 0);
  after = scrim_test_snapshot (root, SCRIM_TEST_SNAPSHOT_FULL);
  scrim_test_assert_same_snapshot ("the evidence", after, before);

  /* And again, resuming over the same tree. */
  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", case_path, root, NULL), ==, 0);
  g_clear_pointer (&after, g_free);
  after = scrim_test_snapshot (root, SCRIM_TEST_SNAPSHOT_FULL);
  scrim_test_assert_same_snapshot ("the evidence", after, before);
}

static char *
field_line (const char *tsv,
            const char *path,
            int         from,
            int         to)
{
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);
  g_autofree char *needle = g_strdup_printf ("\t%s\t", path);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      {
        g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
        g_autoptr(GString) out = g_string_new (NULL);

        for (int k = from; k <= to; k++)
          g_string_append_printf (out, "%s%s", k > from ? "|" : "", f[k]);
        return g_string_free (g_steal_pointer (&out), FALSE);
      }
  g_error ("no row for %s in:\n%s", path, tsv);
  return NULL;
}

/* Every odd entry is listed: byte-exact names escaped, links recorded and
 * not followed, the FIFO not opened (it would block), the empty file
 * hashed. */
static void
test_odd_entries (void)
{
  g_autofree char *root = make_tree ("odd");
  g_autofree char *case_path = g_build_filename (tmp, "odd.scrim", NULL);
  g_autofree char *tsv = NULL;
  g_autofree char *f = NULL;

  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", case_path, root, NULL), ==, 0);
  tsv = scrim_test_files_tsv (case_path);

  f = field_line (tsv, "latin1-\\xe9\\xe8.txt", 6, 7);
  g_assert_cmpstr (f, ==, "other|not-image");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "bad-utf8-\\xff\\xfe.jpg", 6, 7);
  g_assert_cmpstr (f, ==, "other|not-image");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "tab\\tand\\nnewline.txt", 2, 2);
  g_assert_cmpstr (f, ==, "25");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "a/loop", 2, 7);
  g_assert_cmpstr (f, ==, "2|||||symlink");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "a/etc-passwd", 2, 7);
  g_assert_cmpstr (f, ==, "11|||||symlink");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "a/pipe", 6, 7);
  g_assert_cmpstr (f, ==, "|special");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "Documents/empty.dat", 2, 7);
  g_assert_cmpstr (f, ==, "0|d41d8cd98f00b204e9800998ecf8427e|da39a3ee5e6b4b0d3255bfef95601890afd80709|"
                          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|other|not-image");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "a/b/c/d/e/f/deep.txt", 7, 7);
  g_assert_cmpstr (f, ==, "not-image");
  /* Nothing from outside the tree: the link to /etc/passwd was not followed. */
  g_assert_null (strstr (tsv, "root:"));
  g_assert_null (strstr (tsv, "passwd\tother"));
}

static void
drop_to_nobody (gpointer data)
{
  gid_t none = 65534;

  if (setgroups (1, &none) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
    _exit (99);
}

static int
run_scrim_as (gboolean     as_nobody,
              const char **argv,
              char       **err)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (full, (char *) scrim_test_scrim_bin ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);
  g_spawn_sync (NULL, (char **) full->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                as_nobody ? drop_to_nobody : NULL, NULL, NULL, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static int
open_up (const char        *path,
         const struct stat *st,
         int                flag,
         struct FTW        *ftw)
{
  if (flag == FTW_D || flag == FTW_DP)
    chmod (path, 0755);
  return 0;
}

/* A file the process may not read is listed as read-error with the reason,
 * and the rest of the source is still ingested. Run as root, the ingest is
 * run as "nobody" (root reads everything); O_NOATIME is then refused too
 * (nobody does not own the evidence), which the audit log must say. */
static void
test_unreadable (void)
{
  g_autofree char *root = make_tree ("unreadable");
  g_autofree char *secret = g_build_filename (root, "Documents/locked.jpg", NULL);
  g_autofree char *case_dir = g_build_filename (tmp, "cases", NULL);
  g_autofree char *case_path = g_build_filename (case_dir, "unreadable.scrim", NULL);
  g_autofree char *tsv = NULL;
  g_autofree char *f = NULL;
  g_autofree char *err = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *info = NULL;
  gboolean as_nobody = geteuid () == 0;
  const char *argv[] = { "ingest", "--quiet", case_path, root, NULL };

  scrim_test_write_text (secret, "cannot be read");
  g_assert_cmpint (chmod (secret, 0), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (case_dir, 0777), ==, 0);
  g_assert_cmpint (chmod (case_dir, 0777), ==, 0);
  g_assert_cmpint (chmod (tmp, 0755), ==, 0);
  g_assert_cmpint (nftw (root, open_up, 16, FTW_PHYS), ==, 0);

  if (run_scrim_as (as_nobody, argv, &err) != 0)
    g_error ("ingest failed: %s", err);
  tsv = scrim_test_files_tsv (case_path);
  f = field_line (tsv, "Documents/locked.jpg", 2, 7);
  g_assert_cmpstr (f, ==, "14|||||read-error");
  g_clear_pointer (&f, g_free);
  f = field_line (tsv, "DCIM/Camera/IMG_0000.jpg", 7, 7);
  g_assert_cmpstr (f, ==, "ok");

  g_assert_cmpint (scrim_test_run_scrim (&info, NULL, "info", "--problems", case_path, NULL), ==, 0);
  g_assert_nonnull (strstr (info, "Documents/locked.jpg\tread-error\tcannot open: Permission denied"));

  g_assert_cmpint (scrim_test_run_scrim (&audit, NULL, "audit", case_path, NULL), ==, 0);
  if (as_nobody)
    {
      g_assert_nonnull (strstr (audit, "\tnoatime-unavailable\t"));
      g_assert_nonnull (strstr (info, "access times NOT kept"));
      /* Once per source and run, not once per file. */
      g_assert_null (strstr (strstr (audit, "\tnoatime-unavailable\t") + 1, "\tnoatime-unavailable\t"));
    }
  else
    g_assert_null (strstr (audit, "noatime-unavailable"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("evidence");

  g_test_add_func ("/cli/evidence/control-atime-moves", test_control_atime_moves);
  g_test_add_func ("/cli/evidence/unchanged", test_unchanged);
  g_test_add_func ("/cli/evidence/odd-entries", test_odd_entries);
  g_test_add_func ("/cli/evidence/unreadable", test_unreadable);
  return g_test_run ();
}
