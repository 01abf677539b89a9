/* scrim-list.h: reading reference lists (VICS, NSRL, hashdeep, md5sum, ICSE, X-Ways, HashKeeper, PDQ)
 *
 * A reader turns one list file into a stream of ScrimListRecord, one at a
 * time, whatever the file's size: nothing holds the whole file. Malformed
 * records are reported with their line or record number and a reason, and
 * skipped (or, in strict mode, end the read). The library
 * (scrim-library.c) stores what the readers produce.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-pdq.h"

G_BEGIN_DECLS

/**
 * ScrimListFormat:
 *
 * The formats Scrim imports (shared/specs/hash-lists.md). The strings
 * (scrim_list_format_to_string) are the `--format` names.
 */
typedef enum
{
  SCRIM_LIST_FORMAT_AUTO,        /* "auto": detect from the content */
  SCRIM_LIST_FORMAT_VICS,        /* "vics": VICS JSON 1.x / 2.0, Media or Cases shape */
  SCRIM_LIST_FORMAT_NSRL,        /* "nsrl": NSRL RDS 2.x NSRLFile.txt (RDSv3 SQLite: scrim-library.c) */
  SCRIM_LIST_FORMAT_HASHDEEP,    /* "hashdeep": %%%% HASHDEEP-1.0 */
  SCRIM_LIST_FORMAT_MD5SUM,      /* "md5sum": md5sum/sha1sum/sha256sum and BSD lines */
  SCRIM_LIST_FORMAT_TEXT,        /* "text": one hash per line, algorithm from its length */
  SCRIM_LIST_FORMAT_ICSE,        /* "icse": Interpol ICSE CSV export (;) */
  SCRIM_LIST_FORMAT_XWAYS,       /* "xways": first line the hash type, then one hash per line */
  SCRIM_LIST_FORMAT_HASHKEEPER,  /* "hashkeeper": HashKeeper .hsh CSV */
  SCRIM_LIST_FORMAT_PDQ,         /* "pdq": 64 hex per line, optional quality and label */
  SCRIM_LIST_FORMAT_NSRL_RDS3,   /* "nsrl-rds3": NSRL RDSv3 SQLite database */
} ScrimListFormat;

#define SCRIM_LIST_N_FORMATS (SCRIM_LIST_FORMAT_NSRL_RDS3 + 1)

/* A yes/no field a list may leave out. */
#define SCRIM_FLAG_UNKNOWN (-1)

/**
 * ScrimListRecord:
 * @record: the record's number: 1-based line for line formats, 1-based
 *   Media record for VICS
 * @md5: (nullable): 16 bytes
 * @sha1: (nullable): 20 bytes
 * @sha256: (nullable): 32 bytes
 * @has_pdq: @pdq is set
 * @pdq: the PDQ hash
 * @pdq_quality: 0..100, or -1 when the list gives none
 * @category: (nullable): the category code as the list writes it ("1",
 *   "A", …), NULL when uncategorised (absent or null)
 * @series: (nullable): series name(s)
 * @tags: (nullable): free tags
 * @comments: (nullable): comments
 * @label: (nullable): a label (PDQ lists, ICSE image id, HashKeeper set)
 * @name: (nullable): a file name the list gives
 * @photodna: (nullable): a PhotoDNA value as given (stored, never matched)
 * @extra_json: (nullable): a JSON object of other fields worth keeping
 *   (AlternativeHashes, MediaID, DateUpdated, …), compact
 * @victim_identified: 1, 0 or SCRIM_FLAG_UNKNOWN
 * @offender_identified: likewise
 * @is_distributed: likewise
 * @baseline: Interpol Baseline: likewise
 * @precategorized: VICS IsPrecategorized: likewise
 * @size: file size in bytes, or -1
 *
 * Everything borrowed: valid only during the callback.
 */
typedef struct
{
  guint64       record;
  const guint8 *md5;
  const guint8 *sha1;
  const guint8 *sha256;
  gboolean      has_pdq;
  ScrimPdqHash  pdq;
  int           pdq_quality;
  const char   *category;
  const char   *series;
  const char   *tags;
  const char   *comments;
  const char   *label;
  const char   *name;
  const char   *photodna;
  const char   *extra_json;
  int           victim_identified;
  int           offender_identified;
  int           is_distributed;
  int           baseline;
  int           precategorized;
  gint64        size;
} ScrimListRecord;

