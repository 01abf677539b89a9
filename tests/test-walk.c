/* test-walk.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "scrim-core.h"
#include "scrim-test-util.h"

static char *tmp;

static void
write_file (const char *root,
            const char *rel,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

typedef struct
{
  GPtrArray  *lines;
  const char *root;
  const char *delete_after;   /* path: when seen, delete delete_what */
  const char *delete_what;
} Seen;

static gboolean
collect (const ScrimWalkEntry *entry,
         gpointer              user_data)
{
  Seen *seen = user_data;
  static const char *kinds[] = { "file", "symlink", "special", "error" };
  g_autofree char *path = scrim_text_escape_tsv (entry->path, entry->path_len);

  g_assert_cmpuint (strlen (entry->path), ==, entry->path_len);
  g_ptr_array_add (seen->lines, g_strdup_printf ("%s %s%s%s", kinds[entry->kind], path,
                                                  entry->what ? " " : "", entry->what ? entry->what : ""));
  if (seen->delete_after != NULL && strcmp (entry->path, seen->delete_after) == 0)
    {
      g_autofree char *victim = g_build_filename (seen->root, seen->delete_what, NULL);

      g_assert_cmpint (g_unlink (victim), ==, 0);
    }
  return TRUE;
}

static char *
walk_to_string (const char *root,
                Seen       *seen)
{
  g_autoptr(GError) error = NULL;
  gboolean denied = FALSE;

  seen->lines = g_ptr_array_new_with_free_func (g_free);
  seen->root = root;
  g_assert_true (scrim_walk (root, collect, seen, &denied, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (seen->lines, NULL);
  {
    g_auto(GStrv) strv = (char **) g_ptr_array_free (seen->lines, FALSE);

    return g_strjoinv ("\n", strv);
  }
}

static void
test_tree (void)
{
  g_autofree char *root = g_build_filename (tmp, "tree", NULL);
  g_autofree char *link1 = g_build_filename (root, "dir/link-to-a", NULL);
  g_autofree char *loop = g_build_filename (root, "dir/loop", NULL);
  g_autofree char *fifo = g_build_filename (root, "fifo", NULL);
  g_autofree char *out = NULL;
  Seen seen = { 0 };

  write_file (root, "b.txt", "b");
  write_file (root, "a.txt", "a");
  write_file (root, "dir/c.jpg", "c");
  write_file (root, "dir/sub/d", "d");
  write_file (root, "n\xe9" "e.txt", "latin-1 name");
  write_file (root, "empty", "");
  g_assert_cmpint (symlink ("../a.txt", link1), ==, 0);
  g_assert_cmpint (symlink ("..", loop), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  out = walk_to_string (root, &seen);
  g_assert_cmpstr (out, ==,
                   "file a.txt\n"
                   "file b.txt\n"
                   "file dir/c.jpg\n"
                   "symlink dir/link-to-a\n"
                   "symlink dir/loop\n"
                   "file dir/sub/d\n"
                   "file empty\n"
                   "special fifo\n"
                   "file n\\xe9e.txt");
}

/* A file listed with its folder but gone before it is reached is reported,
 * not skipped silently. */
static void
test_vanished (void)
{
  g_autofree char *root = g_build_filename (tmp, "vanish", NULL);
  g_autofree char *out = NULL;
  Seen seen = { 0 };

  write_file (root, "1.jpg", "1");
  write_file (root, "2.jpg", "2");
  write_file (root, "3.jpg", "3");
  seen.delete_after = "1.jpg";
  seen.delete_what = "2.jpg";

  out = walk_to_string (root, &seen);
  g_assert_cmpstr (out, ==, "file 1.jpg\nerror 2.jpg cannot stat\nfile 3.jpg");
}

/* The evidence root itself may be a single file. */
static void
test_single_file (void)
{
  g_autofree char *root = g_build_filename (tmp, "single", NULL);
  g_autofree char *file = g_build_filename (root, "photo.jpg", NULL);
  g_autofree char *out = NULL;
  Seen seen = { 0 };

  write_file (root, "photo.jpg", "x");
  out = walk_to_string (file, &seen);
  g_assert_cmpstr (out, ==, "file photo.jpg");
}

static void
test_missing_root (void)
{
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  g_assert_false (scrim_walk ("/nonexistent/evidence", collect, &seen, NULL, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/evidence"));
}

static void
test_cancel (void)
{
  g_autofree char *root = g_build_filename (tmp, "tree", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  seen.lines = g_ptr_array_new_with_free_func (g_free);
  g_cancellable_cancel (cancellable);
  g_assert_false (scrim_walk (root, collect, &seen, NULL, cancellable, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED);
  g_assert_cmpuint (seen.lines->len, ==, 0);
  g_ptr_array_unref (seen.lines);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("walk");

  g_test_add_func ("/core/walk/tree", test_tree);
  g_test_add_func ("/core/walk/vanished", test_vanished);
  g_test_add_func ("/core/walk/single-file", test_single_file);
  g_test_add_func ("/core/walk/missing-root", test_missing_root);
  g_test_add_func ("/core/walk/cancel", test_cancel);
  return g_test_run ();
}
