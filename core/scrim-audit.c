/* scrim-audit.c
 *
 * Every entry is one line of canonical JSON, written once and never
 * rewritten:
 *
 *   {"prev":"<64 hex>","seq":N,"time":"…","examiner":"…","action":"…","detail":{…}}
 *
 * and its hash is the SHA-256 of exactly those UTF-8 bytes. "prev" is the
 * hash of entry N-1 (64 zeros for entry 1). So editing an entry breaks its
 * hash, deleting or reordering entries breaks the next entry's "prev" or
 * "seq", and anyone can check the chain with a few lines of any language.
 * `scrim audit --export` writes the log as JSONL, one entry a line:
 *
 *   {"seq":N,"hash":"<64 hex>","entry":"<the canonical text, as a JSON string>"}
 *
 * so a verifier decodes "entry", hashes its UTF-8 bytes, compares with
 * "hash", and checks that the entry's own "prev" and "seq" continue the
 * chain (tests/verify-audit.py does it in a dozen lines of Python).
 * What a chain alone cannot show is the loss of its newest entries: `scrim
 * audit --verify` prints the head hash so it can be noted outside the case
 * (a report, an evidence form).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-text.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

void
scrim_audit_entry_free (ScrimAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->time);
  g_free (entry->examiner);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry->prev);
  g_free (entry->entry);
  g_free (entry->hash);
  g_free (entry);
}

static char *
canonical_entry (const char *prev,
                 gint64      seq,
                 const char *time,
                 const char *examiner,
                 const char *action,
                 const char *detail_json)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();

  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "prev", prev);
  scrim_json_add_int (json, "seq", seq);
  scrim_json_add_string (json, "time", time);
  scrim_json_add_string (json, "examiner", examiner);
  scrim_json_add_string (json, "action", action);
  scrim_json_add_raw (json, "detail", detail_json != NULL ? detail_json : "{}");
  scrim_json_end_object (json);
  return scrim_json_free_to_string (g_steal_pointer (&json));
}

/*
** Appends one entry to the audit log of the case open on db, chained to the
** newest entry. detail_json must be a JSON object (or NULL for {}). Runs
** inside the caller's transaction when there is one, otherwise in its own.
** Returns FALSE with error set on failure, leaving the log unchanged.
*/
gboolean
_scrim_audit_append_db (sqlite3     *db,
                        const char  *examiner,
                        const char  *action,
                        const char  *detail_json,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *now = scrim_text_now_iso8601 ();
  g_autofree char *entry = NULL;
  char hash[65];
  gint64 seq = 1;
  gboolean own_txn = sqlite3_get_autocommit (db);

  g_return_val_if_fail (db != NULL && action != NULL, FALSE);

  if (own_txn && !_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;

  last = _scrim_db_prepare (db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;", error);
  if (last == NULL)
    goto fail;
  if (sqlite3_step (last) == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (last, 0) + 1;
      prev = g_strdup ((const char *) sqlite3_column_text (last, 1));
    }
  else
    prev = g_strdup (GENESIS);

  entry = canonical_entry (prev, seq, now, examiner ? examiner : "", action, detail_json);
  scrim_sha256_hex ((const guint8 *) entry, strlen (entry), hash);

  insert = _scrim_db_prepare (db, "INSERT INTO audit (seq, entry, hash) VALUES (?1, ?2, ?3);", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, seq);
  sqlite3_bind_text (insert, 2, entry, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, hash, -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (insert, error))
    goto fail;

  if (own_txn && !_scrim_db_exec (db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  if (own_txn)
    _scrim_db_exec (db, "ROLLBACK;", NULL);
  return FALSE;
}

/*
** Appends an entry (action, a JSON object of particulars) for the case's
** examiner. Returns FALSE with error set on failure.
*/
gboolean
scrim_audit_append (ScrimCase   *scase,
                    const char  *action,
                    const char  *detail_json,
                    GError     **error)
{
  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  return _scrim_audit_append_db (_scrim_case_get_db (scase), scrim_case_get_examiner (scase),
                                 action, detail_json, error);
}

/*
** Returns the entry as one line of the JSONL export (see the top of this
** file), without the newline (newly allocated).
*/
char *
scrim_audit_entry_to_jsonl (const ScrimAuditEntry *entry)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();

  g_return_val_if_fail (entry != NULL && entry->entry != NULL, NULL);

  scrim_json_begin_object (json, NULL);
  scrim_json_add_int (json, "seq", entry->seq);
  scrim_json_add_string (json, "hash", entry->hash);
  scrim_json_add_string (json, "entry", entry->entry);
  scrim_json_end_object (json);
  return scrim_json_free_to_string (g_steal_pointer (&json));
}

/* Pulls the string value of "key":"…" out of canonical entry text. Only for
 * display: verification compares bytes, it does not parse. */
static char *
field_string (const char *entry,
              const char *key)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\":\"", key);
  const char *start = strstr (entry, needle);
  GString *out;

  if (start == NULL)
    return g_strdup ("");
  start += strlen (needle);
  out = g_string_new (NULL);
  for (const char *p = start; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
field_detail (const char *entry)
{
  const char *start = strstr (entry, ",\"detail\":");
  gsize len;

  if (start == NULL)
    return g_strdup ("{}");
  start += strlen (",\"detail\":");
  len = strlen (start);
  return g_strndup (start, len > 0 ? len - 1 : 0);
}

/*
** Returns every entry, oldest first, as a GPtrArray of ScrimAuditEntry; or
** NULL with error set.
*/
GPtrArray *
scrim_audit_list (ScrimCase  *scase,
                  GError    **error)
{
  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  return _scrim_audit_list_db (_scrim_case_get_db (scase), error);
}

/*
** As scrim_audit_list(), for any database with an audit table (a case, the
** reference library).
*/
GPtrArray *
_scrim_audit_list_db (sqlite3  *db,
                      GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  stmt = _scrim_db_prepare (db, "SELECT seq, entry, hash FROM audit ORDER BY seq;", error);
  if (stmt == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimAuditEntry *e = g_new0 (ScrimAuditEntry, 1);

      e->seq = sqlite3_column_int64 (stmt, 0);
      e->entry = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      e->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e->prev = field_string (e->entry, "prev");
      e->time = field_string (e->entry, "time");
      e->examiner = field_string (e->entry, "examiner");
      e->action = field_string (e->entry, "action");
      e->detail = field_detail (e->entry);
      g_ptr_array_add (entries, e);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, db, rc, _("cannot read the audit log"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* Checks one entry against the chain so far. */
static gboolean
verify_entry (const ScrimAuditEntry *e,
              gint64                 expected_seq,
              const char            *expected_prev,
              GError               **error)
{
  g_autofree char *prefix = g_strdup_printf ("{\"prev\":\"%s\",\"seq\":%" G_GINT64_FORMAT ",",
                                             expected_prev, expected_seq);
  char hash[65];

  if (e->seq != expected_seq)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_AUDIT,
                   _("audit entry %" PRId64 " is not where it should be: "
                     "entry %" PRId64 " is missing"), e->seq, expected_seq);
      return FALSE;
    }
  scrim_sha256_hex ((const guint8 *) e->entry, strlen (e->entry), hash);
  if (g_strcmp0 (hash, e->hash) != 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_AUDIT,
                   _("audit entry %" PRId64 " was altered: its content no longer matches its hash"),
                   e->seq);
      return FALSE;
    }
  if (!g_str_has_prefix (e->entry, prefix))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_AUDIT,
                   _("audit entry %" PRId64 " does not follow entry %" PRId64
                     ": an entry before it was removed, reordered or altered"),
                   e->seq, expected_seq - 1);
      return FALSE;
    }
  return TRUE;
}

/*
** Recomputes the whole chain. Returns TRUE when every entry's hash matches
** its content and every entry links to the one before, with *n_entries and
** *head_hash (newly allocated) set; otherwise FALSE with a
** SCRIM_ERROR_AUDIT error naming the first bad entry.
*/
gboolean
scrim_audit_verify (ScrimCase  *scase,
                    gint64     *n_entries,
                    char      **head_hash,
                    GError    **error)
{
  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  return _scrim_audit_verify_db (_scrim_case_get_db (scase), n_entries, head_hash, error);
}

/*
** As scrim_audit_verify(), for any database with an audit table.
*/
gboolean
_scrim_audit_verify_db (sqlite3  *db,
                        gint64   *n_entries,
                        char    **head_hash,
                        GError  **error)
{
  g_autoptr(GPtrArray) entries = _scrim_audit_list_db (db, error);
  const char *prev = GENESIS;

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const ScrimAuditEntry *e = g_ptr_array_index (entries, i);

      if (!verify_entry (e, (gint64) i + 1, prev, error))
        return FALSE;
      prev = e->hash;
    }
  if (entries->len == 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_AUDIT,
                   _("the audit log is empty: its first entry (case-created) was removed"));
      return FALSE;
    }
  if (n_entries != NULL)
    *n_entries = entries->len;
  if (head_hash != NULL)
    *head_hash = g_strdup (prev);
  return TRUE;
}
