/* fuzz-replay.c: runs a libFuzzer target over files and folders, without libFuzzer
 *
 * Used where the fuzzers are not linked against libFuzzer: every file named
 * on the command line (folders recursively) goes through the target once, so
 * sanitizer builds check the same entry points on a real corpus.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint n_files;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
replay_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        return;
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        replay_path (g_ptr_array_index (names, i));
      return;
    }

  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    if (!g_file_get_contents (path, &contents, &len, NULL))
      return;
    LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
    n_files++;
  }
}

int
main (int    argc,
      char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
        {
          if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
            {
              fprintf (stderr, "FAIL: %s is missing, and CI=true requires it\n", argv[i]);
              return 1;
            }
          fprintf (stderr, "SKIP: %s is missing (shared test data absent)\n", argv[i]);
          return 77;
        }
      replay_path (argv[i]);
    }

  printf ("replayed %u files\n", n_files);
  return 0;
}
