/* scrim-image.h: recognising image files by content, and decoding them at reduced size
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ScrimFileType:
 *
 * The type of a file, from its first bytes (never from its name).
 */
typedef enum
{
  SCRIM_FILE_TYPE_OTHER,
  SCRIM_FILE_TYPE_JPEG,
  SCRIM_FILE_TYPE_PNG,
  SCRIM_FILE_TYPE_GIF,
  SCRIM_FILE_TYPE_BMP,
  SCRIM_FILE_TYPE_WEBP,
  SCRIM_FILE_TYPE_HEIC,
  SCRIM_FILE_TYPE_TIFF,
} ScrimFileType;

/**
 * ScrimStatus:
 * @SCRIM_STATUS_OK: decoded; pixels, facts and thumbnail are stored
 * @SCRIM_STATUS_NOT_IMAGE: not an image type Scrim recognises (still hashed)
 * @SCRIM_STATUS_UNSUPPORTED: an image type or coding Scrim cannot decode yet
 * @SCRIM_STATUS_CORRUPT: the decoder failed; the message says why
 * @SCRIM_STATUS_TOO_LARGE: the declared size exceeds the pixel budget
 * @SCRIM_STATUS_READ_ERROR: the file could not be read; the message has the errno text
 * @SCRIM_STATUS_SYMLINK: a symbolic link, recorded with its target, never followed
 * @SCRIM_STATUS_SPECIAL: a FIFO, socket or device node, recorded, never opened
 *
 * What became of one file. The strings are part of the `scrim files` format.
 */
typedef enum
{
  SCRIM_STATUS_OK,
  SCRIM_STATUS_NOT_IMAGE,
  SCRIM_STATUS_UNSUPPORTED,
  SCRIM_STATUS_CORRUPT,
  SCRIM_STATUS_TOO_LARGE,
  SCRIM_STATUS_READ_ERROR,
  SCRIM_STATUS_SYMLINK,
  SCRIM_STATUS_SPECIAL,
} ScrimStatus;

#define SCRIM_N_STATUS (SCRIM_STATUS_SPECIAL + 1)
#define SCRIM_N_FILE_TYPES (SCRIM_FILE_TYPE_TIFF + 1)

/* The default pixel budget: a file declaring more pixels than this is not
 * decoded (a decompression bomb, or a panorama beyond triage). */
#define SCRIM_DEFAULT_MAX_PIXELS ((guint64) 200 * 1000 * 1000)

/* Decode at reduced size while the shorter side stays at least this long
 * (see shared/specs/pdq.md section 5: PDQ stays within the spread of Meta's
 * own ports down to here, and thumbnails need far less). */
#define SCRIM_DEFAULT_MIN_SIDE 512

/**
 * ScrimPixels:
 * @width: columns of @data
 * @height: rows of @data
 * @channels: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; 8 bits per sample
 * @stride: bytes from one row to the next
 * @data: (owned): the samples
 *
 * A decoded 8-bit image. Alpha is kept as the file has it (not premultiplied).
 */
typedef struct
{
  guint   width;
  guint   height;
  guint   channels;
  gsize   stride;
  guint8 *data;
} ScrimPixels;

/**
 * ScrimDecodeOptions:
 * @max_pixels: the pixel budget on the size the file declares (0 = default)
 * @min_side: reduce while the shorter side stays >= this (0 = full size)
 */
typedef struct
{
  guint64 max_pixels;
  guint   min_side;
} ScrimDecodeOptions;

/**
 * ScrimDecodeResult:
 * @status: OK, UNSUPPORTED, CORRUPT, TOO_LARGE or NOT_IMAGE
 * @type: the sniffed type
 * @width: width the file declares (0 when unknown)
 * @height: height the file declares (0 when unknown)
 * @scale_denom: 1, 2, 4 or 8: how much the pixels were reduced
 * @pixels: (nullable) (owned): set when @status is OK
 * @message: (nullable) (owned): why, when @status is not OK
 * @warning: (nullable) (owned): when @status is OK but the decoder
 *   recovered from damage (extraneous bytes, a broken ancillary chunk...),
 *   the first such complaint, as the library worded it
 *
 * Zero-initialise it (or clear it) before a decode; the decoders overwrite
 * every field.
 */
typedef struct
{
  ScrimStatus   status;
  ScrimFileType type;
  guint         width;
  guint         height;
  guint         scale_denom;
  ScrimPixels  *pixels;
  char         *message;
  char         *warning;
} ScrimDecodeResult;

const char    *scrim_file_type_to_string     (ScrimFileType type);
gboolean       scrim_file_type_from_string   (const char   *str,
                                              ScrimFileType *type);
const char    *scrim_status_to_string        (ScrimStatus   status);
gboolean       scrim_status_from_string      (const char   *str,
                                              ScrimStatus  *status);

ScrimFileType  scrim_image_sniff             (const guint8 *data,
                                              gsize         len);
gboolean       scrim_image_probe_size        (ScrimFileType type,
                                              const guint8 *data,
                                              gsize         len,
                                              guint        *width,
                                              guint        *height);
guint          scrim_image_pick_scale        (guint         width,
                                              guint         height,
                                              guint         min_side);
void           scrim_image_decode            (const guint8 *data,
                                              gsize         len,
                                              const ScrimDecodeOptions *options,
                                              ScrimDecodeResult *result);
void           scrim_decode_result_clear     (ScrimDecodeResult *result);

ScrimPixels   *scrim_pixels_new              (guint         width,
                                              guint         height,
                                              guint         channels);
void           scrim_pixels_free             (ScrimPixels  *pixels);

/* Decoders behind scrim_image_decode(); public for tests and fuzzing. */
void           scrim_jpeg_decode             (const guint8 *data,
                                              gsize         len,
                                              const ScrimDecodeOptions *options,
                                              ScrimDecodeResult *result);
void           scrim_png_decode              (const guint8 *data,
                                              gsize         len,
                                              const ScrimDecodeOptions *options,
                                              ScrimDecodeResult *result);

/* Encoders, for thumbnails and for synthetic test data. */
GBytes        *scrim_jpeg_encode             (const ScrimPixels *pixels,
                                              int           quality,
                                              GBytes       *exif_app1,
                                              GError      **error);
GBytes        *scrim_png_encode              (const ScrimPixels *pixels,
                                              guint         bit_depth,
                                              gboolean      palette,
                                              gboolean      interlace,
                                              GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimPixels, scrim_pixels_free)

G_END_DECLS
