/* scrim-cmd-group.c: `scrim group`, `scrim groups`, `scrim group-members`, `scrim queue`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "scrim-cli.h"
#include "scrim-core.h"

static gboolean
parse_format (const char *format,
              gboolean   *jsonl)
{
  *jsonl = g_strcmp0 (format, "jsonl") == 0;
  return format == NULL || *jsonl || g_strcmp0 (format, "tsv") == 0;
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  *id = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0' && *id > 0;
}

/* ---- scrim group ---- */

static void
print_group_report (const ScrimGroupReport *r)
{
  printf (_("Grouped in %.1f s:"), r->seconds);
  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    printf (" %s %" PRIu64 "%s", scrim_group_kind_to_string (k), r->groups[k],
            k + 1 < SCRIM_N_GROUP_KINDS ? "," : "");
  printf (_("\n  %" PRIu64 " new and %" PRIu64 " gone since the last grouping; "
            "%" PRIu64 " analyst decisions applied; %" PRIu64
            " images in the possibly-ongoing queue\n"), r->new_groups, r->gone_groups, r->decisions,
          r->queued);
}

static int
group_decision (ScrimCase  *scase,
                int         argc,
                char      **argv)
{
  GError *error = NULL;
  gint64 id = 0;
  gint64 result = 0;

  if (strcmp (argv[2], "name") == 0)
    {
      if (argc != 5 || !parse_id (argv[3], &id))
        return scrim_cli_usage_error ("group", _("name needs a GROUP_ID and a NAME"));
      if (!scrim_group_name (scase, id, argv[4], &error))
        return scrim_cli_fail (error);
      printf (_("Named group %" PRId64 " “%s”\n"), id, argv[4]);
      return SCRIM_EXIT_OK;
    }
  if (strcmp (argv[2], "merge") == 0)
    {
      g_autofree gint64 *ids = g_new0 (gint64, MAX (argc, 1));

      if (argc < 5)
        return scrim_cli_usage_error ("group", _("merge needs at least two GROUP_IDs"));
      for (int i = 3; i < argc; i++)
        if (!parse_id (argv[i], &ids[i - 3]))
          return scrim_cli_usage_error ("group", _("“%s” is not a group id"), argv[i]);
      if (!scrim_group_merge (scase, ids, argc - 3, &result, &error))
        return scrim_cli_fail (error);
      printf (_("Merged into group %" PRId64 "\n"), result);
      return SCRIM_EXIT_OK;
    }
  if (argc < 5 || !parse_id (argv[3], &id))
    return scrim_cli_usage_error ("group", _("split needs a GROUP_ID and the SHA-256 of the images to split off"));
  if (!scrim_group_split (scase, id, (const char * const *) argv + 4, &result, &error))
    return scrim_cli_fail (error);
  printf (_("Split off into group %" PRId64 "\n"), result);
  return SCRIM_EXIT_OK;
}

static gboolean
valid_date (const char *text)
{
  g_autofree char *iso = g_strconcat (text, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  return dt != NULL && strlen (text) == 10;
}

int
scrim_cmd_group (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autofree char *seizure = NULL;
  g_autofree char *examiner = NULL;
  ScrimGroupOptions options = SCRIM_GROUP_OPTIONS_INIT;
  ScrimGroupReport report;
  ScrimCaseInfo info = { NULL, NULL };
  int distance = options.pdq_distance, gap = options.session_gap / 60, jobs = 0;
  double radius = options.place_radius;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "pdq-distance", 0, 0, G_OPTION_ARG_INT, &distance, N_("Near-duplicates: largest PDQ distance (31)"), N_("N") },
    { "session-gap", 0, 0, G_OPTION_ARG_INT, &gap, N_("Sessions: largest gap between captures, minutes (30)"), N_("MIN") },
    { "place-radius", 0, 0, G_OPTION_ARG_DOUBLE, &radius, N_("Places: radius in metres (100)"), N_("M") },
    { "seizure-date", 0, 0, G_OPTION_ARG_STRING, &seizure,
      N_("The date the device was seized (YYYY-MM-DD): recent captures rank higher in the queue"), N_("DATE") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Threads"), N_("N") },
    { "examiner", 0, 0, G_OPTION_ARG_STRING, &examiner, N_("Who groups (for the audit log)"), N_("NAME") },
    { NULL }
  };

  context = scrim_cli_context_new ("group", _("CASE [name GROUP_ID NAME | merge GROUP_ID… | split GROUP_ID SHA256…]"),
                                   _("Computes (or refreshes) the groups of CASE — near-duplicates, cameras,\n"
                                     "capture sessions, places, folders, known series — and the queue of\n"
                                     "possibly ongoing abuse, each with its reasons. Analyst decisions (a\n"
                                     "name, a merge, a split) are kept and applied again after every\n"
                                     "grouping."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "group", &argc, &argv)) >= 0)
    return rc;
  if (argc < 2)
    return scrim_cli_usage_error ("group", _("need a CASE"));
  if (argc > 2 && strcmp (argv[2], "name") != 0 && strcmp (argv[2], "merge") != 0
      && strcmp (argv[2], "split") != 0)
    return scrim_cli_usage_error ("group", _("unknown action “%s” (name, merge or split)"), argv[2]);
  if (distance < 0 || distance > SCRIM_PDQ_BITS || gap <= 0 || radius <= 0 || jobs < 0)
    return scrim_cli_usage_error ("group", _("--pdq-distance 0…256; --session-gap and --place-radius above 0"));
  if (seizure != NULL && !valid_date (seizure))
    return scrim_cli_usage_error ("group", _("--seizure-date wants YYYY-MM-DD, not “%s”"), seizure);

  info.examiner = examiner;
  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_DEFAULT, &info, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);
  if (argc > 2)
    return group_decision (scase, argc, argv);

  if (seizure != NULL && !scrim_case_set_meta (scase, "seizure_date", seizure, &error))
    return scrim_cli_fail (error);
  options.pdq_distance = distance;
  options.session_gap = gap * 60;
  options.place_radius = radius;
  options.jobs = jobs;
  if (!scrim_case_group (scase, &options, &report, NULL, &error))
    return scrim_cli_fail (error);
  print_group_report (&report);
  return SCRIM_EXIT_OK;
}

