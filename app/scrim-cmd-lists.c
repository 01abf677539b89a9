/* scrim-cmd-lists.c: `scrim lists …`, `scrim schemes …` and `scrim match CASE`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "scrim-cli.h"
#include "scrim-core.h"

static ScrimLibrary *
open_library (const char *path)
{
  GError *error = NULL;
  ScrimLibrary *library = scrim_library_open (path, &error);

  if (library == NULL)
    scrim_cli_fail (error);
  return library;
}

static GOptionEntry *
library_entry (char **library)
{
  static GOptionEntry entry[2];

  entry[0] = (GOptionEntry) { "library", 'L', 0, G_OPTION_ARG_FILENAME, library,
                              N_("The reference library (default: $SCRIM_LIBRARY, else "
                                 "$XDG_DATA_HOME/scrim/library.db)"), N_("PATH") };
  return entry;
}

/* ---- scrim lists ---- */

static int
show_lists (ScrimLibrary *library)
{
  g_autoptr(GPtrArray) lists = NULL;
  GError *error = NULL;

  lists = scrim_library_list_lists (library, &error);
  if (lists == NULL)
    return scrim_cli_fail (error);
  printf ("name\tformat\tkind\tprofile\tscheme\tversion\tentries\timported\tsource_sha256\n");
  for (guint i = 0; i < lists->len; i++)
    {
      ScrimListMeta *m = g_ptr_array_index (lists, i);
      g_autofree char *name = scrim_text_escape_tsv (m->name, -1);

      printf ("%s\t%s%s%s\t%s\t%s\t%s\t%s\t%" PRId64 "\t%s by %s\t%s\n", name, m->format,
              m->format_version ? " " : "", m->format_version ? m->format_version : "", m->kind,
              m->profile ? m->profile : "", m->scheme, m->version ? m->version : "", m->entries,
              m->imported, m->imported_by, m->sources_sha256 ? m->sources_sha256 : "");
    }
  return SCRIM_EXIT_OK;
}

static void
print_report (const char              *name,
              const ScrimImportReport *r,
              gboolean                 ok)
{
  FILE *out = ok ? stdout : stderr;

  fprintf (out, ok ? _("Imported list “%s”: %" PRIu64 " entries from %" PRIu64
                       " records (%.1f MB) in %.1f s\n")
                   : _("List “%s” not imported; the library is unchanged (%" PRIu64
                       " entries from %" PRIu64 " records were read, %.1f MB, %.1f s)\n"),
           name, r->entries, r->records, r->bytes / 1e6, r->seconds);
  if (r->merged > 0)
    fprintf (out, _("  %" PRIu64 " duplicate records merged\n"), r->merged);
  if (r->dropped > 0)
    fprintf (out, _("  %" PRIu64 " records dropped (only the empty file's or all-zero digests)\n"),
             r->dropped);
  if (r->problems > 0)
    fprintf (out, _("  %" PRIu64 " malformed records skipped:\n"), r->problems);
  for (guint i = 0; r->messages != NULL && i < r->messages->len; i++)
    {
      g_autofree char *shown = scrim_text_display (g_ptr_array_index (r->messages, i), -1);

      fprintf (out, "    %s\n", shown);
    }
  if (r->problems > (r->messages ? r->messages->len : 0))
    fprintf (out, _("    … and more\n"));
}

typedef struct
{
  char     *format;
  char     *profile;
  char     *kind;
  char     *scheme;
  char     *examiner;
  gboolean  strict;
} ImportArgs;

static void
import_args_clear (ImportArgs *args)
{
  g_free (args->format);
  g_free (args->profile);
  g_free (args->kind);
  g_free (args->scheme);
  g_free (args->examiner);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ImportArgs, import_args_clear)

