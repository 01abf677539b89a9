/* scrim-cmd-files.c: `scrim files CASE`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "scrim-cli.h"
#include "scrim-core.h"

static gboolean
print_line (const char *line,
            gsize       len,
            gpointer    user_data)
{
  fwrite (line, 1, len, stdout);
  fputc ('\n', stdout);
  return !ferror (stdout);
}

int
scrim_cmd_files (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autofree char *format = NULL;
  ScrimFilesFormat fmt = SCRIM_FILES_TSV;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("tsv (default) or jsonl"), N_("FORMAT") },
    { NULL }
  };

  context = scrim_cli_context_new ("files", _("CASE"),
                                   _("Prints one row per file: source, path, size, hashes, type, status,\n"
                                     "size in pixels, EXIF camera, time, orientation and GPS. Text from the\n"
                                     "evidence is escaped (\\\\ \\t \\r \\n, \\xNN for bytes that are not UTF-8)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "files", &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return scrim_cli_usage_error ("files", _("need exactly one CASE"));
  if (format != NULL && g_strcmp0 (format, "tsv") != 0 && g_strcmp0 (format, "jsonl") != 0)
    return scrim_cli_usage_error ("files", _("unknown format “%s” (use tsv or jsonl)"), format);
  if (g_strcmp0 (format, "jsonl") == 0)
    fmt = SCRIM_FILES_JSONL;

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);
  if (!scrim_files_write (scase, fmt, print_line, NULL, &error))
    return scrim_cli_fail (error);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      scrim_cli_print_error (_("cannot write the listing: %s"), g_strerror (errno));
      return SCRIM_EXIT_FAILURE;
    }
  return SCRIM_EXIT_OK;
}