/* ---- scrim groups ---- */

static void
print_group (const ScrimGroupInfo *g,
             gboolean              jsonl)
{
  if (jsonl)
    {
      g_autoptr(ScrimJson) json = scrim_json_new ();

      scrim_json_begin_object (json, NULL);
      scrim_json_add_int (json, "group", g->id);
      scrim_json_add_string (json, "kind", scrim_group_kind_to_string (g->kind));
      scrim_json_add_int (json, "size", g->size);
      scrim_json_add_string (json, "reasons", g->reasons);
      scrim_json_add_string (json, "representative", g->representative_sha256);
      scrim_json_add_string (json, "representative_path", g->representative_path);
      scrim_json_add_string (json, "name", g->name);
      scrim_json_end_object (json);
      printf ("%s\n", scrim_json_peek (json));
      return;
    }
  {
    g_autofree char *reasons = scrim_text_escape_tsv (g->reasons, -1);
    g_autofree char *name = scrim_text_escape_tsv (g->name, -1);

    printf ("%" PRId64 "\t%s\t%" PRId64 "\t%s\t%s\t%s\t%s\n", g->id,
            scrim_group_kind_to_string (g->kind), g->size, reasons,
            g->representative_sha256 ? g->representative_sha256 : "",
            g->representative_path ? g->representative_path : "", name);
  }
}

int
scrim_cmd_groups (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *format = NULL;
  ScrimGroupKind kind = 0;
  gboolean jsonl = FALSE;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name,
      N_("near-duplicate, camera, session, place, folder or series"), N_("KIND") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("tsv (default) or jsonl"), N_("FORMAT") },
    { NULL }
  };

  context = scrim_cli_context_new ("groups", _("CASE"),
                                   _("Lists the groups of CASE (run “scrim group” first): group id, kind,\n"
                                     "size, reasons, representative image (SHA-256 and location), name.\n"
                                     "Folders come first by how many reference-list hits they hold."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "groups", &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return scrim_cli_usage_error ("groups", _("need exactly one CASE"));
  if (kind_name != NULL && !scrim_group_kind_from_string (kind_name, &kind))
    return scrim_cli_usage_error ("groups", _("unknown kind “%s”"), kind_name);
  if (!parse_format (format, &jsonl))
    return scrim_cli_usage_error ("groups", _("unknown format “%s” (use tsv or jsonl)"), format);

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL || (groups = scrim_case_list_groups (scase, kind_name ? (int) kind : -1, &error)) == NULL)
    return scrim_cli_fail (error);
  if (!jsonl)
    printf ("group\tkind\tsize\treasons\trepresentative\trepresentative_path\tname\n");
  for (guint i = 0; i < groups->len; i++)
    print_group (g_ptr_array_index (groups, i), jsonl);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_group_members (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GPtrArray) members = NULL;
  GError *error = NULL;
  gint64 id = 0;
  int rc;

  context = scrim_cli_context_new ("group-members", _("CASE GROUP_ID"),
                                   _("Lists the images of a group: SHA-256, pre-category, why it is in the\n"
                                     "group, and every location it was found at."));
  if ((rc = scrim_cli_parse (context, "group-members", &argc, &argv)) >= 0)
    return rc;
  if (argc != 3 || !parse_id (argv[2], &id))
    return scrim_cli_usage_error ("group-members", _("need a CASE and a GROUP_ID"));

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL || (members = scrim_case_group_members (scase, id, &error)) == NULL)
    return scrim_cli_fail (error);
  printf ("sha256\tcategory\treason\tpaths\n");
  for (guint i = 0; i < members->len; i++)
    {
      ScrimGroupMember *m = g_ptr_array_index (members, i);
      g_autofree char *reason = scrim_text_escape_tsv (m->reason, -1);

      printf ("%s\t%s\t%s\t%s\n", m->sha256, m->category ? m->category : "", reason, m->paths);
    }
  return SCRIM_EXIT_OK;
}

