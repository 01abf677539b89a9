/* scrim-cmd-ingest.c: `scrim ingest CASE SOURCE…`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "scrim-cli.h"
#include "scrim-core.h"

typedef struct
{
  ScrimIngest  *ingest;
  GCancellable *cancellable;
  GMainLoop    *loop;
  GError       *error;
  gboolean      done;
  gboolean      ok;
  gboolean      show_progress;
  guint         interrupts;
  int           last_len;
} IngestRun;

static void
format_bytes (char    *buf,
              gsize    size,
              guint64  bytes)
{
  g_autofree char *str = g_format_size (bytes);

  g_strlcpy (buf, str, size);
}

static void
format_duration (char   *buf,
                 gsize   size,
                 double  seconds)
{
  guint64 s = seconds > 0 ? (guint64) (seconds + 0.5) : 0;

  g_snprintf (buf, size, "%" PRIu64 ":%02u:%02u", s / 3600, (guint) (s / 60 % 60), (guint) (s % 60));
}

/* One line on stderr, rewritten in place: files, MB, files/s, ETA. */
static gboolean
print_progress (gpointer data)
{
  IngestRun *run = data;
  ScrimIngestProgress p;
  g_autoptr(GString) line = g_string_new (NULL);
  guint64 files = 0;
  double rate;
  char bytes[32];
  char eta[32];

  scrim_ingest_get_progress (run->ingest, &p);
  files = p.files_done + p.files_skipped;
  rate = p.elapsed > 0 ? p.files_done / p.elapsed : 0;
  format_bytes (bytes, sizeof bytes, p.bytes_committed);

  g_string_append_printf (line, _("%" PRIu64 " files"), files);
  if (p.total_known)
    g_string_append_printf (line, _(" of %" PRIu64), p.files_total);
  g_string_append_printf (line, _(", %s, %.0f files/s"), bytes, rate);
  if (p.total_known && p.bytes_committed > 0 && p.bytes_total > p.bytes_committed)
    {
      /* Files already in the case (a resumed run) count as done. */
      double left = p.elapsed * (double) (p.bytes_total - p.bytes_committed) / p.bytes_committed;

      format_duration (eta, sizeof eta, left);
      g_string_append_printf (line, _(", ETA %s"), eta);
    }
  else if (!p.total_known)
    g_string_append (line, _(", counting…"));

  fprintf (stderr, "\r%s%*s", line->str, MAX (0, run->last_len - (int) line->len), "");
  run->last_len = line->len;
  return G_SOURCE_CONTINUE;
}

static gboolean
on_interrupt (gpointer data)
{
  IngestRun *run = data;

  if (++run->interrupts > 1)
    {
      /* Safe even now: every commit is atomic, and a re-run resumes. */
      fprintf (stderr, _("\nscrim: stopped at once; run the same ingest again to resume\n"));
      _exit (SCRIM_EXIT_FAILURE);
    }
  fprintf (stderr, _("\nscrim: stopping after the files in hand (press Ctrl+C again to stop at once)…\n"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  IngestRun *run = data;

  run->ok = scrim_ingest_run_finish (SCRIM_INGEST (source), result, &run->error);
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static void
print_summary (ScrimIngest *ingest,
               gboolean     ok)
{
  ScrimIngestProgress p;
  g_autoptr(GString) by_status = g_string_new (NULL);
  char bytes[32];

  scrim_ingest_get_progress (ingest, &p);
  format_bytes (bytes, sizeof bytes, p.bytes_done);
  for (int s = 0; s < SCRIM_N_STATUS; s++)
    if (p.by_status[s] > 0)
      g_string_append_printf (by_status, "%s%s %" PRIu64,
                              by_status->len ? ", " : "", scrim_status_to_string (s), p.by_status[s]);

  printf (ok ? _("Ingested %" PRIu64 " files (%s) in %.1f s")
             : _("Committed %" PRIu64 " files (%s) in %.1f s before stopping"),
          p.files_done, bytes, p.elapsed);
  if (p.files_skipped > 0)
    printf (_("; %" PRIu64 " already in the case"), p.files_skipped);
  printf ("\n");
  if (by_status->len > 0)
    printf ("  %s\n", by_status->str);
}

static ScrimCase *
open_case (const char  *path,
           const char  *case_number,
           const char  *examiner,
           GError     **error)
{
  ScrimCaseInfo info = { case_number, examiner };
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, &info, error);
  g_autofree char *stored = NULL;

  if (scase == NULL)
    return NULL;
  stored = scrim_case_dup_meta (scase, "case_number");
  if (case_number != NULL && stored != NULL && g_strcmp0 (stored, case_number) != 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("%s belongs to case number %s, not %s"), path, stored, case_number);
      return NULL;
    }
  if (case_number != NULL && stored == NULL
      && !scrim_case_set_meta (scase, "case_number", case_number, error))
    return NULL;
  return g_steal_pointer (&scase);
}

static gboolean
add_sources (ScrimIngest  *ingest,
             char        **sources,
             char        **exhibits,
             GError      **error)
{
  guint n_exhibits = exhibits ? g_strv_length (exhibits) : 0;

  for (guint i = 0; sources[i] != NULL; i++)
    if (!scrim_ingest_add_source (ingest, sources[i], n_exhibits ? exhibits[i] : NULL, error))
      return FALSE;
  return TRUE;
}

static int
run_ingest (ScrimIngest *ingest,
            gboolean     quiet)
{
  IngestRun run = { 0 };
  guint progress_id = 0;
  guint sigint_id;
  guint sigterm_id;

  run.ingest = ingest;
  run.cancellable = g_cancellable_new ();
  run.loop = g_main_loop_new (NULL, FALSE);
  run.show_progress = !quiet && isatty (STDERR_FILENO);

  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &run);
  if (run.show_progress)
    progress_id = g_timeout_add (250, print_progress, &run);

  scrim_ingest_run_async (ingest, run.cancellable, on_run_done, &run);
  if (!run.done)
    g_main_loop_run (run.loop);

  if (progress_id != 0)
    {
      g_source_remove (progress_id);
      print_progress (&run);
      fprintf (stderr, "\n");
    }
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_main_loop_unref (run.loop);
  g_object_unref (run.cancellable);

  if (!quiet)
    print_summary (ingest, run.ok);
  if (!run.ok)
    return scrim_cli_fail (run.error);
  return SCRIM_EXIT_OK;
}

