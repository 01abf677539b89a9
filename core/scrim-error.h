/* scrim-error.h: the one error domain of Scrim's core
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SCRIM_ERROR (scrim_error_quark ())

/**
 * ScrimError:
 * @SCRIM_ERROR_FAILED: anything not named below
 * @SCRIM_ERROR_INVALID: an argument or an input record is malformed
 * @SCRIM_ERROR_NOT_A_CASE: the file is not a Scrim case file
 * @SCRIM_ERROR_CASE_TOO_NEW: the case was written by a newer Scrim
 * @SCRIM_ERROR_CASE_CORRUPT: the case file is damaged
 * @SCRIM_ERROR_DATABASE: SQLite reported an error not named below
 * @SCRIM_ERROR_NO_SPACE: the disk (or a file size limit) is full
 * @SCRIM_ERROR_IO: reading or writing a file failed
 * @SCRIM_ERROR_AUDIT: the audit log's hash chain does not verify
 * @SCRIM_ERROR_CANCELLED: the caller cancelled the operation
 */
typedef enum
{
  SCRIM_ERROR_FAILED,
  SCRIM_ERROR_INVALID,
  SCRIM_ERROR_NOT_A_CASE,
  SCRIM_ERROR_CASE_TOO_NEW,
  SCRIM_ERROR_CASE_CORRUPT,
  SCRIM_ERROR_DATABASE,
  SCRIM_ERROR_NO_SPACE,
  SCRIM_ERROR_IO,
  SCRIM_ERROR_AUDIT,
  SCRIM_ERROR_CANCELLED,
} ScrimError;

GQuark scrim_error_quark (void);

G_END_DECLS
