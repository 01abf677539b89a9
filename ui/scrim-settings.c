/* scrim-settings.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "scrim-settings.h"

/*
** Returns the settings (new reference). The installed schema wins; when
** there is none (build/app/scrim run from the build tree), the schema
** compiled beside the binary at build time is used, so the quick start
** works without installing. Aborts when neither exists, as
** g_settings_new() would, but with the folders it looked in.
*/
GSettings *
scrim_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) built = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCRIM_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    {
      built = g_settings_schema_source_new_from_directory (SCRIM_BUILD_SCHEMA_DIR, source, FALSE, NULL);
      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, SCRIM_SETTINGS_SCHEMA, FALSE);
    }
  if (schema == NULL)
    g_error ("the settings schema %s is not installed (nor compiled in %s)",
             SCRIM_SETTINGS_SCHEMA, SCRIM_BUILD_SCHEMA_DIR);
  return g_settings_new_full (schema, NULL, NULL);
}
