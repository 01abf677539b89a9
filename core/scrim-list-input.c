/* scrim-list-input.c: the bytes of a list file, as UTF-8, with their SHA-256
 *
 * Lists arrive as UTF-8 with or without a BOM, or as UTF-16LE/BE with a
 * BOM (older VICS exporters, X-Ways). The input sniffs the BOM, drops it,
 * and hands readers UTF-8 whatever the file held, in bounded memory. As it
 * reads, it hashes the raw bytes: the SHA-256 of every list file is part of
 * the record a case keeps, and computing it on the same pass means each
 * file is read once.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-list.h"

#define RAW_CHUNK  ((gsize) 256 * 1024)
#define MAX_LINE   ((gsize) 1024 * 1024)

typedef enum
{
  ENC_UNKNOWN,
  ENC_UTF8,
  ENC_UTF16LE,
  ENC_UTF16BE,
} Encoding;

struct _ScrimListInput
{
  char         *name;
  int           fd;
  const guint8 *mem;
  gsize         mem_len;
  gsize         mem_pos;
  gboolean      eof;

  EVP_MD_CTX   *sha256;
  guint64       raw_bytes;
  guint8       *raw;          /* raw bytes read but not yet decoded */
  gsize         raw_len;
  Encoding      encoding;

  GByteArray   *out;          /* decoded UTF-8 not yet consumed */
  gsize         out_pos;
};

static ScrimListInput *
input_new (const char *name)
{
  ScrimListInput *input = g_new0 (ScrimListInput, 1);

  input->name = g_strdup (name ? name : "(list)");
  input->fd = -1;
  input->sha256 = EVP_MD_CTX_new ();
  if (input->sha256 == NULL || EVP_DigestInit_ex (input->sha256, EVP_sha256 (), NULL) != 1)
    g_error ("libcrypto cannot initialise SHA-256; out of memory");
  input->raw = g_malloc (RAW_CHUNK + 4);
  input->out = g_byte_array_sized_new (RAW_CHUNK * 2);
  return input;
}

/*
** Returns an input reading fd (which stays the caller's to close). name is
** used in messages.
*/
ScrimListInput *
scrim_list_input_new_fd (int         fd,
                         const char *name)
{
  ScrimListInput *input;

  g_return_val_if_fail (fd >= 0, NULL);

  input = input_new (name);
  input->fd = fd;
  return input;
}

/*
** Returns an input reading len bytes at data (which must outlive it).
*/
ScrimListInput *
scrim_list_input_new_memory (const guint8 *data,
                             gsize         len,
                             const char   *name)
{
  ScrimListInput *input;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  input = input_new (name);
  input->mem = data;
  input->mem_len = len;
  return input;
}

void
scrim_list_input_free (ScrimListInput *input)
{
  if (input == NULL)
    return;
  EVP_MD_CTX_free (input->sha256);
  g_free (input->raw);
  g_byte_array_unref (input->out);
  g_free (input->name);
  g_free (input);
}

const char *
scrim_list_input_get_name (ScrimListInput *input)
{
  return input->name;
}

/* Appends up to RAW_CHUNK raw bytes to input->raw; 0 at end of input. */
static gssize
fill_raw (ScrimListInput  *input,
          GError         **error)
{
  gsize room = RAW_CHUNK - input->raw_len;
  guint8 *dst = input->raw + input->raw_len;
  gssize n;

  if (input->eof || room == 0)
    return 0;
  if (input->fd < 0)
    {
      n = MIN (room, input->mem_len - input->mem_pos);
      memcpy (dst, input->mem + input->mem_pos, n);
      input->mem_pos += n;
    }
  else
    {
      do
        n = read (input->fd, dst, room);
      while (n < 0 && errno == EINTR);
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot read %s: %s"), input->name,
                       g_strerror (saved));
          return -1;
        }
    }
  if (n == 0)
    input->eof = TRUE;
  EVP_DigestUpdate (input->sha256, dst, n);
  input->raw_bytes += n;
  input->raw_len += n;
  return n;
}