/* ---- scrim queue ---- */

static int
explain_weights (ScrimCase *scase)
{
  g_autoptr(GPtrArray) weights = NULL;
  GError *error = NULL;

  weights = scrim_case_queue_weights (scase, &error);
  if (weights == NULL)
    return scrim_cli_fail (error);
  printf ("signal\tweight\tdescription\n");
  for (guint i = 0; i < weights->len; i++)
    {
      ScrimQueueWeight *w = g_ptr_array_index (weights, i);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      printf ("%s\t%s\t%s\n", w->signal, g_ascii_formatd (buf, sizeof buf, "%.2f", w->weight), w->description);
    }
  return SCRIM_EXIT_OK;
}

static void
print_entry (const ScrimQueueEntry *e,
             guint                  rank,
             gboolean               jsonl)
{
  char score[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (score, sizeof score, "%.2f", e->score);
  if (jsonl)
    {
      g_autoptr(ScrimJson) json = scrim_json_new ();

      scrim_json_begin_object (json, NULL);
      scrim_json_add_int (json, "rank", rank);
      scrim_json_add_string (json, "sha256", e->sha256);
      scrim_json_add_raw (json, "score", score);
      scrim_json_add_raw (json, "reasons", e->reasons);
      scrim_json_add_string (json, "path", e->path);
      scrim_json_end_object (json);
      printf ("%s\n", scrim_json_peek (json));
      return;
    }
  printf ("%u\t%s\t%s\t%s\t%s\n", rank, e->sha256, score, e->reasons, e->path);
}

/* SIGNAL=NUMBER, a finite number; FALSE when it is not that shape. */
static gboolean
parse_weight (const char  *assignment,
              char       **signal,
              double      *weight)
{
  g_auto(GStrv) parts = g_strsplit (assignment, "=", 2);
  char *end = NULL;

  if (parts[0][0] == '\0' || parts[1] == NULL || parts[1][0] == '\0')
    return FALSE;
  *weight = g_ascii_strtod (parts[1], &end);
  if (*end != '\0' || !isfinite (*weight))
    return FALSE;
  *signal = g_strdup (parts[0]);
  return TRUE;
}

int
scrim_cmd_queue (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GPtrArray) entries_out = NULL;
  g_autofree char *format = NULL;
  g_auto(GStrv) weights = NULL;
  gboolean explain = FALSE;
  gboolean jsonl = FALSE;
  int limit = 50;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("How many (default 50; 0: all)"), N_("N") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("tsv (default) or jsonl"), N_("FORMAT") },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &explain, N_("List the signals and their weights"), NULL },
    { "set-weight", 0, 0, G_OPTION_ARG_STRING_ARRAY, &weights,
      N_("Change a signal's weight; the queue is re-scored at once"), N_("SIGNAL=W") },
    { NULL }
  };

  context = scrim_cli_context_new ("queue", _("CASE"),
                                   _("The possibly-ongoing queue: unknown images ranked by signals of abuse\n"
                                     "that may be happening now (the owner's own camera, recent capture,\n"
                                     "a camera folder, nearness to matched material, a session of several\n"
                                     "images), each shown with its weight: rank, SHA-256, score, reasons,\n"
                                     "location."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "queue", &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return scrim_cli_usage_error ("queue", _("need exactly one CASE"));
  if (limit < 0 || !parse_format (format, &jsonl))
    return scrim_cli_usage_error ("queue", _("--limit must not be negative; --format tsv or jsonl"));

  for (guint i = 0; weights != NULL && weights[i] != NULL; i++)
    {
      g_autofree char *signal = NULL;
      double weight;

      if (!parse_weight (weights[i], &signal, &weight))
        return scrim_cli_usage_error ("queue", _("--set-weight wants SIGNAL=NUMBER, not “%s”"), weights[i]);
    }

  scase = scrim_case_open (argv[1], weights ? SCRIM_CASE_OPEN_DEFAULT : SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);
  for (guint i = 0; weights != NULL && weights[i] != NULL; i++)
    {
      g_autofree char *signal = NULL;
      double weight = 0;

      parse_weight (weights[i], &signal, &weight);
      if (!scrim_case_set_queue_weight (scase, signal, weight, &error))
        return scrim_cli_fail (error);
    }
  if (explain || weights != NULL)
    return explain_weights (scase);

  entries_out = scrim_case_queue (scase, limit, &error);
  if (entries_out == NULL)
    return scrim_cli_fail (error);
  if (!jsonl)
    printf ("rank\tsha256\tscore\treasons\tpath\n");
  for (guint i = 0; i < entries_out->len; i++)
    print_entry (g_ptr_array_index (entries_out, i), i + 1, jsonl);
  return SCRIM_EXIT_OK;
}