static int
import_list (ScrimLibrary *library,
             ImportArgs   *args,
             int           argc,
             char        **argv)
{
  ScrimImportOptions options = { SCRIM_LIST_FORMAT_AUTO };
  ScrimImportReport report = { 0 };
  GError *error = NULL;
  gboolean ok;

  if (argc < 4)
    return scrim_cli_usage_error ("lists", _("import needs a NAME and at least one FILE"));
  if (args->format && !scrim_list_format_from_string (args->format, &options.format))
    return scrim_cli_usage_error ("lists", _("unknown format “%s”"), args->format);
  if (args->kind && !scrim_list_kind_from_string (args->kind, &options.kind))
    return scrim_cli_usage_error ("lists", _("unknown kind “%s” (known-bad, known-good or alert)"), args->kind);
  options.kind_set = args->kind != NULL;
  options.profile = args->profile;
  options.scheme = args->scheme;
  options.strict = args->strict;
  options.examiner = args->examiner;

  ok = scrim_library_import (library, argv[2], (const char * const *) argv + 3, &options, &report,
                             NULL, &error);
  print_report (argv[2], &report, ok);
  scrim_import_report_clear (&report);
  if (!ok)
    return scrim_cli_fail (error);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_lists (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimLibrary) library = NULL;
  g_autofree char *library_path = NULL;
  g_auto(ImportArgs) args = { 0 };
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &args.format,
      N_("auto (default), vics, nsrl, nsrl-rds3, hashdeep, md5sum, text, icse, xways, hashkeeper or pdq"),
      N_("FORMAT") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &args.profile,
      N_("The VICS profile of the list's category codes (default: as the file says)"), N_("PROFILE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &args.kind,
      N_("known-bad (default), known-good (default for NSRL) or alert"), N_("KIND") },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &args.scheme,
      N_("The category scheme (default: by profile; see scrim schemes)"), N_("NAME") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &args.strict, N_("Stop at the first malformed record"), NULL },
    { "examiner", 0, 0, G_OPTION_ARG_STRING, &args.examiner, N_("Who imports (for the library's audit log)"),
      N_("NAME") },
    { NULL }
  };

  context = scrim_cli_context_new ("lists", _("[import NAME FILE… | remove NAME]"),
                                   _("Without arguments, lists the reference lists of the library: name,\n"
                                     "format, kind, profile, scheme, version, entries, when imported and the\n"
                                     "SHA-256 of the source files. “import” reads list files (streamed; VICS\n"
                                     "JSON, NSRL, hashdeep, md5sum, plain text, ICSE, X-Ways, HashKeeper,\n"
                                     "PDQ) into the list NAME, replacing an older version of it only once\n"
                                     "the import has fully succeeded. “remove” deletes a list."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, library_entry (&library_path), GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "lists", &argc, &argv)) >= 0)
    return rc;

  if (argc >= 2 && strcmp (argv[1], "import") != 0 && strcmp (argv[1], "remove") != 0)
    return scrim_cli_usage_error ("lists", _("unknown action “%s” (import or remove)"), argv[1]);
  if (argc >= 2 && strcmp (argv[1], "remove") == 0 && argc != 3)
    return scrim_cli_usage_error ("lists", _("remove needs exactly one NAME"));

  library = open_library (library_path);
  if (library == NULL)
    return SCRIM_EXIT_FAILURE;
  if (argc < 2)
    return show_lists (library);
  if (strcmp (argv[1], "import") == 0)
    return import_list (library, &args, argc, argv);
  if (!scrim_library_remove (library, argv[2], args.examiner, &error))
    return scrim_cli_fail (error);
  printf (_("Removed list “%s”\n"), argv[2]);
  return SCRIM_EXIT_OK;
}

/* ---- scrim schemes ---- */

static int
show_schemes (ScrimLibrary *library)
{
  g_autoptr(GPtrArray) names = NULL;
  GError *error = NULL;

  names = scrim_library_list_schemes (library, &error);
  if (names == NULL)
    return scrim_cli_fail (error);
  printf ("scheme\tprofiles\tcode\tclass\tlabel\n");
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(ScrimScheme) scheme = scrim_library_get_scheme (library, g_ptr_array_index (names, i), &error);
      g_auto(GStrv) codes = NULL;
      g_autofree char *profiles = NULL;

      if (scheme == NULL)
        return scrim_cli_fail (error);
      codes = scrim_scheme_dup_codes (scheme);
      profiles = g_strjoinv (",", (char **) scrim_scheme_get_profiles (scheme));
      for (guint k = 0; codes[k] != NULL; k++)
        {
          const char *label = NULL;
          ScrimClass klass = scrim_scheme_classify (scheme, codes[k], &label);

          printf ("%s\t%s\t%s\t%s\t%s\n", scrim_scheme_get_name (scheme), profiles, codes[k],
                  scrim_class_to_string (klass), label ? label : "");
        }
      printf ("%s\t%s\t(none)\tuncategorised\t\n", scrim_scheme_get_name (scheme), profiles);
    }
  return SCRIM_EXIT_OK;
}

