/* fuzz_phone.c - fuzz target for vet_phone_parse (contact/phone.cc, the
 * C++ shim over libphonenumber).  An input "XX:text" parses text with the
 * default region XX, anything else without one.  Nothing may escape the
 * shim: any input gives VET_OK (or VET_ELIMIT past the limit); a parsed
 * number has an E.164 form of '+' and digits starting with its country
 * code, a region that is empty or two capitals, and a line type only
 * when valid; a valid number's E.164 form parses back to its calling
 * code; a number that did not parse says why and has nothing else; and
 * libphonenumber alone (phone_parse_lib: no shortcut, its own
 * classifier) gives the same answer field for field. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact/phone_meta.h"
#include "core/common.h"
#include "vetter/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct vet_phone *p)
{
  if (!memchr(p->e164, 0, sizeof p->e164) || !memchr(p->region, 0, sizeof p->region) ||
      !memchr(p->error, 0, sizeof p->error))
    abort();
  if (!p->parsed) {
    if (!p->error[0] || p->e164[0] || p->region[0] || p->country_code || p->valid || p->possible ||
        p->type != VET_PHONE_UNKNOWN)
      abort();
    return;
  }
  if (p->error[0] || p->e164[0] != '+' || p->country_code <= 0)
    abort();
  for (const char *c = p->e164 + 1; *c; c++)
    if (!vet_is_digit(*c))
      abort();
  char cc[16];
  snprintf(cc, sizeof cc, "+%d", p->country_code);
  if (strncmp(p->e164, cc, strlen(cc)) != 0)
    abort();
  size_t rl = strlen(p->region);
  if (rl != 0 && (rl != 2 || p->region[0] < 'A' || p->region[0] > 'Z' || p->region[1] < 'A' || p->region[1] > 'Z'))
    abort();
  if (!p->valid && p->type != VET_PHONE_UNKNOWN)
    abort();
  if (strcmp(vet_phone_type_name(p->type), "unknown") == 0 && p->type != VET_PHONE_UNKNOWN)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *text = (const char *)data;
  char region[3] = {0};
  const char *rp = NULL;
  if (size >= 3 && text[2] == ':' && vet_is_ascii_alpha(text[0]) && vet_is_ascii_alpha(text[1])) {
    memcpy(region, text, 2);
    rp = region;
    text += 3;
    size -= 3;
  }
  struct vet_phone p;
  vet_err rc = vet_phone_parse((vet_str){text, size}, rp, &p, NULL);
  if (rc == VET_ELIMIT) {
    if (size <= VET_PHONE_MAX_TEXT || p.parsed || p.e164[0])
      abort();
    return 0;
  }
  if (rc == VET_ENOMEM)
    return 0;
  if (rc != VET_OK || size > VET_PHONE_MAX_TEXT)
    abort();
  check(&p);
  /* the shortcuts and the RE2 classifier are libphonenumber's answers */
  struct vet_phone ref;
  if (phone_parse_lib((vet_str){text, size}, rp, &ref, NULL) != rc || ref.parsed != p.parsed ||
      ref.possible != p.possible || ref.valid != p.valid || ref.country_code != p.country_code ||
      ref.type != p.type || strcmp(ref.region, p.region) != 0 || strcmp(ref.e164, p.e164) != 0 ||
      strcmp(ref.error, p.error) != 0)
    abort();
  /* a valid number's E.164 form parses back to its calling code (not
   * always to itself: libphonenumber strips a national prefix written
   * after the code, "+52 1 444 777 7777" -> "+52 444 777 7777", and
   * "+44 0447..." -> "+44447...") */
  if (p.valid) {
    struct vet_phone back;
    if (vet_phone_parse(vet_str_c(p.e164), NULL, &back, NULL) != VET_OK)
      abort();
    check(&back);
    if (!back.parsed || back.country_code != p.country_code)
      abort();
  }
  return 0;
}
