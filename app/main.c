/* main.c: the `scrim` command
 *
 * `scrim SUBCOMMAND …` runs one job from the command line; `scrim` alone
 * opens the start window, and `scrim CASE…` opens the cases (in the
 * running Scrim when there is one). A -Dui=false build has no window:
 * `scrim` alone shows the help there.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "scrim-cli.h"
#if HAVE_UI
#include "scrim-application.h"
#endif

static const ScrimCommand commands[] = {
  { "ingest", N_("CASE SOURCE…"), N_("Hash, decode and describe every file of evidence folders into a case"), scrim_cmd_ingest },
  { "files", N_("CASE"), N_("List the files of a case, one row each"), scrim_cmd_files },
  { "info", N_("CASE"), N_("Show a case’s metadata, sources and counts"), scrim_cmd_info },
  { "audit", N_("CASE"), N_("Show or verify a case’s audit log"), scrim_cmd_audit },
  { "pdq", N_("FILE…"), N_("Print the PDQ perceptual hash of images"), scrim_cmd_pdq },
  { "similar", N_("CASE FILE|SHA256"), N_("Find near-duplicates of an image in a case"), scrim_cmd_similar },
  { "lists", N_("[import|remove]"), N_("Show, import or remove reference lists"), scrim_cmd_lists },
  { "schemes", N_("[show|import]"), N_("Show or edit the category schemes of lists"), scrim_cmd_schemes },
  { "match", N_("CASE"), N_("Pre-categorise a case against the reference lists"), scrim_cmd_match },
  { "group", N_("CASE"), N_("Group images for victim identification; rank the queue"), scrim_cmd_group },
  { "groups", N_("CASE"), N_("List the groups and their reasons"), scrim_cmd_groups },
  { "group-members", N_("CASE GROUP_ID"), N_("List the images of a group"), scrim_cmd_group_members },
  { "queue", N_("CASE"), N_("The possibly-ongoing queue, with reasons"), scrim_cmd_queue },
  { "export", N_("CASE"), N_("Export VICS, hash sets, reports, sub-cases, the audit log, maps"), scrim_cmd_export },
  { "demo", N_("[DIR]"), N_("Generate synthetic demo evidence and triage it"), scrim_cmd_demo },
};

/* One line of the command table, padded by characters, not bytes, so
 * "CASE SOURCE…" and translations line up. */
static void
print_command (FILE       *out,
               const char *name,
               const char *args,
               const char *summary)
{
  glong pad = 18 - g_utf8_strlen (args, -1);

  fprintf (out, "  %-13s %s%*s %s\n", name, args, (int) MAX (pad, 0), "", summary);
}

static void
print_help (FILE *out)
{
  fputs (_("Usage:\n  scrim COMMAND [OPTION…]\n\n"), out);
  fputs (_("Scrim triages images from seized devices: it hashes, decodes and describes\n"
           "every file into one case file, never changing the evidence.\n\n"), out);
  fputs (_("Commands:\n"), out);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    print_command (out, commands[i].name, _(commands[i].args), _(commands[i].summary));
  print_command (out, "help", _("[COMMAND]"), _("Show this help, or a command’s"));
  fputs (_("\nOptions:\n  --version     Show the version\n  -h, --help    Show this help\n\n"), out);
  fputs (_("Run “scrim COMMAND --help” for a command’s options.\n"), out);
  fputs (_("Exit status: 0 success, 1 failure, 2 usage error.\n"), out);
}

static const ScrimCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

#if HAVE_UI
/* A case to open rather than a command: not a command's name nor an
 * option, and a file that exists or a name ending in .scrim (a missing
 * case then gets the window's message). */
static gboolean
is_case_argument (const char *arg)
{
  return find_command (arg) == NULL && arg[0] != '-'
         && (g_file_test (arg, G_FILE_TEST_EXISTS) || g_str_has_suffix (arg, ".scrim"));
}
#endif

/* The translations: the installed ones, or those compiled in the build
 * tree when this is build/app/scrim (so the quick start and the tests
 * speak Dutch without installing). */
static const char *
scrim_locale_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe != NULL && g_str_has_prefix (exe, SCRIM_BUILD_ROOT G_DIR_SEPARATOR_S))
    return SCRIM_BUILD_ROOT G_DIR_SEPARATOR_S "po";
  return LOCALEDIR;
}

static int
run_help (int    argc,
          char **argv)
{
  const ScrimCommand *command;
  char *help_argv[] = { argv[1], (char *) "--help", NULL };

  if (argc < 2)
    {
      print_help (stdout);
      return SCRIM_EXIT_OK;
    }
  command = find_command (argv[1]);
  if (command == NULL)
    {
      scrim_cli_print_error (_("no such command “%s”; run “scrim help”"), argv[1]);
      return SCRIM_EXIT_USAGE;
    }
  return command->run (2, help_argv);
}

int
main (int    argc,
      char **argv)
{
  const ScrimCommand *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, scrim_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("scrim");

  if (argc < 2)
    {
#if HAVE_UI
      /* On a terminal without a display, `scrim` alone is a request for
       * help, not an error. */
      if (scrim_application_has_display ())
        return scrim_application_run_cases (0, NULL);
      print_help (stdout);
      return SCRIM_EXIT_OK;
#else
      print_help (stdout);
      return SCRIM_EXIT_OK;
#endif
    }
  if (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0)
    {
      printf ("scrim %s\n", PACKAGE_VERSION);
      return SCRIM_EXIT_OK;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_help (stdout);
      return SCRIM_EXIT_OK;
    }
  if (strcmp (argv[1], "help") == 0)
    return run_help (argc - 1, argv + 1);

#if HAVE_UI
  if (is_case_argument (argv[1]))
    return scrim_application_run_cases (argc - 1, argv + 1);
#endif
  command = find_command (argv[1]);
  if (command == NULL)
    {
      scrim_cli_print_error (_("no such command “%s”; run “scrim help”"), argv[1]);
      return SCRIM_EXIT_USAGE;
    }
  return command->run (argc - 1, argv + 1);
}