static int
scheme_action (ScrimLibrary *library,
               int           argc,
               char        **argv,
               const char   *examiner)
{
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (strcmp (argv[1], "show") == 0)
    {
      text = scrim_library_dup_scheme_text (library, argv[2], &error);
      if (text == NULL)
        return scrim_cli_fail (error);
      fputs (text, stdout);
      return SCRIM_EXIT_OK;
    }
  if (strcmp (argv[1], "import") == 0)
    {
      if (!g_file_get_contents (argv[2], &text, NULL, &error)
          || !scrim_library_put_scheme (library, text, examiner, &error))
        return scrim_cli_fail (error);
      printf (_("Stored the scheme from %s\n"), argv[2]);
      return SCRIM_EXIT_OK;
    }
  if (!scrim_library_remove_scheme (library, argv[2], examiner, &error))
    return scrim_cli_fail (error);
  printf (_("Removed (or restored) scheme “%s”\n"), argv[2]);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_schemes (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimLibrary) library = NULL;
  g_autofree char *library_path = NULL;
  g_autofree char *examiner = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "examiner", 0, 0, G_OPTION_ARG_STRING, &examiner, N_("Who edits (for the library's audit log)"),
      N_("NAME") },
    { NULL }
  };

  context = scrim_cli_context_new ("schemes", _("[show NAME | import FILE | remove NAME]"),
                                   _("Category schemes map a list's category codes to Scrim's classes\n"
                                     "(abuse, exploitive, cgi, comparison, non-pertinent, known-good,\n"
                                     "uncategorised). Without arguments, prints every code of every scheme.\n"
                                     "“show” prints a scheme as a file to edit; “import” stores an edited\n"
                                     "or new one (the next match uses it); “remove” deletes a team's scheme\n"
                                     "or restores a shipped one. The file format is described at the top\n"
                                     "of “scrim schemes show vics-us”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, library_entry (&library_path), GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "schemes", &argc, &argv)) >= 0)
    return rc;
  if (argc != 1 && (argc != 3 || (strcmp (argv[1], "show") != 0 && strcmp (argv[1], "import") != 0
                                  && strcmp (argv[1], "remove") != 0)))
    return scrim_cli_usage_error ("schemes", _("use show NAME, import FILE or remove NAME"));

  library = open_library (library_path);
  if (library == NULL)
    return SCRIM_EXIT_FAILURE;
  return argc == 1 ? show_schemes (library) : scheme_action (library, argc, argv, examiner);
}

/* ---- scrim match ---- */

static void
print_match_report (const ScrimMatchReport *r)
{
  printf (_("Matched %" PRIu64 " contents against %" PRIu64 " lists in %.1f s "
            "(exact %.1f s, PDQ %.1f s)\n"), r->items, r->lists, r->seconds, r->exact_seconds,
          r->pdq_seconds);
  printf (_("  %" PRIu64 " exact and %" PRIu64 " PDQ matches; %" PRIu64
            " contents matched, %" PRIu64 " ignorable, %" PRIu64 " in conflict\n"),
          r->exact, r->pdq, r->matched, r->ignorable, r->conflicts);
  printf (_("  PDQ: %" PRIu64 " images searched, %" PRIu64
            " skipped (unreliable or low-quality hash)\n"), r->pdq_queried, r->pdq_skipped);
  printf (_("  Since the last match: %" PRIu64 " newly matched, %" PRIu64
            " no longer matched, %" PRIu64 " with a changed category\n"),
          r->newly_matched, r->unmatched, r->changed);
}

int
scrim_cmd_match (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimLibrary) library = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autofree char *library_path = NULL;
  g_autofree char *examiner = NULL;
  ScrimMatchOptions options = SCRIM_MATCH_OPTIONS_INIT;
  ScrimMatchReport report;
  ScrimCaseInfo info = { NULL, NULL };
  int distance = SCRIM_PDQ_MATCH_DISTANCE;
  int quality = SCRIM_PDQ_MIN_QUALITY;
  int jobs = 0;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "pdq-distance", 0, 0, G_OPTION_ARG_INT, &distance,
      N_("Largest PDQ distance of a match (default 31)"), N_("N") },
    { "pdq-min-quality", 0, 0, G_OPTION_ARG_INT, &quality,
      N_("Skip PDQ hashes below this quality (default 50)"), N_("N") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Threads for the PDQ searches"), N_("N") },
    { "examiner", 0, 0, G_OPTION_ARG_STRING, &examiner, N_("Who matches (for the audit log)"), N_("NAME") },
    { NULL }
  };

  context = scrim_cli_context_new ("match", _("CASE"),
                                   _("Matches every file of CASE against every list of the reference\n"
                                     "library: exactly by MD5, SHA-1 and SHA-256, and perceptually by PDQ\n"
                                     "(all 8 rotations and mirrors of each image). Each file gets a\n"
                                     "pre-category with the list and version that said so; files on which\n"
                                     "lists disagree are flagged as conflicts; known-good and non-pertinent\n"
                                     "files become ignorable. Re-running refreshes the results and says what\n"
                                     "changed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, library_entry (&library_path), GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "match", &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return scrim_cli_usage_error ("match", _("need exactly one CASE"));
  if (distance < 0 || distance > SCRIM_PDQ_BITS || quality < 0 || quality > 100 || jobs < 0)
    return scrim_cli_usage_error ("match", _("--pdq-distance 0…256, --pdq-min-quality 0…100"));
  options.pdq_distance = distance;
  options.pdq_min_quality = quality;
  options.jobs = jobs;

  info.examiner = examiner;
  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_DEFAULT, &info, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);
  library = open_library (library_path);
  if (library == NULL)
    return SCRIM_EXIT_FAILURE;
  if (!scrim_match_case (scase, library, &options, &report, NULL, &error))
    return scrim_cli_fail (error);
  print_match_report (&report);
  return SCRIM_EXIT_OK;
}
