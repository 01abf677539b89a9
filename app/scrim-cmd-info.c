/* scrim-cmd-info.c: `scrim info CASE`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <stdio.h>

#include <glib/gi18n.h>

#include "scrim-cli.h"
#include "scrim-core.h"

static void
print_meta (ScrimCase *scase)
{
  g_autofree char *number = scrim_case_dup_meta (scase, "case_number");
  g_autofree char *examiner = scrim_case_dup_meta (scase, "examiner");
  g_autofree char *created = scrim_case_dup_meta (scase, "created");
  g_autofree char *version = scrim_case_dup_meta (scase, "scrim_version");
  g_autofree char *uuid = scrim_case_dup_meta (scase, "case_uuid");

  printf (_("Case file:    %s\n"), scrim_case_get_path (scase));
  printf (_("Case number:  %s\n"), number ? number : _("(none)"));
  printf (_("Examiner:     %s\n"), examiner ? examiner : _("(none)"));
  printf (_("Created:      %s by Scrim %s\n"), created ? created : "?", version ? version : "?");
  printf (_("Case id:      %s (format %d)\n"), uuid ? uuid : "?", scrim_case_get_schema_version (scase));
}

static gboolean
print_sources (ScrimCase  *scase,
               GError    **error)
{
  g_autoptr(GPtrArray) sources = scrim_case_list_sources (scase, error);

  if (sources == NULL)
    return FALSE;
  printf (_("Sources:      %u\n"), sources->len);
  for (guint i = 0; i < sources->len; i++)
    {
      ScrimSource *s = g_ptr_array_index (sources, i);
      g_autofree char *root = scrim_text_display (s->root, -1);

      printf ("  %" PRId64 "  %-10s %s\n", s->id, s->exhibit ? s->exhibit : "-", root);
      printf (_("      added %s by %s; "), s->added, s->added_by);
      if (s->completed != NULL)
        printf (_("complete %s; access times %s\n"), s->completed,
                s->noatime == 1 ? _("kept") : _("NOT kept (see the audit log)"));
      else
        printf (_("not complete: run the ingest again to finish it\n"));
    }
  return TRUE;
}

static void
print_table (const char *label,
             GHashTable *table)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (table), (GCompareFunc) g_strcmp0);

  printf ("%s", label);
  for (GList *l = keys; l != NULL; l = l->next)
    printf ("%s%s %d", l == keys ? "" : ", ", *(char *) l->data ? (char *) l->data : _("(none)"),
            GPOINTER_TO_INT (g_hash_table_lookup (table, l->data)));
  printf ("\n");
}

static gboolean
print_problem (const char *source,
               const char *path,
               gsize       path_len,
               const char *status,
               const char *message,
               gpointer    user_data)
{
  g_autofree char *shown = scrim_text_display (path, path_len);
  g_autofree char *why = scrim_text_display (message, -1);

  printf ("  %s\t%s\t%s\t%s\n", source, shown, status, message ? why : "");
  return TRUE;
}

int
scrim_cmd_info (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  ScrimCaseCounts counts;
  g_autofree char *bytes = NULL;
  gboolean problems = FALSE;
  GError *error = NULL;
  gint64 n_audit = 0;
  int rc;
  const GOptionEntry entries[] = {
    { "problems", 'p', 0, G_OPTION_ARG_NONE, &problems,
      N_("Also list every file not fully analysed (corrupt, unsupported, too large, unreadable, links), with the reason"), NULL },
    { NULL }
  };

  context = scrim_cli_context_new ("info", _("CASE"),
                                   _("Shows the case’s metadata, its evidence sources and counts of files\n"
                                     "by status and by type."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "info", &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return scrim_cli_usage_error ("info", _("need exactly one CASE"));

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);

  print_meta (scase);
  if (!print_sources (scase, &error) || !scrim_case_count (scase, &counts, &error))
    return scrim_cli_fail (error);

  bytes = g_format_size (counts.bytes);
  printf (_("Files:        %" PRId64 " (%" PRId64 " distinct contents, %s)\n"),
          counts.n_files, counts.n_items, bytes);
  print_table (_("By status:    "), counts.by_status);
  print_table (_("By type:      "), counts.by_type);
  if (g_hash_table_size (counts.by_category) > 1 || !g_hash_table_contains (counts.by_category, ""))
    {
      print_table (_("By category:  "), counts.by_category);
      printf (_("              %" PRId64 " ignorable, %" PRId64 " in conflict; "
                "(none) = no list matched\n"), counts.ignorable, counts.conflicts);
    }
  scrim_case_counts_clear (&counts);

  if (scrim_audit_verify (scase, &n_audit, NULL, NULL))
    printf (_("Audit log:    %" PRId64 " entries, chain intact\n"), n_audit);
  else
    printf (_("Audit log:    BROKEN (run “scrim audit --verify” for details)\n"));

  if (problems)
    {
      printf (_("Problems:\n"));
      if (!scrim_files_problems (scase, print_problem, NULL, &error))
        return scrim_cli_fail (error);
    }
  return SCRIM_EXIT_OK;
}
