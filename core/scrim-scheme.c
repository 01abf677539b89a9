/* scrim-scheme.c
 *
 * Reference lists carry their own numbering (shared/specs/hash-lists.md
 * §1.7): the same "0" is non-pertinent in a VICS US list and uncategorised
 * in Autopsy's old scheme, and CAID's codes are not public. So a case
 * stores the raw (list, code) and a scheme maps codes to Scrim's classes;
 * schemes are data, kept in the reference library and edited as files of
 * this form (GKeyFile):
 *
 *   # Scrim category scheme
 *   [Scheme]
 *   Name=vics-us
 *   Description=Project VIC USA: the VICS US profile
 *   Profiles=US;Default;
 *
 *   [Codes]
 *   0=non-pertinent;Non-Pertinent
 *   1=abuse;Child Abuse Material (CAM)
 *
 * Each code maps to a class (abuse, exploitive, cgi, comparison,
 * non-pertinent, known-good, uncategorised) and a label. A code the scheme
 * does not list, or no code at all, is uncategorised. Profiles name the
 * VICS profiles (the path segment after 2.0.xml/) the scheme is chosen for
 * when a list is imported without --scheme.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-scheme.h"

struct _ScrimScheme
{
  char       *name;
  char       *description;
  GStrv       profiles;
  GHashTable *classes;   /* code -> GINT_TO_POINTER (class + 1) */
  GHashTable *labels;    /* code -> label */
};

static const char * const class_names[SCRIM_N_CLASSES] = {
  "uncategorised", "abuse", "exploitive", "cgi", "comparison", "non-pertinent", "known-good",
};

/* Higher is more severe: what a conflict lists first. */
static const int class_severity[SCRIM_N_CLASSES] = { 3, 7, 6, 5, 4, 2, 1 };

const char *
scrim_class_to_string (ScrimClass klass)
{
  g_return_val_if_fail ((guint) klass < SCRIM_N_CLASSES, NULL);
  return class_names[klass];
}

gboolean
scrim_class_from_string (const char *str,
                         ScrimClass *klass)
{
  for (guint i = 0; str != NULL && i < SCRIM_N_CLASSES; i++)
    if (g_ascii_strcasecmp (str, class_names[i]) == 0)
      {
        *klass = i;
        return TRUE;
      }
  return FALSE;
}

/*
** TRUE for the classes a file needs no review for: known-good and
** non-pertinent.
*/
gboolean
scrim_class_is_ignorable (ScrimClass klass)
{
  return klass == SCRIM_CLASS_KNOWN_GOOD || klass == SCRIM_CLASS_NON_PERTINENT;
}

/*
** How severe a class is (higher: more severe), for ordering conflicts.
*/
int
scrim_class_severity (ScrimClass klass)
{
  g_return_val_if_fail ((guint) klass < SCRIM_N_CLASSES, 0);
  return class_severity[klass];
}

void
scrim_scheme_free (ScrimScheme *scheme)
{
  if (scheme == NULL)
    return;
  g_free (scheme->name);
  g_free (scheme->description);
  g_strfreev (scheme->profiles);
  g_hash_table_unref (scheme->classes);
  g_hash_table_unref (scheme->labels);
  g_free (scheme);
}

static gboolean
parse_code (ScrimScheme  *scheme,
            GKeyFile     *file,
            const char   *code,
            GError      **error)
{
  g_autofree char *value = g_key_file_get_string (file, "Codes", code, error);
  g_auto(GStrv) parts = NULL;
  ScrimClass klass;

  if (value == NULL)
    return FALSE;
  parts = g_strsplit (value, ";", 2);
  if (!scrim_class_from_string (g_strstrip (parts[0]), &klass))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("scheme %s: code %s maps to “%s”, which is not a class (use abuse, exploitive, "
                     "cgi, comparison, non-pertinent, known-good or uncategorised)"),
                   scheme->name, code, parts[0]);
      return FALSE;
    }
  g_hash_table_insert (scheme->classes, g_strdup (code), GINT_TO_POINTER (klass + 1));
  g_hash_table_insert (scheme->labels, g_strdup (code),
                       g_strdup (parts[1] ? g_strstrip (parts[1]) : class_names[klass]));
  return TRUE;
}

/*
** Parses a scheme file (see the top of this file). Returns a new scheme, or
** NULL with a SCRIM_ERROR_INVALID error naming what is wrong.
*/
ScrimScheme *
scrim_scheme_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(ScrimScheme) scheme = g_new0 (ScrimScheme, 1);
  g_auto(GStrv) codes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  scheme->classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scheme->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, &local_error)
      || (scheme->name = g_key_file_get_string (file, "Scheme", "Name", &local_error)) == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("not a Scrim category scheme: %s"),
                   local_error->message);
      return NULL;
    }
  g_strstrip (scheme->name);
  if (*scheme->name == '\0' || strpbrk (scheme->name, " \t/") != NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("scheme name “%s”: use letters, digits and dashes"), scheme->name);
      return NULL;
    }
  scheme->description = g_key_file_get_string (file, "Scheme", "Description", NULL);
  scheme->profiles = g_key_file_get_string_list (file, "Scheme", "Profiles", NULL, NULL);
  if (scheme->profiles == NULL)
    scheme->profiles = g_new0 (char *, 1);

  codes = g_key_file_get_keys (file, "Codes", NULL, NULL);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (!parse_code (scheme, file, codes[i], error))
      return NULL;
  return g_steal_pointer (&scheme);
}

