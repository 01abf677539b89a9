/* fuzz-list-text.c: detection, the dispatcher and the line-based list readers
 *
 * The first byte picks the format (AUTO: detect it, as an import does);
 * the rest is the list, read from memory through scrim_list_read(). The
 * callbacks read every field of every record, so a string that is not
 * NUL-terminated or a pointer that outlives its line shows up under ASan.
 * Problems are answered "go on", except when the byte asks for strict
 * mode, which tests the stop path too.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-hash.h"
#include "scrim-list.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  guint64        sum;
  guint          records;
  gboolean       strict;
  ScrimListInfo *info;
} State;

static guint64
touch_string (const char *s,
              gboolean    utf8)
{
  guint64 sum = 0;

  if (s == NULL)
    return 1;
  g_assert (!utf8 || g_utf8_validate (s, -1, NULL));
  for (gsize i = 0; s[i] != '\0'; i++)
    sum = sum * 31 + (guint8) s[i];
  return sum;
}

static guint64
touch_bytes (const guint8 *bytes,
             gsize         len)
{
  guint64 sum = 0;

  if (bytes == NULL)
    return 2;
  for (gsize i = 0; i < len; i++)
    sum = sum * 131 + bytes[i];
  return sum;
}

static gboolean
on_record (const ScrimListRecord *record,
           gpointer               user_data)
{
  State *state = user_data;
  const char *strings[] = {
    record->category, record->series, record->tags, record->comments, record->label,
    record->name, record->photodna, record->extra_json,
  };

  g_assert (record->record > 0);
  g_assert (record->pdq_quality >= -1 && record->pdq_quality <= 100);
  state->sum += record->record + record->size + record->pdq_quality;
  state->sum += touch_bytes (record->md5, SCRIM_MD5_LEN);
  state->sum += touch_bytes (record->sha1, SCRIM_SHA1_LEN);
  state->sum += touch_bytes (record->sha256, SCRIM_SHA256_LEN);
  if (record->has_pdq)
    state->sum += touch_bytes ((const guint8 *) record->pdq.w, sizeof record->pdq.w);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    state->sum += touch_string (strings[i], state->info->format != SCRIM_LIST_FORMAT_VICS);
  state->sum += record->victim_identified + record->offender_identified + record->is_distributed
                + record->baseline + record->precategorized;
  state->records++;
  return TRUE;
}

static gboolean
on_problem (guint64     record,
            const char *reason,
            gpointer    user_data)
{
  State *state = user_data;

  state->sum += record + touch_string (reason, state->info->format != SCRIM_LIST_FORMAT_VICS);
  return !state->strict;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  ScrimListInput *input;
  ScrimListInfo info = { 0 };
  State state = { 0 };
  GError *error = NULL;
  ScrimListFormat format;
  gboolean ok;

  if (size < 1)
    return 0;
  format = data[0] % SCRIM_LIST_N_FORMATS;
  state.strict = (data[0] & 0x80) != 0;
  state.info = &info;
  input = scrim_list_input_new_memory (data + 1, size - 1, "fuzz");
  ok = scrim_list_read (input, format, &info, on_record, on_problem, &state, NULL, &error);
  g_assert (ok == (error == NULL));
  g_assert (ok || error->message != NULL);
  g_clear_error (&error);
  scrim_list_info_clear (&info);
  scrim_list_input_free (input);
  return 0;
}
