/* scrim-text.h: writing byte strings from evidence safely into text formats
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void   scrim_text_append_tsv   (GString    *out,
                                const char *bytes,
                                gssize      len);
void   scrim_text_append_json  (GString    *out,
                                const char *bytes,
                                gssize      len);
char  *scrim_text_escape_tsv   (const char *bytes,
                                gssize      len);
char  *scrim_text_display      (const char *bytes,
                                gssize      len);
void   scrim_text_append_double (GString   *out,
                                 double     value,
                                 int        decimals);
char  *scrim_text_now_iso8601  (void);

G_END_DECLS
