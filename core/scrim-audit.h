/* scrim-audit.h: the case's hash-chained audit log
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "scrim-case.h"

G_BEGIN_DECLS

/**
 * ScrimAuditEntry:
 * @seq: 1, 2, 3… in order of writing
 * @time: ISO 8601 UTC
 * @examiner: who acted
 * @action: what happened ("case-created", "ingest-started", …)
 * @detail: a JSON object with the particulars
 * @prev: the hash of the entry before (64 zeros for the first)
 * @entry: the canonical JSON text the hash covers
 * @hash: SHA-256 of @entry, lowercase hex
 */
typedef struct
{
  gint64  seq;
  char   *time;
  char   *examiner;
  char   *action;
  char   *detail;
  char   *prev;
  char   *entry;
  char   *hash;
} ScrimAuditEntry;

void       scrim_audit_entry_free   (ScrimAuditEntry *entry);

gboolean   scrim_audit_append       (ScrimCase   *scase,
                                     const char  *action,
                                     const char  *detail_json,
                                     GError     **error);
GPtrArray *scrim_audit_list         (ScrimCase   *scase,
                                     GError     **error);
gboolean   scrim_audit_verify       (ScrimCase   *scase,
                                     gint64      *n_entries,
                                     char       **head_hash,
                                     GError     **error);

char      *scrim_audit_entry_to_jsonl (const ScrimAuditEntry *entry);

gboolean   _scrim_audit_append_db   (sqlite3     *db,
                                     const char  *examiner,
                                     const char  *action,
                                     const char  *detail_json,
                                     GError     **error);

GPtrArray *_scrim_audit_list_db     (sqlite3     *db,
                                     GError     **error);
gboolean   _scrim_audit_verify_db   (sqlite3     *db,
                                     gint64      *n_entries,
                                     char       **head_hash,
                                     GError     **error);

/* The audit table, for databases other than a case (the library). */
#define SCRIM_AUDIT_TABLE_SQL \
  "CREATE TABLE audit (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, hash TEXT NOT NULL) STRICT;"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimAuditEntry, scrim_audit_entry_free)

G_END_DECLS
