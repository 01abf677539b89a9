/* scrim-json.c
 *
 * Emits compact JSON (no spaces, keys in the order added), which the audit
 * log relies on: an entry's bytes are what its hash covers.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "scrim-json.h"
#include "scrim-text.h"

struct _ScrimJson
{
  GString *out;
  /* One flag per open container: has it a member yet? */
  GArray  *first;
};

ScrimJson *
scrim_json_new (void)
{
  ScrimJson *json = g_new0 (ScrimJson, 1);

  json->out = g_string_new (NULL);
  json->first = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return json;
}

void
scrim_json_free (ScrimJson *json)
{
  if (json == NULL)
    return;
  g_string_free (json->out, TRUE);
  g_array_unref (json->first);
  g_free (json);
}

/*
** Returns the text written so far (newly allocated) and frees json. Every
** container must have been closed.
*/
char *
scrim_json_free_to_string (ScrimJson *json)
{
  char *str;

  g_return_val_if_fail (json != NULL, NULL);
  g_warn_if_fail (json->first->len == 0);

  str = g_string_free (json->out, FALSE);
  g_array_unref (json->first);
  g_free (json);
  return str;
}

/*
** Returns the text written so far, owned by json.
*/
const char *
scrim_json_peek (ScrimJson *json)
{
  return json->out->str;
}

/* Writes the separator and, inside an object, the key. */
static void
member (ScrimJson  *json,
        const char *key)
{
  if (json->first->len > 0)
    {
      gboolean *first = &g_array_index (json->first, gboolean, json->first->len - 1);

      if (!*first)
        g_string_append_c (json->out, ',');
      *first = FALSE;
    }
  if (key != NULL)
    {
      scrim_text_append_json (json->out, key, -1);
      g_string_append_c (json->out, ':');
    }
}

static void
open_container (ScrimJson  *json,
                const char *key,
                char        bracket)
{
  gboolean first = TRUE;

  member (json, key);
  g_string_append_c (json->out, bracket);
  g_array_append_val (json->first, first);
}

static void
close_container (ScrimJson *json,
                 char       bracket)
{
  g_return_if_fail (json->first->len > 0);

  g_string_append_c (json->out, bracket);
  g_array_set_size (json->first, json->first->len - 1);
}

void
scrim_json_begin_object (ScrimJson  *json,
                         const char *key)
{
  open_container (json, key, '{');
}

void
scrim_json_end_object (ScrimJson *json)
{
  close_container (json, '}');
}

void
scrim_json_begin_array (ScrimJson  *json,
                        const char *key)
{
  open_container (json, key, '[');
}

void
scrim_json_end_array (ScrimJson *json)
{
  close_container (json, ']');
}

/*
** Adds a string member (or array element when key is NULL); a NULL value
** is written as null.
*/
void
scrim_json_add_string (ScrimJson  *json,
                       const char *key,
                       const char *value)
{
  scrim_json_add_bytes (json, key, value, -1);
}

/*
** Adds len bytes (which need not be UTF-8) as a string; see scrim-text.c for
** how bytes that are not UTF-8 are written.
*/
void
scrim_json_add_bytes (ScrimJson  *json,
                      const char *key,
                      const char *value,
                      gssize      len)
{
  member (json, key);
  scrim_text_append_json (json->out, value, len);
}

void
scrim_json_add_int (ScrimJson  *json,
                    const char *key,
                    gint64      value)
{
  member (json, key);
  g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

void
scrim_json_add_double (ScrimJson  *json,
                       const char *key,
                       double      value,
                       int         decimals)
{
  member (json, key);
  scrim_text_append_double (json->out, value, decimals);
}

void
scrim_json_add_bool (ScrimJson  *json,
                     const char *key,
                     gboolean    value)
{
  member (json, key);
  g_string_append (json->out, value ? "true" : "false");
}

void
scrim_json_add_null (ScrimJson  *json,
                     const char *key)
{
  member (json, key);
  g_string_append (json->out, "null");
}

/*
** Adds text that is already JSON (an object built elsewhere, say).
*/
void
scrim_json_add_raw (ScrimJson  *json,
                    const char *key,
                    const char *raw_json)
{
  member (json, key);
  g_string_append (json->out, raw_json != NULL ? raw_json : "null");
}
