/* bench-util.h: what the benchmarks share
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Building synthetic cases and libraries straight in SQL: any failure is
 * fatal (a benchmark has nothing to report without its data). */
void          bench_exec_or_die    (sqlite3      *db,
                                    const char   *sql);
sqlite3_stmt *bench_prepare        (sqlite3      *db,
                                    const char   *sql);
void          bench_step           (sqlite3_stmt *stmt);

/* Peak memory: the high-water mark of the resident set (VmHWM, else
 * getrusage), in KiB; resetting it lets one step be measured alone. */
void          bench_reset_peak_rss (void);
long          bench_peak_rss_kb    (void);

G_END_DECLS
