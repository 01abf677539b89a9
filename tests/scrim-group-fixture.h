/* scrim-group-fixture.h: a synthetic seized phone for grouping and the queue
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the fixture plants (scrim-group-fixture.c describes it all). */
#define SCRIM_GROUP_FIXTURE_EXHIBIT       "PHONE-1"
#define SCRIM_GROUP_FIXTURE_SEIZURE_DATE  "2026-03-07"
#define SCRIM_GROUP_FIXTURE_LIST_NAME     "Demo VICS series"

/**
 * ScrimGroupFixture:
 * @root: the work folder
 * @evidence: the generated device (@root/phone)
 * @list_path: the VICS 2.0 list written for it (@root/demo-series.json)
 * @library_path: the reference library (@root/library.db)
 * @case_path: the case (@root/phone.scrim)
 */
typedef struct
{
  char *root;
  char *evidence;
  char *list_path;
  char *library_path;
  char *case_path;
} ScrimGroupFixture;

ScrimGroupFixture *scrim_group_fixture_new         (const char         *root,
                                                    GError            **error);
gboolean           scrim_group_fixture_build_case  (ScrimGroupFixture  *fixture,
                                                    GError            **error);
void               scrim_group_fixture_free        (ScrimGroupFixture  *fixture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimGroupFixture, scrim_group_fixture_free)

G_END_DECLS
