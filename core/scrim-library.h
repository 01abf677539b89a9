/* scrim-library.h: the reference library: lists shared by every case on a workstation
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-list.h"
#include "scrim-scheme.h"

G_BEGIN_DECLS

/* "SCRL" in PRAGMA application_id. */
#define SCRIM_LIBRARY_APPLICATION_ID 0x5343524c

/*
** Demo separation. Synthetic training data (`scrim demo`, core/scrim-demo.c)
** must never mix with real reference lists or real cases, so a list file
** carries a DEMO marker that the import detects, and a case a meta key.
**
** A list file is a demo list when, by its format:
**
** - VICS JSON: within its first 64 KiB (as decoded to UTF-8), a member
**   "SourceApplicationName" (a case object's field, so the Cases shape)
**   whose string value begins with the four letters DEMO followed by a
**   space or the end of the string; scrim demo writes SCRIM_DEMO_MARKER.
** - hashdeep, md5sum/sha*sum, text (one hash a line) and PDQ lists: within
**   the first 64 KiB, a comment line (first non-blank character '#', after
**   the header for hashdeep) whose text after its leading '#'s and blanks
**   begins with DEMO followed by a space or the end of the line:
**   "## DEMO — …" for hashdeep, "# DEMO — …" for the others.
** - NSRL RDSv3 (SQLite): a row of its VERSION table whose description
**   begins with DEMO followed by a space or nothing (GLOB 'DEMO' or
**   'DEMO *').
** - NSRL RDS 2.x, ICSE, X-Ways and HashKeeper have no place for a marker:
**   such files are always real lists.
**
** A list made of several files is a demo list when every file is one; a
** list mixing marked and unmarked files is refused. The library records
** the flag (list.demo; ScrimListMeta.demo) and refuses to hold demo and
** real lists together, in either order; scrim_match_case() refuses to
** match a demo case against real lists and a real case against demo lists.
**
** A case is a demo case when its meta key SCRIM_DEMO_CASE_META is "1".
*/
#define SCRIM_DEMO_MARKER     "DEMO — synthetic training data, not evidence"
#define SCRIM_DEMO_CASE_META  "demo"

#define SCRIM_TYPE_LIBRARY (scrim_library_get_type ())

G_DECLARE_FINAL_TYPE (ScrimLibrary, scrim_library, SCRIM, LIBRARY, GObject)

/**
 * ScrimListKind:
 * @SCRIM_LIST_KIND_KNOWN_BAD: graded material; codes mapped by the scheme
 * @SCRIM_LIST_KIND_KNOWN_GOOD: files safe to ignore (NSRL and the like)
 * @SCRIM_LIST_KIND_ALERT: material to alert on even without a code (ICSE,
 *   Baseline): uncategorised entries count as abuse
 */
typedef enum
{
  SCRIM_LIST_KIND_KNOWN_BAD,
  SCRIM_LIST_KIND_KNOWN_GOOD,
  SCRIM_LIST_KIND_ALERT,
} ScrimListKind;

const char *scrim_list_kind_to_string   (ScrimListKind  kind);
gboolean    scrim_list_kind_from_string (const char    *str,
                                         ScrimListKind *kind);

/**
 * ScrimImportOptions:
 * @format: AUTO to detect
 * @kind: what the list holds
 * @kind_set: @kind was given (else: known-good for NSRL, known-bad otherwise)
 * @profile: (nullable): the VICS profile, overriding the file's
 * @scheme: (nullable): the category scheme (default: by profile)
 * @strict: stop at the first malformed record
 * @examiner: (nullable): who imports, for the library's audit log
 */
typedef struct
{
  ScrimListFormat format;
  ScrimListKind   kind;
  gboolean        kind_set;
  const char     *profile;
  const char     *scheme;
  gboolean        strict;
  const char     *examiner;
} ScrimImportOptions;

/**
 * ScrimImportReport:
 * @records: records read
 * @entries: entries stored (after merging duplicates)
 * @merged: records merged into another record with the same hash
 * @dropped: records without any usable digest (the empty file's, all zeros)
 * @problems: malformed records
 * @messages: (element-type utf8): the first problems, "FILE: line N: why"
 * @bytes: bytes read from the list files
 * @seconds: time taken
 * @demo: the files carry the DEMO marker (synthetic training data)
 */
typedef struct
{
  guint64    records;
  guint64    entries;
  guint64    merged;
  guint64    dropped;
  guint64    problems;
  GPtrArray *messages;
  guint64    bytes;
  double     seconds;
  gboolean   demo;
} ScrimImportReport;

void scrim_import_report_clear (ScrimImportReport *report);

/**
 * ScrimListMeta:
 * A list in the library, as `scrim lists` shows it and as a case records it.
 */
typedef struct
{
  gint64  id;
  char   *name;
  char   *format;
  char   *kind;
  char   *profile;
  char   *scheme;
  char   *version;         /* the list's own version, when it states one */
  char   *format_version;  /* the format's version (VICS data model 2.0, …) */
  char   *imported;
  char   *imported_by;
  gint64  entries;
  gint64  problems;
  char   *sources_json;   /* [{"path":…,"size":…,"sha256":…,"encoding":…}] */
  char   *sources_sha256; /* the SHA-256 of each source file, comma-separated */
  gboolean demo;
} ScrimListMeta;

void           scrim_list_meta_free        (ScrimListMeta      *meta);

char          *scrim_library_default_path  (void);
ScrimLibrary  *scrim_library_open          (const char         *path,
                                            GError            **error);
const char    *scrim_library_get_path      (ScrimLibrary       *self);
gboolean       scrim_library_import        (ScrimLibrary       *self,
                                            const char         *name,
                                            const char * const *files,
                                            const ScrimImportOptions *options,
                                            ScrimImportReport  *report,
                                            GCancellable       *cancellable,
                                            GError            **error);
gboolean       scrim_library_remove        (ScrimLibrary       *self,
                                            const char         *name,
                                            const char         *examiner,
                                            GError            **error);
GPtrArray     *scrim_library_list_lists    (ScrimLibrary       *self,
                                            GError            **error);
gboolean       scrim_library_count_lists   (ScrimLibrary       *self,
                                            guint64            *n_real,
                                            guint64            *n_demo,
                                            GError            **error);
GPtrArray     *scrim_library_list_schemes  (ScrimLibrary       *self,
                                            GError            **error);
ScrimScheme   *scrim_library_get_scheme    (ScrimLibrary       *self,
                                            const char         *name,
                                            GError            **error);
char          *scrim_library_dup_scheme_text (ScrimLibrary     *self,
                                            const char         *name,
                                            GError            **error);
gboolean       scrim_library_put_scheme    (ScrimLibrary       *self,
                                            const char         *text,
                                            const char         *examiner,
                                            GError            **error);
gboolean       scrim_library_remove_scheme (ScrimLibrary       *self,
                                            const char         *name,
                                            const char         *examiner,
                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimListMeta, scrim_list_meta_free)

G_END_DECLS
