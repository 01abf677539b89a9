/* scrim-core.h: the umbrella header of Scrim's GTK-free core
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "scrim-analyze.h"
#include "scrim-audit.h"
#include "scrim-case.h"
#include "scrim-demo.h"
#include "scrim-error.h"
#include "scrim-exif.h"
#include "scrim-export.h"
#include "scrim-files.h"
#include "scrim-group.h"
#include "scrim-hash.h"
#include "scrim-image.h"
#include "scrim-ingest.h"
#include "scrim-json.h"
#include "scrim-library.h"
#include "scrim-list.h"
#include "scrim-match.h"
#include "scrim-pdq.h"
#include "scrim-review.h"
#include "scrim-scheme.h"
#include "scrim-similar.h"
#include "scrim-synth.h"
#include "scrim-text.h"
#include "scrim-thumb.h"
#include "scrim-walk.h"
