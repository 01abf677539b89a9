/* scrim-group-private.h: knobs of scrim-group.c for tests and benchmarks
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void _scrim_group_set_all_variants_max (guint32 n_images);

G_END_DECLS
