/* scrim-similar.h: near-duplicates of an image among the images of a case
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-case.h"
#include "scrim-pdq.h"

G_BEGIN_DECLS

/**
 * ScrimSimilarHit:
 * @item_id: the content in the case
 * @sha256: its SHA-256, lowercase hex
 * @distance: the smallest distance from any dihedral variant of the query
 * @variant: the variant of the query that came closest
 * @quality: the item's PDQ quality
 * @unreliable: the item's hash is float noise
 */
typedef struct
{
  gint64           item_id;
  char             sha256[65];
  guint            distance;
  ScrimPdqDihedral variant;
  int              quality;
  gboolean         unreliable;
} ScrimSimilarHit;

gboolean   scrim_case_item_pdq       (ScrimCase            *scase,
                                      const char           *sha256_hex,
                                      ScrimPdqResult        variants[SCRIM_PDQ_N_DIHEDRAL],
                                      GError              **error);
GArray    *scrim_case_similar        (ScrimCase            *scase,
                                      const ScrimPdqResult  query[SCRIM_PDQ_N_DIHEDRAL],
                                      guint                 radius,
                                      GError              **error);
ScrimPdqIndex *scrim_case_pdq_index  (ScrimCase            *scase,
                                      GError              **error);

G_END_DECLS
