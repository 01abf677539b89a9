/* scrim-json.h: a small writer for the JSON Scrim emits (audit details, jsonl rows)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScrimJson ScrimJson;

ScrimJson *scrim_json_new          (void);
void       scrim_json_free         (ScrimJson  *json);
char      *scrim_json_free_to_string (ScrimJson *json);
const char *scrim_json_peek        (ScrimJson  *json);

void       scrim_json_begin_object (ScrimJson  *json,
                                    const char *key);
void       scrim_json_end_object   (ScrimJson  *json);
void       scrim_json_begin_array  (ScrimJson  *json,
                                    const char *key);
void       scrim_json_end_array    (ScrimJson  *json);
void       scrim_json_add_string   (ScrimJson  *json,
                                    const char *key,
                                    const char *value);
void       scrim_json_add_bytes    (ScrimJson  *json,
                                    const char *key,
                                    const char *value,
                                    gssize      len);
void       scrim_json_add_int      (ScrimJson  *json,
                                    const char *key,
                                    gint64      value);
void       scrim_json_add_double   (ScrimJson  *json,
                                    const char *key,
                                    double      value,
                                    int         decimals);
void       scrim_json_add_bool     (ScrimJson  *json,
                                    const char *key,
                                    gboolean    value);
void       scrim_json_add_null     (ScrimJson  *json,
                                    const char *key);
void       scrim_json_add_raw      (ScrimJson  *json,
                                    const char *key,
                                    const char *raw_json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimJson, scrim_json_free)

G_END_DECLS
