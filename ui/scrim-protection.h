/* scrim-protection.h: how images are painted, for the analyst's protection
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ScrimUnknownPolicy:
 * @SCRIM_UNKNOWN_POLICY_INTERACTIVE: a light blur, lifted while the pointer
 *   hovers the image (the default)
 * @SCRIM_UNKNOWN_POLICY_CLEAR: unknown images are painted as they are
 * @SCRIM_UNKNOWN_POLICY_BLURRED: always a light blur
 *
 * How images no list matched are painted. Matched material is always
 * obscured, whatever the policy.
 */
typedef enum
{
  SCRIM_UNKNOWN_POLICY_INTERACTIVE,
  SCRIM_UNKNOWN_POLICY_CLEAR,
  SCRIM_UNKNOWN_POLICY_BLURRED,
} ScrimUnknownPolicy;

GType scrim_unknown_policy_get_type (void) G_GNUC_CONST;
#define SCRIM_TYPE_UNKNOWN_POLICY (scrim_unknown_policy_get_type ())

/**
 * ScrimPaint:
 * @blur_radius: radius for gtk_snapshot_push_blur(), in pixels of the
 *   painted size (0: none)
 * @greyscale: paint through a greyscale colour matrix
 *
 * What protection a thumbnail or viewer image gets at paint time.
 */
typedef struct
{
  double   blur_radius;
  gboolean greyscale;
} ScrimPaint;

#define SCRIM_TYPE_PROTECTION (scrim_protection_get_type ())
G_DECLARE_FINAL_TYPE (ScrimProtection, scrim_protection, SCRIM, PROTECTION, GObject)

/*
 * ScrimProtection holds, for one analyst, the protection settings and the
 * runtime protection state shared by every widget of a window:
 *
 * Properties bound to GSettings (when given a GSettings; defaults otherwise):
 *   "unknown-policy"     ScrimUnknownPolicy   key unknown-policy
 *   "blur-strength"      int 1..10 (6)        key blur-strength
 *   "greyscale-unknown"  gboolean (FALSE)     key greyscale-unknown
 *   "show-ignorable"     gboolean (FALSE)     key show-ignorable
 *   "allow-copy"         gboolean (FALSE)     key allow-copy
 * Runtime only:
 *   "revealed-item"      gint64 (0)  the one item shown unobscured while
 *                                    the analyst holds the reveal key
 *   "blanked"            gboolean    the privacy key blanked the window
 *
 * Every property notifies on change; widgets that paint images connect to
 * "notify" and queue a redraw.
 */
ScrimProtection   *scrim_protection_new               (GSettings        *settings);
ScrimUnknownPolicy scrim_protection_get_unknown_policy (ScrimProtection *self);
void               scrim_protection_set_unknown_policy (ScrimProtection *self,
                                                        ScrimUnknownPolicy policy);
int                scrim_protection_get_blur_strength  (ScrimProtection *self);
void               scrim_protection_set_blur_strength  (ScrimProtection *self,
                                                        int              strength);
gboolean           scrim_protection_get_greyscale_unknown (ScrimProtection *self);
void               scrim_protection_set_greyscale_unknown (ScrimProtection *self,
                                                           gboolean         greyscale);
gboolean           scrim_protection_get_show_ignorable (ScrimProtection *self);
gboolean           scrim_protection_get_allow_copy     (ScrimProtection *self);
gint64             scrim_protection_get_revealed_item  (ScrimProtection *self);
void               scrim_protection_set_revealed_item  (ScrimProtection *self,
                                                        gint64           item_id);
gboolean           scrim_protection_get_blanked        (ScrimProtection *self);
void               scrim_protection_set_blanked        (ScrimProtection *self,
                                                        gboolean         blanked);

/*
 * The paint for an image of item_id painted at size (the longer side, in
 * pixels): obscured (matched, or graded as such) items get a strong blur
 * (radius = size × (0.03 + 0.012 × blur-strength), at least 6 px) and
 * greyscale unless item_id is the revealed item; unknown items follow the
 * policy (light blur: radius = size × 0.025, at least 3 px; lifted when
 * hovered under the interactive policy) and greyscale-unknown.
 */
void               scrim_protection_get_paint          (ScrimProtection *self,
                                                        gint64           item_id,
                                                        gboolean         obscured,
                                                        gboolean         hovered,
                                                        double           size,
                                                        ScrimPaint      *paint);

G_END_DECLS
