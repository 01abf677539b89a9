/* scrim-cmd-export.c: `scrim export`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "scrim-cli.h"
#include "scrim-core.h"

/* --select graded,matched --select 12 → { "graded", "matched", "12" } */
static GStrv
split_select (char **given)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; given != NULL && given[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit_set (given[i], ", ", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        if (*parts[j] != '\0')
          g_strv_builder_add (builder, parts[j]);
    }
  return g_strv_builder_end (builder);
}

static int
to_stdout (ScrimCase                *scase,
           ScrimExportFormat         format,
           const ScrimExportOptions *options)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (1, FALSE);
  ScrimExportReport report;
  GError *error = NULL;

  if (!scrim_export_write_full (scase, format, options, out, "(standard output)", &report, NULL, &error)
      || !g_output_stream_close (out, NULL, &error))
    return scrim_cli_fail (error);
  return SCRIM_EXIT_OK;
}

static int
to_file (ScrimCase                *scase,
         ScrimExportFormat         format,
         const ScrimExportOptions *options,
         const char               *output)
{
  ScrimExportReport report;
  GError *error = NULL;

  if (!scrim_export_to_file (scase, format, options, output, &report, NULL, &error))
    return scrim_cli_fail (error);
  printf (_("Wrote %s: %" PRIu64 " records, %" PRIu64 " contents selected, "
            "%" PRIu64 " bytes (SHA-256 %s)\n"),
          output, report.records, report.items, report.bytes, report.sha256);
  if (options->media_dir != NULL)
    printf (_("Copied %" PRIu64 " evidence files into %s (each checked against its SHA-256)\n"),
            report.media_copied, options->media_dir);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_export (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *scheme_path = NULL;
  g_autofree char *scheme_text = NULL;
  g_autofree char *media_dir = NULL;
  g_autofree char *unknown = NULL;
  g_auto(GStrv) select_given = NULL;
  g_auto(GStrv) select = NULL;
  gboolean force = FALSE;
  ScrimExportOptions options = { 0 };
  ScrimExportFormat format;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("vics, vics-media, hashdeep, md5sum, pdq, csv, tsv, jsonl, html, case, audit, geojson or kml"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE (default: standard output)"), N_("FILE") },
    { "select", 's', 0, G_OPTION_ARG_STRING_ARRAY, &select_given,
      N_("What to export: all, graded, matched, unknown, grade:N or a group id (repeat, or separate by commas)"),
      N_("WHAT") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, N_("VICS profile to write (default: US)"), N_("PROFILE") },
    { "scheme", 0, 0, G_OPTION_ARG_FILENAME, &scheme_path,
      N_("Category scheme file mapping classes to the profile's codes"), N_("FILE") },
    { "with-media", 0, 0, G_OPTION_ARG_FILENAME, &media_dir,
      N_("vics: copy the evidence files into DIR, named by hash"), N_("DIR") },
    { "unknown", 0, 0, G_OPTION_ARG_STRING, &unknown,
      N_("html: thumbnails of unknown images blurred (default) or clear"), N_("blurred|clear") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace an existing output file"), NULL },
    { NULL }
  };

  context = scrim_cli_context_new ("export", _("CASE"),
                                   _("Writes what the case holds for others. vics: a VICS 2.0 case export;\n"
                                     "vics-media, hashdeep, md5sum, pdq: hash sets; csv, tsv, jsonl: every\n"
                                     "file with every column; html: a self-contained report (matched material\n"
                                     "blurred); case: a portable sub-case; audit: the audit log as JSONL;\n"
                                     "geojson, kml: one point per image with GPS. Files are written whole or\n"
                                     "not at all, never into evidence, never over a file without --force.\n"
                                     "Every export is recorded in the audit log with the SHA-256 of what was\n"
                                     "written."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "export", &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return scrim_cli_usage_error ("export", _("need exactly one CASE"));
  if (format_name == NULL || !scrim_export_format_from_string (format_name, &format))
    return scrim_cli_usage_error ("export", _("--format must be vics, vics-media, hashdeep, md5sum, pdq, csv, tsv, "
                                              "jsonl, html, case, audit, geojson or kml"));
  if (unknown != NULL && g_strcmp0 (unknown, "clear") != 0 && g_strcmp0 (unknown, "blurred") != 0)
    return scrim_cli_usage_error ("export", _("--unknown must be blurred or clear"));
  if (format == SCRIM_EXPORT_CASE && (output == NULL || strcmp (output, "-") == 0))
    return scrim_cli_usage_error ("export", _("--format case needs --output SUB.scrim"));
  if (media_dir != NULL && format != SCRIM_EXPORT_VICS)
    return scrim_cli_usage_error ("export", _("--with-media goes with --format vics"));
  if (scheme_path != NULL && !g_file_get_contents (scheme_path, &scheme_text, NULL, &error))
    return scrim_cli_fail (error);

  select = split_select (select_given);
  options.select = select[0] != NULL ? (const char * const *) select : NULL;
  options.profile = profile;
  options.scheme_text = scheme_text;
  options.media_dir = media_dir;
  options.unknown_clear = g_strcmp0 (unknown, "clear") == 0;
  options.force = force;

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);
  if (output == NULL || strcmp (output, "-") == 0)
    return to_stdout (scase, format, &options);
  return to_file (scase, format, &options, output);
}
