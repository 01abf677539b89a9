/* scrim-cmd-audit.c: `scrim audit CASE [--verify] [--export FILE]`
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

static int
list_entries (ScrimCase *scase)
{
  g_autoptr(GPtrArray) entries = NULL;
  GError *error = NULL;

  entries = scrim_audit_list (scase, &error);
  if (entries == NULL)
    return scrim_cli_fail (error);
  printf ("seq\ttime\texaminer\taction\tdetail\n");
  for (guint i = 0; i < entries->len; i++)
    {
      ScrimAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *examiner = scrim_text_escape_tsv (e->examiner, -1);
      g_autofree char *detail = scrim_text_escape_tsv (e->detail, -1);

      printf ("%" PRId64 "\t%s\t%s\t%s\t%s\n", e->seq, e->time, examiner, e->action, detail);
    }
  return SCRIM_EXIT_OK;
}

static int
verify (ScrimCase *scase)
{
  g_autofree char *head = NULL;
  GError *error = NULL;
  gint64 n = 0;

  if (!scrim_audit_verify (scase, &n, &head, &error))
    return scrim_cli_fail (error);
  printf (_("Audit log intact: %" PRId64 " entries, every hash and link verified.\n"), n);
  printf (_("Head hash (note it outside the case to detect removal of the newest entries):\n%s\n"), head);
  return SCRIM_EXIT_OK;
}

/* The log as JSONL with the chain hashes, for a verifier without Scrim;
 * the export itself is then recorded in the log (after the exported
 * entries, so the file stays a prefix of the log). */
static int
export_jsonl (ScrimCase  *scase,
              const char *output,
              gboolean    force)
{
  ScrimExportOptions options = { 0 };
  ScrimExportReport report;
  g_autofree char *head = NULL;
  GError *error = NULL;
  gint64 n = 0;

  options.force = force;
  if (!scrim_audit_verify (scase, &n, &head, &error))
    {
      scrim_cli_print_error (_("warning: %s; exporting the log as it is"), error->message);
      g_clear_error (&error);
    }
  if (!scrim_export_to_file (scase, SCRIM_EXPORT_AUDIT, &options, output, &report, NULL, &error))
    return scrim_cli_fail (error);
  printf (_("Wrote %" PRIu64 " audit entries to %s (SHA-256 %s)\n"), report.records, output, report.sha256);
  if (head != NULL)
    printf (_("Head hash of the exported chain:\n%s\n"), head);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_audit (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  gboolean do_verify = FALSE;
  gboolean force = FALSE;
  g_autofree char *output = NULL;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "verify", 0, 0, G_OPTION_ARG_NONE, &do_verify,
      N_("Recompute the hash chain; exit 1 naming the first bad entry"), NULL },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the log to FILE as JSONL with the chain hashes (verifiable without Scrim)"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("With --export: replace an existing FILE"), NULL },
    { NULL }
  };

  context = scrim_cli_context_new ("audit", _("CASE"),
                                   _("Lists the audit log: who did what, when. Each entry holds the hash of\n"
                                     "the one before, so an edited, removed or reordered entry is detected\n"
                                     "by --verify."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "audit", &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return scrim_cli_usage_error ("audit", _("need exactly one CASE"));

  if (output != NULL && do_verify)
    return scrim_cli_usage_error ("audit", _("--verify and --export go separately"));

  scase = scrim_case_open (argv[1], output ? SCRIM_CASE_OPEN_DEFAULT : SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);
  if (output != NULL)
    return export_jsonl (scase, output, force);
  return do_verify ? verify (scase) : list_entries (scase);
}
