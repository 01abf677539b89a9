/* bench-util.c: what the benchmarks share
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-util.h"

void
bench_exec_or_die (sqlite3    *db,
                   const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

sqlite3_stmt *
bench_prepare (sqlite3    *db,
               const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

/* Steps a statement that returns no row, then resets it for the next. */
void
bench_step (sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
}

void
bench_reset_peak_rss (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY);

  if (fd >= 0)
    {
      if (write (fd, "5", 1) != 1)
        g_warning ("cannot reset the peak RSS");
      close (fd);
    }
}

long
bench_peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line = NULL;
  struct rusage usage;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (line = strstr (status, "VmHWM:")) != NULL)
    return strtol (line + strlen ("VmHWM:"), NULL, 10);
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}
