/* scrim-cli.h: what the subcommands of `scrim` share
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes, the same for every subcommand. */
#define SCRIM_EXIT_OK      0
#define SCRIM_EXIT_FAILURE 1
#define SCRIM_EXIT_USAGE   2

typedef int (*ScrimCommandFunc) (int    argc,
                                 char **argv);

typedef struct
{
  const char       *name;
  const char       *args;
  const char       *summary;
  ScrimCommandFunc  run;
} ScrimCommand;

int   scrim_cli_parse         (GOptionContext  *context,
                               const char      *command,
                               int             *argc,
                               char          ***argv);
int   scrim_cli_usage_error   (const char      *command,
                               const char      *format,
                               ...) G_GNUC_PRINTF (2, 3);
int   scrim_cli_fail          (GError          *error);
void  scrim_cli_print_error   (const char      *format,
                               ...) G_GNUC_PRINTF (1, 2);
GOptionContext *scrim_cli_context_new (const char *command,
                                       const char *args,
                                       const char *summary);

int   scrim_cmd_ingest        (int argc, char **argv);
int   scrim_cmd_files         (int argc, char **argv);
int   scrim_cmd_info          (int argc, char **argv);
int   scrim_cmd_audit         (int argc, char **argv);
int   scrim_cmd_demo          (int argc, char **argv);
int   scrim_cmd_pdq           (int argc, char **argv);
int   scrim_cmd_similar       (int argc, char **argv);
int   scrim_cmd_lists         (int argc, char **argv);
int   scrim_cmd_schemes       (int argc, char **argv);
int   scrim_cmd_match         (int argc, char **argv);
int   scrim_cmd_group         (int argc, char **argv);
int   scrim_cmd_groups        (int argc, char **argv);
int   scrim_cmd_group_members (int argc, char **argv);
int   scrim_cmd_queue         (int argc, char **argv);
int   scrim_cmd_export        (int argc, char **argv);

G_END_DECLS
