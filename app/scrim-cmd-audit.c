/* scrim-cmd-audit.c: `scrim audit CASE [--verify]`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

      printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", e->seq, e->time, examiner, e->action, detail);
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
  printf (_("Audit log intact: %" G_GINT64_FORMAT " entries, every hash and link verified.\n"), n);
  printf (_("Head hash (note it outside the case to detect removal of the newest entries):\n%s\n"), head);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_audit (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  gboolean do_verify = FALSE;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "verify", 0, 0, G_OPTION_ARG_NONE, &do_verify,
      N_("Recompute the hash chain; exit 1 naming the first bad entry"), NULL },
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

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);
  return do_verify ? verify (scase) : list_entries (scase);
}
