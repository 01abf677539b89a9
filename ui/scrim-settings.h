/* scrim-settings.h: the analyst's settings (GSettings io.github.scrimtriage.Scrim)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCRIM_SETTINGS_SCHEMA "io.github.scrimtriage.Scrim"

/* The settings of Scrim: the installed schema, or the one compiled in the
 * build tree when Scrim runs uninstalled (build/app/scrim). Never NULL:
 * aborts with a message naming the missing schema, as GSettings would. */
GSettings *scrim_settings_new (void);

G_END_DECLS
