/* scrim-similar.c
 *
 * Query by example: every image of the case whose PDQ lies within a radius
 * of the query's, trying the query's 8 dihedral variants so that a rotated
 * or mirrored copy is found too (pdq.md §1.9: expect such matches at up to
 * about 26 bits). The case's hashes go into a ScrimPdqIndex for the query.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-similar.h"

/*
** Loads the 8 dihedral PDQ variants stored for the content with the given
** SHA-256 (64 hex digits). Returns FALSE with error set when there is no
** such content in the case, or it has no PDQ (it is not a decoded image).
*/
gboolean
scrim_case_item_pdq (ScrimCase      *scase,
                     const char     *sha256_hex,
                     ScrimPdqResult  variants[SCRIM_PDQ_N_DIHEDRAL],
                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint8 sha256[SCRIM_SHA256_LEN];
  const guint8 *dihedral;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  if (!scrim_hex_decode (sha256_hex, sha256, sizeof sha256))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("%s is not a SHA-256 (64 hex digits)"),
                   sha256_hex);
      return FALSE;
    }
  stmt = _scrim_db_prepare (_scrim_case_get_db (scase),
                            "SELECT pdq, pdq_quality, pdq_unreliable, pdq_dihedral "
                            "FROM item WHERE sha256 = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, sha256, sizeof sha256, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("no file with SHA-256 %s in the case"),
                   sha256_hex);
      return FALSE;
    }
  if (sqlite3_column_bytes (stmt, 0) != SCRIM_PDQ_BYTES
      || sqlite3_column_bytes (stmt, 3) != (SCRIM_PDQ_N_DIHEDRAL - 1) * SCRIM_PDQ_BYTES)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("the file with SHA-256 %s has no PDQ hash (not a decoded image, or ingested by "
                     "an older Scrim: run the ingest again)"), sha256_hex);
      return FALSE;
    }

  memset (variants, 0, sizeof (ScrimPdqResult) * SCRIM_PDQ_N_DIHEDRAL);
  scrim_pdq_from_bytes (sqlite3_column_blob (stmt, 0), &variants[0].hash);
  dihedral = sqlite3_column_blob (stmt, 3);
  for (int v = 1; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    scrim_pdq_from_bytes (dihedral + (v - 1) * SCRIM_PDQ_BYTES, &variants[v].hash);
  for (int v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    {
      variants[v].quality = sqlite3_column_int (stmt, 1);
      variants[v].unreliable = sqlite3_column_int (stmt, 2);
    }
  return TRUE;
}

/*
** Returns an index of the PDQ hashes of every image of the case, with item
** ids as ids; or NULL with error set.
*/
ScrimPdqIndex *
scrim_case_pdq_index (ScrimCase  *scase,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ScrimPdqIndex) index = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, "SELECT id, pdq FROM item WHERE pdq IS NOT NULL;", error);
  if (stmt == NULL)
    return NULL;
  index = scrim_pdq_index_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimPdqHash hash;

      scrim_pdq_from_bytes (sqlite3_column_blob (stmt, 1), &hash);
      scrim_pdq_index_add (index, &hash, (guint32) sqlite3_column_int64 (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, db, rc, _("cannot read the case's PDQ hashes"));
      return NULL;
    }
  scrim_pdq_index_build (index);
  return g_steal_pointer (&index);
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const ScrimSimilarHit *x = a;
  const ScrimSimilarHit *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return x->item_id < y->item_id ? -1 : x->item_id > y->item_id;
}

/* Fills in the SHA-256 and PDQ facts of each hit. */
static gboolean
describe_hits (ScrimCase  *scase,
               GArray     *hits,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _scrim_db_prepare (_scrim_case_get_db (scase),
                            "SELECT sha256, pdq_quality, pdq_unreliable FROM item WHERE id = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < hits->len; i++)
    {
      ScrimSimilarHit *hit = &g_array_index (hits, ScrimSimilarHit, i);
      g_autofree char *hex = NULL;

      sqlite3_bind_int64 (stmt, 1, hit->item_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          hex = scrim_hex_encode (sqlite3_column_blob (stmt, 0), SCRIM_SHA256_LEN);
          memcpy (hit->sha256, hex, 65);
          hit->quality = sqlite3_column_int (stmt, 1);
          hit->unreliable = sqlite3_column_int (stmt, 2);
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/*
** Returns the images of the case within radius of any of the query's 8
** dihedral variants, one hit per content with its smallest distance and
** the variant that gave it, nearest first (then by item id). Returns a
** GArray of ScrimSimilarHit, or NULL with error set.
*/
GArray *
scrim_case_similar (ScrimCase            *scase,
                    const ScrimPdqResult  query[SCRIM_PDQ_N_DIHEDRAL],
                    guint                 radius,
                    GError              **error)
{
  g_autoptr(ScrimPdqIndex) index = scrim_case_pdq_index (scase, error);
  g_autoptr(GHashTable) best = NULL;
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  GArray *hits;
  GHashTableIter iter;
  gpointer value;

  if (index == NULL)
    return NULL;

  best = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (int v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    {
      g_array_set_size (matches, 0);
      scrim_pdq_index_search (index, &query[v].hash, radius, matches);
      for (guint i = 0; i < matches->len; i++)
        {
          const ScrimPdqMatch *m = &g_array_index (matches, ScrimPdqMatch, i);
          gint64 item_id = m->id;
          ScrimSimilarHit *hit = g_hash_table_lookup (best, &item_id);

          if (hit != NULL && hit->distance <= m->distance)
            continue;
          if (hit == NULL)
            {
              hit = g_new0 (ScrimSimilarHit, 1);
              hit->item_id = item_id;
              g_hash_table_insert (best, &hit->item_id, hit);
            }
          hit->distance = m->distance;
          hit->variant = v;
        }
    }

  hits = g_array_new (FALSE, FALSE, sizeof (ScrimSimilarHit));
  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_vals (hits, value, 1);
  g_array_sort (hits, compare_hits);
  if (!describe_hits (scase, hits, error))
    {
      g_array_unref (hits);
      return NULL;
    }
  return hits;
}
