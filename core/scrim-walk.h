/* scrim-walk.h: walking an evidence folder without following links or touching it
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/stat.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ScrimWalkKind:
 * @SCRIM_WALK_FILE: a regular file
 * @SCRIM_WALK_SYMLINK: a symbolic link (never followed)
 * @SCRIM_WALK_SPECIAL: a FIFO, socket or device node (never opened)
 * @SCRIM_WALK_ERROR: a folder that could not be walked; see @errnum and @what
 */
typedef enum
{
  SCRIM_WALK_FILE,
  SCRIM_WALK_SYMLINK,
  SCRIM_WALK_SPECIAL,
  SCRIM_WALK_ERROR,
} ScrimWalkKind;

/**
 * ScrimWalkEntry:
 * @path: the path relative to the root, '/'-separated, byte-exact
 * @path_len: its length in bytes (names may hold any byte but '/' and NUL)
 * @kind: what it is
 * @st: lstat() of the entry (zeroed for %SCRIM_WALK_ERROR when unknown)
 * @errnum: for %SCRIM_WALK_ERROR, the errno (0 for a loop)
 * @what: for %SCRIM_WALK_ERROR, what failed
 */
typedef struct
{
  const char   *path;
  gsize         path_len;
  ScrimWalkKind kind;
  struct stat   st;
  int           errnum;
  const char   *what;
} ScrimWalkEntry;

/* Return FALSE to stop the walk. */
typedef gboolean (*ScrimWalkFunc) (const ScrimWalkEntry *entry,
                                   gpointer              user_data);

gboolean  scrim_walk               (const char     *root,
                                    ScrimWalkFunc   func,
                                    gpointer        user_data,
                                    gboolean       *noatime_denied,
                                    GCancellable   *cancellable,
                                    GError        **error);

int       scrim_open_evidence      (const char     *path,
                                    int             dir_fd,
                                    int             extra_flags,
                                    gboolean       *noatime_denied);

gboolean  scrim_evidence_contains   (const char     *root,
                                    const char     *path);

G_END_DECLS