static void
append_utf8 (GByteArray *out,
             gunichar    c)
{
  char buf[6];
  int n = g_unichar_to_utf8 (c, buf);

  g_byte_array_append (out, (const guint8 *) buf, n);
}

/* Decodes whole UTF-16 code units (and surrogate pairs) from raw; a lone
 * surrogate becomes U+FFFD. Leaves an incomplete tail in raw. */
static void
decode_utf16 (ScrimListInput *input)
{
  gboolean le = input->encoding == ENC_UTF16LE;
  gsize i = 0;

  while (i + 2 <= input->raw_len)
    {
      const guint8 *p = input->raw + i;
      gunichar u = le ? (p[0] | p[1] << 8) : (p[0] << 8 | p[1]);

      if (u >= 0xd800 && u < 0xdc00)
        {
          gunichar lo;

          if (i + 4 > input->raw_len && !input->eof)
            break;
          lo = i + 4 <= input->raw_len ? (le ? (p[2] | p[3] << 8) : (p[2] << 8 | p[3])) : 0;
          if (lo >= 0xdc00 && lo < 0xe000)
            {
              append_utf8 (input->out, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
              i += 4;
              continue;
            }
          u = 0xfffd;
        }
      else if (u >= 0xdc00 && u < 0xe000)
        u = 0xfffd;
      append_utf8 (input->out, u);
      i += 2;
    }
  memmove (input->raw, input->raw + i, input->raw_len - i);
  input->raw_len -= i;
  if (input->eof)
    input->raw_len = 0;   /* a trailing odd byte cannot be a character */
}

/* The first bytes decide the encoding; a BOM is dropped. */
static void
sniff_encoding (ScrimListInput *input)
{
  const guint8 *p = input->raw;

  if (input->raw_len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
    {
      input->encoding = ENC_UTF8;
      memmove (input->raw, input->raw + 3, input->raw_len - 3);
      input->raw_len -= 3;
    }
  else if (input->raw_len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
    {
      input->encoding = p[0] == 0xff ? ENC_UTF16LE : ENC_UTF16BE;
      memmove (input->raw, input->raw + 2, input->raw_len - 2);
      input->raw_len -= 2;
    }
  else
    input->encoding = ENC_UTF8;
}

/* Makes more decoded bytes available; returns how many were added (0 at
 * the end), or -1 with error set. */
static gssize
fill_out (ScrimListInput  *input,
          GError         **error)
{
  gsize before = input->out->len;

  if (input->out_pos > 0 && input->out_pos >= input->out->len / 2)
    {
      g_byte_array_remove_range (input->out, 0, input->out_pos);
      before -= input->out_pos;
      input->out_pos = 0;
    }

  while (input->out->len == before)
    {
      if (fill_raw (input, error) < 0)
        return -1;
      if (input->encoding == ENC_UNKNOWN && (input->raw_len >= 3 || input->eof))
        sniff_encoding (input);
      if (input->encoding == ENC_UNKNOWN)
        continue;
      if (input->encoding == ENC_UTF8)
        {
          g_byte_array_append (input->out, input->raw, input->raw_len);
          input->raw_len = 0;
        }
      else
        decode_utf16 (input);
      if (input->eof)
        break;
    }
  return input->out->len - before;
}

/*
** Makes up to want decoded bytes available without consuming them and
** points *data at them. Returns how many are available (fewer than want
** only at the end of the input), or -1 with error set.
*/
gssize
scrim_list_input_peek (ScrimListInput  *input,
                       const guint8   **data,
                       gsize            want,
                       GError         **error)
{
  gssize n;

  while (input->out->len - input->out_pos < want)
    {
      n = fill_out (input, error);
      if (n < 0)
        return -1;
      if (n == 0)
        break;
    }
  *data = input->out->data + input->out_pos;
  return MIN (want, input->out->len - input->out_pos);
}

/*
** Reads up to len decoded bytes into buf. Returns the count (0 at the
** end), or -1 with error set.
*/
gssize
scrim_list_input_read (ScrimListInput  *input,
                       guint8          *buf,
                       gsize            len,
                       GError         **error)
{
  const guint8 *data;
  gssize n = scrim_list_input_peek (input, &data, MIN (len, RAW_CHUNK), error);

  if (n <= 0)
    return n;
  memcpy (buf, data, n);
  input->out_pos += n;
  return n;
}

/*
** Returns the next line (newly allocated, NUL-terminated, without its LF
** or CRLF) with its length in *len, or NULL at the end of the input (error
** unset) or on a read error (error set). A line longer than 1 MiB is cut
** there; the rest of it is skipped.
*/
char *
scrim_list_input_read_line (ScrimListInput  *input,
                            gsize           *len,
                            GError         **error)
{
  GString *line = NULL;
  gboolean cut = FALSE;

  for (;;)
    {
      const guint8 *data = input->out->data + input->out_pos;
      gsize avail = input->out->len - input->out_pos;
      const guint8 *nl = avail ? memchr (data, '\n', avail) : NULL;
      gsize take = nl ? (gsize) (nl - data) : avail;
      gssize n;

      if (line == NULL && (avail > 0 || nl))
        line = g_string_new (NULL);
      if (!cut && line != NULL)
        {
          gsize keep = MIN (take, MAX_LINE - line->len);

          g_string_append_len (line, (const char *) data, keep);
          cut = line->len >= MAX_LINE;
        }
      input->out_pos += take + (nl ? 1 : 0);
      if (nl)
        break;
      n = fill_out (input, error);
      if (n < 0)
        {
          if (line)
            g_string_free (line, TRUE);
          return NULL;
        }
      if (n == 0)
        break;
    }

  if (line == NULL)
    return NULL;
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  *len = line->len;
  return g_string_free (line, FALSE);
}

/*
** Reads (and hashes) whatever is left, so that the SHA-256 covers the
** whole file. Returns FALSE with error set on a read error.
*/
gboolean
scrim_list_input_drain (ScrimListInput  *input,
                        GError         **error)
{
  while (!input->eof)
    {
      input->raw_len = 0;
      if (fill_raw (input, error) < 0)
        return FALSE;
    }
  return TRUE;
}

/*
** Raw bytes read from the file so far (for progress).
*/
guint64
scrim_list_input_raw_bytes (ScrimListInput *input)
{
  return input->raw_bytes;
}

/*
** "utf-8", "utf-16le" or "utf-16be" once known, else NULL.
*/
const char *
scrim_list_input_encoding (ScrimListInput *input)
{
  static const char * const names[] = { NULL, "utf-8", "utf-16le", "utf-16be" };

  return names[input->encoding];
}

/*
** Writes the SHA-256 of the raw bytes read so far (the whole file after
** scrim_list_input_drain()) as 64 lowercase hex digits.
*/
void
scrim_list_input_sha256 (ScrimListInput *input,
                         char            hex[65])
{
  guint8 digest[SCRIM_SHA256_LEN];
  g_autofree char *text = NULL;
  EVP_MD_CTX *copy = EVP_MD_CTX_new ();

  EVP_MD_CTX_copy_ex (copy, input->sha256);
  EVP_DigestFinal_ex (copy, digest, NULL);
  EVP_MD_CTX_free (copy);
  text = scrim_hex_encode (digest, sizeof digest);
  memcpy (hex, text, 65);
}

/*
** Parses exactly 2*len hex digits of either case (ASCII whitespace around
** them ignored) into out. Returns FALSE on any other content.
*/
gboolean
scrim_list_parse_hex (const char *text,
                      gsize       text_len,
                      guint8     *out,
                      gsize       len)
{
  while (text_len > 0 && g_ascii_isspace (text[0]))
    text++, text_len--;
  while (text_len > 0 && g_ascii_isspace (text[text_len - 1]))
    text_len--;
  if (text_len != len * 2)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}
