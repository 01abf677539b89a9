/* scrim-scheme.h: category schemes: what a list's category codes mean
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ScrimClass:
 *
 * Scrim's internal classes, which decide how a file is treated
 * (shared/PRODUCT.md, "Categories"). The strings are part of `scrim files`.
 */
typedef enum
{
  SCRIM_CLASS_UNCATEGORISED,
  SCRIM_CLASS_ABUSE,
  SCRIM_CLASS_EXPLOITIVE,
  SCRIM_CLASS_CGI,
  SCRIM_CLASS_COMPARISON,
  SCRIM_CLASS_NON_PERTINENT,
  SCRIM_CLASS_KNOWN_GOOD,
} ScrimClass;

#define SCRIM_N_CLASSES (SCRIM_CLASS_KNOWN_GOOD + 1)

const char *scrim_class_to_string     (ScrimClass   klass);
gboolean    scrim_class_from_string   (const char  *str,
                                       ScrimClass  *klass);
gboolean    scrim_class_is_ignorable  (ScrimClass   klass);
int         scrim_class_severity      (ScrimClass   klass);

typedef struct _ScrimScheme ScrimScheme;

ScrimScheme *scrim_scheme_parse        (const char        *text,
                                        GError           **error);
void         scrim_scheme_free         (ScrimScheme       *scheme);
const char  *scrim_scheme_get_name     (const ScrimScheme *scheme);
const char  *scrim_scheme_get_description (const ScrimScheme *scheme);
const char * const *scrim_scheme_get_profiles (const ScrimScheme *scheme);
gboolean     scrim_scheme_has_profile  (const ScrimScheme *scheme,
                                        const char        *profile);
ScrimClass   scrim_scheme_classify     (const ScrimScheme *scheme,
                                        const char        *code,
                                        const char       **label);
char       **scrim_scheme_dup_codes    (const ScrimScheme *scheme);

const char * const *scrim_scheme_builtin_names (void);
const char  *scrim_scheme_builtin_text (const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimScheme, scrim_scheme_free)

G_END_DECLS
