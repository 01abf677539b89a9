/* fuzz-vics.c: libFuzzer target for the streaming VICS JSON reader
 *
 * Each input is read twice: leniently, touching every field of every
 * record handed on, and in strict mode (the first problem ends the read).
 * Besides not crashing, the reader must hand on valid UTF-8 text, a JSON
 * object in extra_json, record numbers that only grow, and in strict mode
 * exactly the records the lenient read gave before its first problem.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-list.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  gboolean strict;
  GArray  *records;         /* record numbers handed on */
  guint64  first_problem;   /* 0: none yet */
  guint64  n_problems;
  guint32  sum;             /* so that every byte handed on is read */
} Seen;

static void
touch_bytes (Seen         *seen,
             const guint8 *bytes,
             gsize         len)
{
  if (bytes == NULL)
    return;
  for (gsize i = 0; i < len; i++)
    seen->sum = seen->sum * 31 + bytes[i];
}

static void
touch_text (Seen       *seen,
            const char *text)
{
  if (text == NULL)
    return;
  g_assert (g_utf8_validate (text, -1, NULL));
  touch_bytes (seen, (const guint8 *) text, strlen (text));
}

static void
touch_flag (int flag)
{
  g_assert (flag == 0 || flag == 1 || flag == SCRIM_FLAG_UNKNOWN);
}

static gboolean
on_record (const ScrimListRecord *record,
           gpointer               user_data)
{
  Seen *seen = user_data;
  gsize len;

  g_assert (record->record >= 1);
  if (seen->records->len > 0)
    g_assert (record->record > g_array_index (seen->records, guint64, seen->records->len - 1));
  g_array_append_val (seen->records, record->record);
  g_assert (record->md5 != NULL || record->sha1 != NULL || record->sha256 != NULL);
  touch_bytes (seen, record->md5, SCRIM_MD5_LEN);
  touch_bytes (seen, record->sha1, SCRIM_SHA1_LEN);
  touch_bytes (seen, record->sha256, SCRIM_SHA256_LEN);
  g_assert (!record->has_pdq && record->pdq_quality == -1 && record->label == NULL);
  touch_text (seen, record->category);
  touch_text (seen, record->series);
  touch_text (seen, record->tags);
  touch_text (seen, record->comments);
  touch_text (seen, record->name);
  touch_text (seen, record->photodna);
  touch_text (seen, record->extra_json);
  if (record->extra_json != NULL)
    {
      len = strlen (record->extra_json);
      g_assert (len >= 2 && record->extra_json[0] == '{' && record->extra_json[len - 1] == '}');
    }
  touch_flag (record->victim_identified);
  touch_flag (record->offender_identified);
  touch_flag (record->is_distributed);
  touch_flag (record->baseline);
  touch_flag (record->precategorized);
  g_assert (record->size >= -1);
  return TRUE;
}

static gboolean
on_problem (guint64     record,
            const char *reason,
            gpointer    user_data)
{
  Seen *seen = user_data;

  g_assert (record >= 1);
  g_assert (reason != NULL && reason[0] != '\0');
  touch_text (seen, reason);
  if (seen->first_problem == 0)
    seen->first_problem = record;
  seen->n_problems++;
  return !seen->strict;
}

static gboolean
read_once (const guint8  *data,
           size_t         size,
           Seen          *seen,
           GError       **error)
{
  ScrimListInput *input = scrim_list_input_new_memory (data, size, "fuzz.json");
  ScrimListInfo info = { 0 };
  gboolean ok;

  ok = scrim_list_read_vics (input, &info, on_record, on_problem, seen, NULL, error);
  g_assert (ok == (error == NULL || *error == NULL));
  g_assert (info.format == SCRIM_LIST_FORMAT_VICS);
  g_assert (info.shape == NULL || strcmp (info.shape, "Media") == 0 ||
            strcmp (info.shape, "Cases") == 0);
  touch_text (seen, info.version);
  touch_text (seen, info.profile);
  g_free (info.version);
  g_free (info.profile);
  g_free (info.shape);
  g_free (info.hash_type);
  scrim_list_input_free (input);
  return ok;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  Seen lenient = { FALSE, g_array_new (FALSE, FALSE, sizeof (guint64)), 0, 0, 0 };
  Seen strict = { TRUE, g_array_new (FALSE, FALSE, sizeof (guint64)), 0, 0, 0 };
  GError *lenient_error = NULL;
  GError *strict_error = NULL;
  gboolean lenient_ok, strict_ok;

  lenient_ok = read_once (data, size, &lenient, &lenient_error);
  strict_ok = read_once (data, size, &strict, &strict_error);
  g_assert (lenient_ok || lenient_error->domain == SCRIM_ERROR);
  g_assert (lenient_ok || lenient_error->code == SCRIM_ERROR_INVALID);

  /* Strict mode gives what the lenient read gave up to its first problem. */
  g_assert (strict.n_problems <= 1);
  g_assert (strict.first_problem == lenient.first_problem);
  g_assert (strict.records->len <= lenient.records->len);
  for (guint i = 0; i < strict.records->len; i++)
    g_assert (g_array_index (strict.records, guint64, i) ==
              g_array_index (lenient.records, guint64, i));
  if (lenient.n_problems == 0)
    {
      g_assert (strict_ok == lenient_ok);
      g_assert (strict.records->len == lenient.records->len);
    }
  else
    g_assert (!strict_ok && strict_error->code == SCRIM_ERROR_INVALID);

  g_clear_error (&lenient_error);
  g_clear_error (&strict_error);
  g_array_unref (lenient.records);
  g_array_unref (strict.records);
  return 0;
}
