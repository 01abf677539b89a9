/* scrim-ingest-private.h: test seams of the ingest
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "scrim-ingest.h"
#include "scrim-walk.h"

G_BEGIN_DECLS

/* Called on the walking thread for every entry, before it is queued; lets a
 * test change the evidence mid-walk (a file that vanishes, say). */
typedef void (*ScrimIngestWalkHook) (const ScrimWalkEntry *entry,
                                     const char           *root,
                                     gpointer              user_data);

void _scrim_ingest_set_walk_hook (ScrimIngest         *self,
                                  ScrimIngestWalkHook  hook,
                                  gpointer             user_data);

/* For the benchmark: ingest without PDQ, to measure what PDQ costs. */
void _scrim_ingest_set_skip_pdq  (ScrimIngest         *self,
                                  gboolean             skip);

G_END_DECLS
