/* scrim-exif.h: the EXIF facts Scrim keeps, read (and, for synthetic data, written) with libexif
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-image.h"

G_BEGIN_DECLS

/**
 * ScrimExif:
 * @make: (nullable): IFD0 Make, trailing NULs and spaces trimmed
 * @model: (nullable): IFD0 Model, trimmed the same way
 * @serial: (nullable): BodySerialNumber, else a maker-note serial number
 * @datetime_original: (nullable): DateTimeOriginal as stored ("YYYY:MM:DD HH:MM:SS")
 * @offset_time_original: (nullable): OffsetTimeOriginal as stored ("+01:00")
 * @software: (nullable): IFD0 Software
 * @orientation: IFD0 Orientation as stored (any number), valid when @has_orientation
 * @gps_lat: signed decimal degrees (south negative), valid when @has_gps_lat
 * @gps_lon: signed decimal degrees (west negative), valid when @has_gps_lon
 * @gps_alt: metres, negative below sea level, valid when @has_gps_alt
 * @has_gps: both @gps_lat and @gps_lon are valid (a position)
 * @has_thumbnail: IFD1 carries an embedded thumbnail
 * @has_gps_lat: @gps_lat is valid (a file may hold one coordinate alone)
 * @has_gps_lon: @gps_lon is valid
 *
 * Strings are the bytes the file holds, NUL-terminated, cut at the first NUL;
 * they need not be valid UTF-8 (seized files hold anything). Numbers are
 * what the file stores, not what is plausible: an orientation of 65535 or a
 * latitude of 4294967295 is kept, as exiftool keeps it; range checks belong
 * to whoever uses the value.
 */
typedef struct
{
  char    *make;
  char    *model;
  char    *serial;
  char    *datetime_original;
  char    *offset_time_original;
  char    *software;
  gint64   orientation;
  double   gps_lat;
  double   gps_lon;
  double   gps_alt;
  guint    has_orientation : 1;
  guint    has_gps : 1;
  guint    has_gps_alt : 1;
  guint    has_thumbnail : 1;
  guint    has_gps_lat : 1;
  guint    has_gps_lon : 1;
} ScrimExif;

ScrimExif *scrim_exif_new           (void);
void       scrim_exif_free          (ScrimExif     *exif);
gboolean   scrim_exif_is_empty      (const ScrimExif *exif);

/* Locates the EXIF block of a whole file (JPEG APP1, PNG eXIf or legacy
 * "Raw profile" text, TIFF, WebP EXIF, exiv2 .exv) and reads it. */
ScrimExif *scrim_exif_read_file     (ScrimFileType  type,
                                     const guint8  *data,
                                     gsize          len);
/* Reads one EXIF block: "Exif\0\0" followed by a TIFF header, or the TIFF header alone. */
ScrimExif *scrim_exif_read_block    (const guint8  *data,
                                     gsize          len);

/* Builds a JPEG APP1 payload ("Exif\0\0" + TIFF) holding the set fields, for
 * synthetic evidence. */
GBytes    *scrim_exif_build_app1    (const ScrimExif *exif,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimExif, scrim_exif_free)

G_END_DECLS
