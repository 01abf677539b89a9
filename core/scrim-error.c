/* scrim-error.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "scrim-error.h"

G_DEFINE_QUARK (scrim-error-quark, scrim_error)