int
scrim_cmd_ingest (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimIngest) ingest = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_auto(GStrv) exhibits = NULL;
  g_autofree char *examiner = NULL;
  g_autofree char *case_number = NULL;
  GError *error = NULL;
  gint64 max_pixels = 0;
  int jobs = 0;
  gboolean quiet = FALSE;
  int rc;
  const GOptionEntry entries[] = {
    { "exhibit", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &exhibits,
      N_("Exhibit id of the source (once per SOURCE, in order)"), N_("ID") },
    { "examiner", 0, 0, G_OPTION_ARG_STRING, &examiner,
      N_("Who is doing this (default: the case’s examiner, else your name)"), N_("NAME") },
    { "case-number", 0, 0, G_OPTION_ARG_STRING, &case_number,
      N_("Case number, recorded when the case is created"), N_("N") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Worker threads (default: one per processor)"), N_("N") },
    { "max-pixels", 0, 0, G_OPTION_ARG_INT64, &max_pixels,
      N_("Pixel budget: larger images are recorded too-large (default 200000000)"), N_("N") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("No progress line and no summary"), NULL },
    { NULL }
  };

  context = scrim_cli_context_new ("ingest", _("CASE SOURCE…"),
                                   _("Creates CASE if it does not exist, then reads every file under each\n"
                                     "SOURCE once, read-only, without changing access times: MD5, SHA-1,\n"
                                     "SHA-256, type by content, and for images the decoded size, EXIF and a\n"
                                     "thumbnail. Links are recorded, never followed. Ctrl+C stops cleanly;\n"
                                     "running the same command again resumes."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "ingest", &argc, &argv)) >= 0)
    return rc;

  if (argc < 3)
    return scrim_cli_usage_error ("ingest", _("need a CASE and at least one SOURCE"));
  if (jobs < 0 || jobs > 1024)
    return scrim_cli_usage_error ("ingest", _("--jobs must be between 1 and 1024"));
  if (max_pixels < 0)
    return scrim_cli_usage_error ("ingest", _("--max-pixels must be positive"));
  if (exhibits != NULL && g_strv_length (exhibits) != (guint) (argc - 2))
    return scrim_cli_usage_error ("ingest", _("give --exhibit once for every SOURCE (or not at all)"));

  /* Refuse before the case is created: creating it would write into the
   * evidence. */
  for (int i = 2; i < argc; i++)
    if (scrim_evidence_contains (argv[i], argv[1]))
      {
        scrim_cli_print_error (_("the case file %s would be inside the evidence source %s; "
                                 "keep cases outside the evidence (Scrim never writes into it)"),
                               argv[1], argv[i]);
        return SCRIM_EXIT_FAILURE;
      }

  /* A full disk or a file size limit must fail a write, not kill us. */
  signal (SIGXFSZ, SIG_IGN);

  scase = open_case (argv[1], case_number, examiner, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);

  ingest = scrim_ingest_new (scase);
  scrim_ingest_set_jobs (ingest, jobs);
  scrim_ingest_set_max_pixels (ingest, max_pixels);
  if (!add_sources (ingest, argv + 2, exhibits, &error))
    return scrim_cli_fail (error);

  return run_ingest (ingest, quiet);
}
