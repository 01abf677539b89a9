/* scrim-cmd-demo.c: `scrim demo [DIR]`
 *
 * Trainer mode (core/scrim-demo.c): generates a synthetic "seized phone"
 * and DEMO-marked reference lists in a new folder, runs the whole pipeline
 * on them (a demo library of its own, import, ingest, match, group) and
 * prints what was found, checked against what was planted. The pictures
 * are drawn by code (colour fields, shapes, patterns, labels); nothing
 * depicts a person. Deterministic per size and seed.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "scrim-cli.h"
#include "scrim-core.h"
#if HAVE_UI
#include "scrim-application.h"
#endif

/* The queue entries the summary shows (the planted session and the first
 * entry after it), the first ones with their reasons. */
#define QUEUE_SHOWN   8
#define REASONS_SHOWN 3

/* ---- progress ---- */

typedef struct
{
  guint  n;           /* steps begun */
  gint64 started;     /* of the current step */
} Progress;

/* The core's step names, as the analyst reads them. */
static const char *
step_label (const char *step)
{
  static const struct
  {
    const char *step;
    const char *label;
  } labels[] = {
    { "generating", N_("Generating the synthetic device and the DEMO reference lists") },
    { "importing", N_("Importing the DEMO lists into the demo’s own library") },
    { "ingesting", N_("Ingesting the evidence (read only)") },
    { "matching", N_("Matching against the DEMO lists (hashes and PDQ)") },
    { "grouping", N_("Grouping and ranking the queue") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (step, labels[i].step) == 0)
      return _(labels[i].label);
  return step;
}

/* Ends the line of the step under way with its time. */
static void
progress_end_step (Progress *p)
{
  if (p->n == 0)
    return;
  printf (_("%.1f s\n"), (g_get_monotonic_time () - p->started) / 1e6);
  fflush (stdout);
}

static void
progress_step (const char *step,
               gpointer    user_data)
{
  Progress *p = user_data;

  progress_end_step (p);
  p->n++;
  p->started = g_get_monotonic_time ();
  printf ("[%u/5] %s … ", p->n, step_label (step));
  fflush (stdout);
}

/* ---- the summary ---- */

static void
print_files (const ScrimDemoReport *r)
{
  gboolean first = TRUE;

  printf (_("  Files            %" PRIu64 " ("), r->n_files);
  for (int s = 0; s < SCRIM_N_STATUS; s++)
    {
      if (r->by_status[s] == 0)
        continue;
      printf ("%s%" PRIu64 " %s", first ? "" : ", ", r->by_status[s],
              s == SCRIM_STATUS_OK ? _("images") : scrim_status_to_string (s));
      first = FALSE;
    }
  printf (")\n");
}

static void
print_matches (const ScrimDemoReport *r)
{
  printf (_("  Matched          %u files: %" PRIu64 " exact (hash), %" PRIu64
            " by PDQ only (altered copies)\n"), r->matches->len, r->exact, r->pdq_only);
  for (int c = 0; c < SCRIM_N_CLASSES; c++)
    if (r->by_class[c] > 0)
      printf ("                     %-16s %" PRIu64 "\n", scrim_class_to_string (c), r->by_class[c]);
  printf (_("  Conflicts        %" PRIu64 " (lists disagree: abuse for one, known-good for another)\n"),
          r->conflicts);
  printf (_("  Ignorable        %" PRIu64 " (known-good or non-pertinent)\n"), r->ignorable);
  printf (_("  Unknown images   %" PRIu64 " (no list grades them: what the analyst reviews)\n"),
          r->unknown);
}

static void
print_series (const ScrimDemoReport *r)
{
  for (guint i = 0; i < r->series->len; i++)
    {
      const ScrimDemoSeries *s = g_ptr_array_index (r->series, i);

      printf (i == 0 ? _("  Known series     ") : "                   ");
      printf (ngettext ("%s: %" PRIu64 " listed file on the device",
                        "%s: %" PRIu64 " listed files on the device", s->listed),
              s->name, s->listed);
      if (s->possible_new > 0)
        printf (ngettext (", %" PRIu64 " unknown image: possible new material",
                          ", %" PRIu64 " unknown images: possible new material", s->possible_new),
                s->possible_new);
      printf ("\n");
    }
}

static void
print_groups (const ScrimDemoReport *r)
{
  printf (_("  Groups           "));
  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    printf ("%s%s %" PRIu64, k == 0 ? "" : ", ", scrim_group_kind_to_string (k), r->groups[k]);
  printf ("\n");
}

static void
print_queue (const ScrimDemoReport *r)
{
  printf (_("  Queue            %" PRIu64 " unknown images ranked as possibly ongoing; the top:\n"),
          r->queued);
  for (guint i = 0; i < r->queue->len && i < QUEUE_SHOWN; i++)
    {
      const ScrimDemoQueued *q = g_ptr_array_index (r->queue, i);

      printf ("    %u. %6.2f  %s\n", i + 1, q->score, q->display);
      for (guint k = 0; i < REASONS_SHOWN && q->reasons[k] != NULL; k++)
        {
          g_autofree char *shown = scrim_text_display (q->reasons[k], -1);

          printf ("                 %s\n", shown);
        }
    }
  if (r->queued > QUEUE_SHOWN)
    printf (_("    … %" PRIu64 " more (scrim queue shows them all)\n"), r->queued - QUEUE_SHOWN);
}

static void
print_timings (const ScrimDemoReport *r)
{
  printf (_("  Time             generate %.1f s, import %.1f s, ingest %.1f s, match %.1f s, group %.1f s; "
            "total %.1f s\n"), r->seconds_generate, r->seconds_import, r->seconds_ingest, r->seconds_match,
          r->seconds_group, r->seconds_total);
}

static void
print_places (const ScrimDemoReport *r)
{
  g_autofree char *case_path = g_filename_display_name (r->case_path);
  g_autofree char *library = g_filename_display_name (r->library_path);
  g_autofree char *evidence = g_filename_display_name (r->evidence);
  g_autofree char *lists = g_build_filename (r->dir, "lists", NULL);
  g_autofree char *lists_shown = g_filename_display_name (lists);

  printf (_("  Case             %s (a DEMO case: matched only against DEMO lists)\n"), case_path);
  printf (_("  Library          %s (the demo’s own: your reference library is untouched)\n"), library);
  printf (_("  Evidence         %s\n"), evidence);
  printf (_("  Lists            %s\n"), lists_shown);
}

static void
print_next (const ScrimDemoReport *r)
{
  g_autofree char *case_path = g_filename_display_name (r->case_path);

  printf (_("\nNext: scrim info %s; scrim queue %s; scrim groups %s\n"), case_path, case_path, case_path);
}

static void
print_summary (const ScrimDemoReport *r)
{
  printf (_("\nDEMO — synthetic training data, not evidence (%s, seed %" PRIu64 ")\n"),
          scrim_demo_size_to_string (r->manifest->size), r->manifest->seed);
  print_files (r);
  print_matches (r);
  print_series (r);
  print_groups (r);
  print_queue (r);
  print_timings (r);
  print_places (r);
}

/* ---- the command ---- */

/* Picks scrim-demo, scrim-demo-2, … : never an existing path. */
static char *
default_dir (void)
{
  for (guint i = 1; ; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup ("scrim-demo") : g_strdup_printf ("scrim-demo-%u", i);
      GStatBuf st;

      if (g_lstat (name, &st) != 0)
        return g_steal_pointer (&name);
    }
}

/* Runs the demo in dir (refused if anything is there) and prints it;
 * returns the exit code, and on success *case_path. */
/* The HTML report of the demo case, as a trainer hands it out: matched
 * material obscured, unknown images blurred (the default). */
static gboolean
write_report (const ScrimDemoReport  *report,
              GError                **error)
{
  g_autofree char *path = g_build_filename (report->dir, "report.html", NULL);
  g_autofree char *shown = g_filename_display_name (path);
  g_autoptr(ScrimCase) scase = scrim_case_open (report->case_path, SCRIM_CASE_OPEN_DEFAULT, NULL, error);
  ScrimExportOptions options = { scrim_export_default_select (SCRIM_EXPORT_HTML), NULL, NULL, NULL, FALSE, FALSE };
  ScrimExportReport written = { 0 };

  if (scase == NULL
      || !scrim_export_to_file (scase, SCRIM_EXPORT_HTML, &options, path, &written, NULL, error))
    return FALSE;
  printf (_("  Report           %s (%" PRIu64 " images, matched ones obscured)\n"), shown, written.items);
  return TRUE;
}

static int
run_demo (const char             *dir,
          const ScrimDemoOptions *options,
          char                  **case_path)
{
  g_autoptr(ScrimDemoReport) report = NULL;
  g_autoptr(GString) differences = g_string_new (NULL);
  g_autofree char *shown = g_filename_display_name (dir);
  Progress *progress = options->progress_data;
  GError *error = NULL;
  GStatBuf st;

  if (g_lstat (dir, &st) == 0)
    {
      scrim_cli_print_error (_("%s already exists; the demo never writes into an existing path (name a new "
                               "folder)"), shown);
      return SCRIM_EXIT_FAILURE;
    }
  printf (_("Scrim demo (%s, seed %" PRIu64 ") in %s: synthetic training data, nothing depicts "
            "a person\n"), scrim_demo_size_to_string (options->size), options->seed, shown);
  fflush (stdout);
  if (!scrim_demo_run (dir, options, &report, NULL, &error))
    {
      if (progress->n > 0)
        printf ("\n");
      fflush (stdout);
      return scrim_cli_fail (error);
    }
  progress_end_step (progress);
  print_summary (report);
  if (!scrim_demo_report_agrees (report, differences))
    {
      fflush (stdout);
      scrim_cli_print_error (_("the pipeline did not find what the demo planted (a bug in Scrim; please "
                               "report it with the size and seed):\n%s"), differences->str);
      return SCRIM_EXIT_FAILURE;
    }
  printf (_("  Self-check       every planted match, the conflict, the series and the planted session at the "
            "top of the queue were found\n"));
  if (!write_report (report, &error))
    return scrim_cli_fail (error);
  print_next (report);
  *case_path = g_strdup (report->case_path);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_demo (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *size = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *case_path = NULL;
  ScrimDemoOptions options = { SCRIM_DEMO_SMALL, 1, 0, progress_step, NULL };
  Progress progress = { 0 };
  gboolean no_window = FALSE;
  int jobs = 0;
  int rc;
  const GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size,
      N_("small (default, about 200 files), medium (about 3,000) or large (about 20,000)"), N_("SIZE") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, N_("Seed of the generator (default 1)"), N_("N") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Worker threads (default: one per processor)"), N_("N") },
    { "no-window", 0, 0, G_OPTION_ARG_NONE, &no_window, N_("Do not open the window afterwards"), NULL },
    { NULL }
  };

  context = scrim_cli_context_new ("demo", _("[DIR]"),
                                   _("Trainer mode: generates, in DIR (default: a new folder scrim-demo in\n"
                                     "the current folder; never an existing one), a synthetic seized phone\n"
                                     "and fake reference lists marked DEMO, then imports the lists into a\n"
                                     "demo library inside DIR, ingests, matches and groups into\n"
                                     "DIR/demo.scrim and prints what was found. The pictures are drawn by\n"
                                     "code: colour fields, shapes, patterns and labels; nothing depicts a\n"
                                     "person. The same size and seed give the same files. Demo lists and\n"
                                     "cases never mix with real ones."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "demo", &argc, &argv)) >= 0)
    return rc;
  if (argc > 2)
    return scrim_cli_usage_error ("demo", _("at most one DIR"));
  if (size != NULL && !scrim_demo_size_from_string (size, &options.size))
    return scrim_cli_usage_error ("demo", _("unknown size “%s” (use small, medium or large)"), size);
  if (seed != NULL && !g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &options.seed, NULL))
    return scrim_cli_usage_error ("demo", _("--seed wants a whole number of 0 or more, not “%s”"), seed);
  if (jobs < 0)
    return scrim_cli_usage_error ("demo", _("--jobs must not be negative"));
  options.jobs = (guint) jobs;
  options.progress_data = &progress;

  dir = argc == 2 ? g_strdup (argv[1]) : default_dir ();
  rc = run_demo (dir, &options, &case_path);
#if HAVE_UI
  /* The first thing a newcomer sees: the window on the demo case. */
  if (rc == SCRIM_EXIT_OK && !no_window && scrim_application_has_display ())
    {
      fflush (stdout);
      return scrim_application_run_cases (1, &case_path);
    }
#endif
  return rc;
}