/**
 * ScrimListInfo:
 * @format: the format read (never AUTO once reading has started)
 * @version: (nullable): the format's version as the file states it (VICS
 *   data-model version "1.3", "2.0"; hashdeep "1.0"; …)
 * @profile: (nullable): the VICS profile ("US", "UK", "Default", …)
 * @shape: (nullable): VICS "Media" or "Cases"
 * @hash_type: (nullable): X-Ways' declared hash type, md5sum's algorithm
 *
 * Filled in by the reader as it learns it (owned strings; clear with
 * scrim_list_info_clear()).
 */
typedef struct
{
  ScrimListFormat format;
  char           *version;
  char           *profile;
  char           *shape;
  char           *hash_type;
} ScrimListInfo;

/* Return FALSE to stop reading (the read then fails with
 * SCRIM_ERROR_CANCELLED). */
typedef gboolean (*ScrimListRecordFunc)  (const ScrimListRecord *record,
                                          gpointer               user_data);
/* A malformed record: its number and why. Return FALSE to stop reading
 * (strict mode: the read then fails with SCRIM_ERROR_INVALID naming it). */
typedef gboolean (*ScrimListProblemFunc) (guint64                record,
                                          const char            *reason,
                                          gpointer               user_data);

/* ---- input: bytes in, UTF-8 out (core/scrim-list-input.c) ---- */

typedef struct _ScrimListInput ScrimListInput;

ScrimListInput *scrim_list_input_new_fd      (int             fd,
                                              const char     *name);
ScrimListInput *scrim_list_input_new_memory  (const guint8   *data,
                                              gsize           len,
                                              const char     *name);
void            scrim_list_input_free        (ScrimListInput *input);
const char     *scrim_list_input_get_name    (ScrimListInput *input);
gssize          scrim_list_input_read        (ScrimListInput *input,
                                              guint8         *buf,
                                              gsize           len,
                                              GError        **error);
gssize          scrim_list_input_peek        (ScrimListInput *input,
                                              const guint8  **data,
                                              gsize           want,
                                              GError        **error);
char           *scrim_list_input_read_line   (ScrimListInput *input,
                                              gsize          *len,
                                              GError        **error);
gboolean        scrim_list_input_drain       (ScrimListInput *input,
                                              GError        **error);
guint64         scrim_list_input_raw_bytes   (ScrimListInput *input);
const char     *scrim_list_input_encoding    (ScrimListInput *input);
void            scrim_list_input_sha256      (ScrimListInput *input,
                                              char            hex[65]);

/* ---- readers ---- */

const char     *scrim_list_format_to_string  (ScrimListFormat format);
gboolean        scrim_list_format_from_string (const char     *str,
                                              ScrimListFormat *format);
ScrimListFormat scrim_list_detect            (ScrimListInput *input,
                                              GError        **error);
gboolean        scrim_list_read              (ScrimListInput      *input,
                                              ScrimListFormat      format,
                                              ScrimListInfo       *info,
                                              ScrimListRecordFunc  record_func,
                                              ScrimListProblemFunc problem_func,
                                              gpointer             user_data,
                                              GCancellable        *cancellable,
                                              GError             **error);
void            scrim_list_info_clear        (ScrimListInfo  *info);

/* The individual readers behind scrim_list_read() (public for tests and
 * fuzzing); same contract. */
gboolean        scrim_list_read_vics         (ScrimListInput      *input,
                                              ScrimListInfo       *info,
                                              ScrimListRecordFunc  record_func,
                                              ScrimListProblemFunc problem_func,
                                              gpointer             user_data,
                                              GCancellable        *cancellable,
                                              GError             **error);
gboolean        scrim_list_read_lines        (ScrimListInput      *input,
                                              ScrimListFormat      format,
                                              ScrimListInfo       *info,
                                              ScrimListRecordFunc  record_func,
                                              ScrimListProblemFunc problem_func,
                                              gpointer             user_data,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* Hex of any case to bytes; FALSE unless exactly 2*len hex digits (after
 * trimming ASCII whitespace). */
gboolean        scrim_list_parse_hex         (const char     *text,
                                              gsize           text_len,
                                              guint8         *out,
                                              gsize           len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimListInput, scrim_list_input_free)

G_END_DECLS