const char *
scrim_scheme_get_name (const ScrimScheme *scheme)
{
  return scheme->name;
}

const char *
scrim_scheme_get_description (const ScrimScheme *scheme)
{
  return scheme->description;
}

const char * const *
scrim_scheme_get_profiles (const ScrimScheme *scheme)
{
  return (const char * const *) scheme->profiles;
}

/*
** TRUE when the scheme is meant for the VICS profile (compared without
** regard to case).
*/
gboolean
scrim_scheme_has_profile (const ScrimScheme *scheme,
                          const char        *profile)
{
  for (guint i = 0; profile != NULL && scheme->profiles[i] != NULL; i++)
    if (g_ascii_strcasecmp (scheme->profiles[i], profile) == 0)
      return TRUE;
  return FALSE;
}

/*
** Returns the class of a raw code (NULL: no code, uncategorised), with its
** label in *label (static to the scheme; may be NULL). Several codes joined
** by '|' (a list that graded one file differently in different records)
** give the most severe of their classes.
*/
ScrimClass
scrim_scheme_classify (const ScrimScheme  *scheme,
                       const char         *code,
                       const char        **label)
{
  g_auto(GStrv) codes = NULL;
  ScrimClass best = SCRIM_CLASS_UNCATEGORISED;
  gboolean found = FALSE;

  if (label != NULL)
    *label = NULL;
  if (code == NULL)
    return SCRIM_CLASS_UNCATEGORISED;

  codes = g_strsplit (code, "|", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      gpointer value = g_hash_table_lookup (scheme->classes, g_strstrip (codes[i]));
      ScrimClass klass;

      if (value == NULL)
        continue;
      klass = GPOINTER_TO_INT (value) - 1;
      if (!found || class_severity[klass] > class_severity[best])
        {
          best = klass;
          found = TRUE;
          if (label != NULL)
            *label = g_hash_table_lookup (scheme->labels, codes[i]);
        }
    }
  return best;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/*
** Returns the codes the scheme maps, sorted, as "code class label" lines'
** parts: a NULL-terminated array of "code" strings (free with g_strfreev()).
*/
char **
scrim_scheme_dup_codes (const ScrimScheme *scheme)
{
  guint n = 0;
  char **codes = (char **) g_hash_table_get_keys_as_array (scheme->classes, &n);
  char **copy = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (codes[i]);
  g_free (codes);
  qsort (copy, n, sizeof (char *), compare_codes);
  return copy;
}

static const char vics_us[] =
  "# Scrim category scheme: Project VIC USA, the VICS US profile (hash-lists.md §1.7).\n"
  "# Classes: abuse exploitive cgi comparison non-pertinent known-good uncategorised.\n"
  "# A code not listed here, or no code (Category null or absent), is uncategorised.\n"
  "[Scheme]\n"
  "Name=vics-us\n"
  "Description=Project VIC USA: the VICS US profile (also VICS 1.x and 2.0 Default lists)\n"
  "Profiles=US;Default;\n"
  "\n"
  "[Codes]\n"
  "0=non-pertinent;Non-Pertinent\n"
  "1=abuse;Child Abuse Material (CAM)\n"
  "2=exploitive;Child Exploitive (Non-CAM) Age Difficult\n"
  "3=cgi;CGI/Animation - Child Exploitive\n"
  "4=comparison;Comparison Images\n";

static const char uk_caid[] =
  "# Scrim category scheme: UK CAID (VICS UK profile).\n"
  "# The UK grades indecent images A, B and C (HMICFRS). The numeric codes CAID\n"
  "# writes in VICS \"Category\" are not public: map them here, for example\n"
  "#   1=abuse;Category A\n"
  "# and re-import the scheme with `scrim schemes import FILE`. Until then\n"
  "# numeric codes are uncategorised (matched, listed, not graded).\n"
  "[Scheme]\n"
  "Name=uk-caid\n"
  "Description=UK Child Abuse Image Database (CAID), grades A/B/C; numeric codes to be mapped by the team\n"
  "Profiles=UK;\n"
  "\n"
  "[Codes]\n"
  "A=abuse;Category A (penetrative, bestiality or sadism)\n"
  "B=abuse;Category B (non-penetrative sexual activity)\n"
  "C=abuse;Category C (other indecent images)\n";

/*
** The schemes Scrim ships, NULL-terminated (static).
*/
const char * const *
scrim_scheme_builtin_names (void)
{
  static const char * const names[] = { "vics-us", "uk-caid", NULL };

  return names;
}

/*
** The text of a shipped scheme, or NULL.
*/
const char *
scrim_scheme_builtin_text (const char *name)
{
  if (g_strcmp0 (name, "vics-us") == 0)
    return vics_us;
  if (g_strcmp0 (name, "uk-caid") == 0)
    return uk_caid;
  return NULL;
}
