/* scrim-cli.c: option parsing and error reporting shared by the subcommands
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "scrim-cli.h"

/*
** Prints "scrim: MESSAGE" on stderr.
*/
void
scrim_cli_print_error (const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "scrim: %s\n", message);
}

/*
** Reports a usage error for command and returns SCRIM_EXIT_USAGE.
*/
int
scrim_cli_usage_error (const char *command,
                       const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "scrim %s: %s\n", command, message);
  fprintf (stderr, _("Try “scrim %s --help” for more information.\n"), command);
  return SCRIM_EXIT_USAGE;
}

/*
** Reports error (and frees it); returns SCRIM_EXIT_FAILURE.
*/
int
scrim_cli_fail (GError *error)
{
  scrim_cli_print_error ("%s", error->message);
  g_error_free (error);
  return SCRIM_EXIT_FAILURE;
}

/*
** Returns an option context for "scrim COMMAND ARGS", with summary shown by
** --help.
*/
GOptionContext *
scrim_cli_context_new (const char *command,
                       const char *args,
                       const char *summary)
{
  g_autofree char *prgname = g_strdup_printf ("scrim %s", command);
  GOptionContext *context = g_option_context_new (args);

  /* --help then reads "scrim COMMAND [OPTION…] ARGS". */
  g_set_prgname (prgname);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/*
** Parses options; returns -1 to go on, or the exit code to leave with
** (SCRIM_EXIT_USAGE after printing the problem).
*/
int
scrim_cli_parse (GOptionContext   *context,
                 const char       *command,
                 int              *argc,
                 char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return scrim_cli_usage_error (command, "%s", error->message);
  return -1;
}
