/* scrim-cmd-pdq.c: `scrim pdq FILE…` and `scrim similar CASE FILE_OR_SHA256`
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "scrim-cli.h"
#include "scrim-core.h"

/* Decodes a file as ingest does and hashes it; FALSE (with a message
 * printed) when it cannot. */
static gboolean
hash_file (const char     *path,
           ScrimPdqResult  variants[SCRIM_PDQ_N_DIHEDRAL])
{
  ScrimAnalyzeOptions options = { .no_thumbnail = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimAnalysis) analysis = scrim_analyze_file (path, &options, &error);
  g_autofree char *shown = scrim_text_display (path, -1);

  if (analysis == NULL)
    {
      scrim_cli_print_error ("%s", error->message);
      return FALSE;
    }
  if (!analysis->has_pdq)
    {
      scrim_cli_print_error (_("%s: no PDQ hash: the file is %s%s%s"), shown,
                             scrim_status_to_string (analysis->status),
                             analysis->message ? ": " : "", analysis->message ? analysis->message : "");
      return FALSE;
    }
  memcpy (variants, analysis->pdq, sizeof analysis->pdq);
  if (variants[0].unreliable)
    scrim_cli_print_error (_("%s: warning: the hash is unreliable (a flat, gradient or striped "
                             "image: its bits are noise)"), shown);
  else if (variants[0].quality < SCRIM_PDQ_MIN_QUALITY)
    scrim_cli_print_error (_("%s: warning: quality %d is below %d: matches are not trustworthy"),
                           shown, variants[0].quality, SCRIM_PDQ_MIN_QUALITY);
  return TRUE;
}

static void
print_hashes (const char           *path,
              const ScrimPdqResult *variants,
              gboolean              dihedral)
{
  g_autofree char *shown = scrim_text_escape_tsv (path, -1);
  char hex[SCRIM_PDQ_HEX_LEN + 1];

  for (int v = 0; v < (dihedral ? SCRIM_PDQ_N_DIHEDRAL : 1); v++)
    {
      scrim_pdq_to_hex (&variants[v].hash, hex);
      printf ("%s\t", hex);
    }
  printf ("%d\t%s\n", variants[0].quality, shown);
}

int
scrim_cmd_pdq (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  gboolean dihedral = FALSE;
  gboolean failed = FALSE;
  int rc;
  const GOptionEntry entries[] = {
    { "dihedral", 'd', 0, G_OPTION_ARG_NONE, &dihedral,
      N_("Print the 8 dihedral hashes: original, rotated 90° counter-clockwise, 180°, 270°, "
         "flipped top-bottom, mirrored, transposed, anti-transposed"), NULL },
    { NULL }
  };

  context = scrim_cli_context_new ("pdq", _("FILE…"),
                                   _("Prints the PDQ perceptual hash of each image, as TSV:\n"
                                     "  pdq_hex quality path\n"
                                     "(with --dihedral, the 8 hashes before quality). Images are decoded\n"
                                     "as ingest decodes them (at reduced size); EXIF orientation and alpha\n"
                                     "are ignored, as PDQ's reference does. Files are opened read-only."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "pdq", &argc, &argv)) >= 0)
    return rc;
  if (argc < 2)
    return scrim_cli_usage_error ("pdq", _("need at least one FILE"));

  for (int i = 1; i < argc; i++)
    {
      ScrimPdqResult variants[SCRIM_PDQ_N_DIHEDRAL];

      if (hash_file (argv[i], variants))
        print_hashes (argv[i], variants, dihedral);
      else
        failed = TRUE;
    }
  return failed ? SCRIM_EXIT_FAILURE : SCRIM_EXIT_OK;
}

static gboolean
is_sha256 (const char *text)
{
  guint8 bytes[SCRIM_SHA256_LEN];

  return scrim_hex_decode (text, bytes, sizeof bytes);
}

typedef struct
{
  const ScrimSimilarHit *hit;
} Row;

static gboolean
print_location (const char *source,
                const char *path,
                gsize       path_len,
                gpointer    user_data)
{
  const ScrimSimilarHit *hit = ((Row *) user_data)->hit;
  g_autofree char *shown_source = scrim_text_escape_tsv (source, -1);
  g_autofree char *shown_path = scrim_text_escape_tsv (path, path_len);

  printf ("%u\t%s\t%d%s\t%s\t%s\t%s\n", hit->distance, scrim_pdq_dihedral_name (hit->variant),
          hit->quality, hit->unreliable ? " (unreliable)" : "", hit->sha256, shown_source, shown_path);
  return TRUE;
}

int
scrim_cmd_similar (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GArray) hits = NULL;
  ScrimPdqResult query[SCRIM_PDQ_N_DIHEDRAL];
  int distance = SCRIM_PDQ_MATCH_DISTANCE;
  GError *error = NULL;
  int rc;
  const GOptionEntry entries[] = {
    { "distance", 'd', 0, G_OPTION_ARG_INT, &distance,
      N_("Largest Hamming distance (default 31, PDQ's match threshold)"), N_("N") },
    { NULL }
  };

  context = scrim_cli_context_new ("similar", _("CASE FILE_OR_SHA256"),
                                   _("Lists the images of CASE whose PDQ hash lies within --distance of an\n"
                                     "image file, or of the image of the case with that SHA-256, trying\n"
                                     "the query's 8 rotations and mirrors; nearest first, one row per\n"
                                     "location:\n"
                                     "  distance variant quality sha256 source path"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = scrim_cli_parse (context, "similar", &argc, &argv)) >= 0)
    return rc;
  if (argc != 3)
    return scrim_cli_usage_error ("similar", _("need a CASE and a FILE or SHA-256"));
  if (distance < 0 || distance > SCRIM_PDQ_BITS)
    return scrim_cli_usage_error ("similar", _("--distance must be between 0 and 256"));

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL)
    return scrim_cli_fail (error);

  if (!g_file_test (argv[2], G_FILE_TEST_EXISTS) && is_sha256 (argv[2]))
    {
      if (!scrim_case_item_pdq (scase, argv[2], query, &error))
        return scrim_cli_fail (error);
    }
  else if (!hash_file (argv[2], query))
    return SCRIM_EXIT_FAILURE;

  hits = scrim_case_similar (scase, query, distance, &error);
  if (hits == NULL)
    return scrim_cli_fail (error);

  printf ("distance\tvariant\tquality\tsha256\tsource\tpath\n");
  for (guint i = 0; i < hits->len; i++)
    {
      Row row = { &g_array_index (hits, ScrimSimilarHit, i) };

      if (!scrim_files_locations (scase, row.hit->item_id, print_location, &row, &error))
        return scrim_cli_fail (error);
    }
  return SCRIM_EXIT_OK;
}
