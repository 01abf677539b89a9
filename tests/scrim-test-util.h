/* scrim-test-util.h: what the tests share
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-core.h"

G_BEGIN_DECLS

/* The folder of the shared test data (../shared beside the source tree).
 * When it is missing, the test binary reports a TAP skip with a visible
 * message, except under CI (CI=true), where that is a failure. Call
 * it before g_test_run(), after g_test_init(). */
const char *scrim_test_require_shared   (void);

/* A fresh temporary folder, removed (recursively) at exit unless
 * SCRIM_TEST_KEEP is set. */
char       *scrim_test_mkdtemp          (const char *name);
gboolean    scrim_test_rm_rf            (const char *path);

/* The built `scrim` binary, for tests of the command line. */
const char *scrim_test_scrim_bin        (void);

/* Runs `scrim ARGV...` with stdout/stderr captured; returns the exit status. */
int         scrim_test_run_scrim        (char       **out,
                                         char       **err,
                                         const char  *first_arg,
                                         ...) G_GNUC_NULL_TERMINATED;
int         scrim_test_run_scrimv       (const char * const *argv,
                                         char       **out,
                                         char       **err);

/* Synthetic evidence (shapes and colour fields drawn by core/scrim-synth.c;
 * nothing depicting a person). Parent folders are created; files are never
 * overwritten. */
GBytes     *scrim_test_jpeg_bytes       (guint        width,
                                         guint        height,
                                         guint64      seed,
                                         const ScrimExif *exif);
GBytes     *scrim_test_png_bytes        (guint        width,
                                         guint        height,
                                         guint        channels,
                                         guint64      seed);
void        scrim_test_write_bytes      (const char  *path,
                                         GBytes      *bytes);
void        scrim_test_write_jpeg       (const char  *path,
                                         guint        width,
                                         guint        height,
                                         guint64      seed,
                                         const ScrimExif *exif);
void        scrim_test_write_png        (const char  *path,
                                         guint        width,
                                         guint        height,
                                         guint        channels,
                                         guint64      seed);
void        scrim_test_write_text       (const char  *path,
                                         const char  *text);
/* A mixed tree of n_images images (JPEG with EXIF, PNG), a few text files,
 * an exact duplicate, a corrupt JPEG and an empty file. */
void        scrim_test_make_evidence    (const char  *root,
                                         guint        n_images,
                                         guint64      seed);

void        scrim_test_make_evidence_sized (const char *root,
                                            guint       n_images,
                                            guint64     seed,
                                            guint       jpeg_width);

/* A TSV file as shared/corpus-dev/EXPECTED.tsv writes it: '#' comment lines,
 * one header line of column names, then rows. Fields stay escaped. */
typedef struct
{
  GStrv      names;
  GPtrArray *rows;    /* of GStrv, each as long as names */
} ScrimTestTable;

ScrimTestTable *scrim_test_table_load    (const char           *path);
guint           scrim_test_table_column  (const ScrimTestTable *table,
                                          const char           *name);
void            scrim_test_table_free    (ScrimTestTable       *table);
/* Undoes the escaping of EXPECTED.tsv and `scrim files` (\\ \t \r \n \xNN);
 * the result may hold any byte, NUL included. */
GString        *scrim_test_unescape      (const char           *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimTestTable, scrim_test_table_free)

/* Runs `scrim files CASE` and returns its output (asserting success). */
char       *scrim_test_files_tsv        (const char  *case_path);

/* Evidence read-only proofs. A snapshot of a tree lists every entry (names
 * escaped, sorted) without touching it (O_NOATIME, no link followed):
 * FULL with inode and access/change times (nothing touched it), CONTENT
 * with names relative to root, modes, sizes, mtimes and SHA-256 (the same
 * tree, wherever it lies). Ageing sets every access time to
 * SCRIM_TEST_OLD_ATIME, so a read that moves it shows. */
#define SCRIM_TEST_OLD_ATIME 978307200   /* 2001-01-01 */

typedef enum
{
  SCRIM_TEST_SNAPSHOT_FULL,
  SCRIM_TEST_SNAPSHOT_CONTENT,
} ScrimTestSnapshot;

char       *scrim_test_snapshot         (const char        *root,
                                         ScrimTestSnapshot  kind);
void        scrim_test_assert_same_snapshot (const char *what,
                                         const char        *after,
                                         const char        *before);
void        scrim_test_age_tree         (const char        *root);

G_END_DECLS
