/* genpop/crypto.c - wallet addresses with valid checksums for generated
 * crypto payouts: TRON (USDT on TRC-20) addresses in Base58Check, and
 * Bitcoin P2WPKH addresses in Bech32 (BIP 173).  Base58Check needs
 * SHA-256, written here from FIPS 180-4 so the generator needs no crypto
 * library (the engine itself does not use this).
 * Owns: nothing.
 * Thread-safety: safe from any thread. */
#include <string.h>

#include "genpop.h"

/* ---- SHA-256 (FIPS 180-4, section 6.2) ------------------------------------ */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

/* SHA-256 of a message of at most 55 bytes (one block: all we hash). */
static void sha256_short(const uint8_t *msg, size_t n, uint8_t out[32])
{
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint8_t block[64] = {0};
  memcpy(block, msg, n);
  block[n] = 0x80;
  uint64_t bits = (uint64_t)n * 8;
  for (int i = 0; i < 8; i++)
    block[63 - i] = (uint8_t)(bits >> (8 * i));
  sha256_block(h, block);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (uint8_t)(h[i] >> 24);
    out[4 * i + 1] = (uint8_t)(h[i] >> 16);
    out[4 * i + 2] = (uint8_t)(h[i] >> 8);
    out[4 * i + 3] = (uint8_t)h[i];
  }
}

/* ---- Base58Check -------------------------------------------------------------- */
void gp_tron_address(const uint8_t payload[20], char *out, size_t cap)
{
  static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  uint8_t buf[25], h1[32], h2[32];
  buf[0] = 0x41; /* TRON mainnet address prefix */
  memcpy(buf + 1, payload, 20);
  sha256_short(buf, 21, h1);
  sha256_short(h1, 32, h2);
  memcpy(buf + 21, h2, 4);
  /* base 256 -> base 58 by repeated division */
  uint8_t digits[40];
  size_t nd = 0;
  uint8_t num[25];
  memcpy(num, buf, 25);
  size_t start = 0;
  while (start < 25) {
    unsigned rem = 0;
    for (size_t i = start; i < 25; i++) {
      unsigned v = rem * 256 + num[i];
      num[i] = (uint8_t)(v / 58);
      rem = v % 58;
    }
    digits[nd++] = (uint8_t)rem;
    while (start < 25 && num[start] == 0)
      start++;
  }
  size_t o = 0;
  for (size_t i = 0; i < 25 && buf[i] == 0 && o + 1 < cap; i++)
    out[o++] = '1';
  while (nd > 0 && o + 1 < cap)
    out[o++] = alphabet[digits[--nd]];
  out[o] = 0;
}

/* ---- Bech32 (BIP 173) ------------------------------------------------------- */
static uint32_t polymod(const uint8_t *v, size_t n)
{
  static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (size_t i = 0; i < n; i++) {
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v[i];
    for (int j = 0; j < 5; j++)
      if ((top >> j) & 1)
        chk ^= gen[j];
  }
  return chk;
}

void gp_btc_bech32(const uint8_t program[20], char *out, size_t cap)
{
  static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  uint8_t data[64];
  size_t nd = 0;
  data[nd++] = 0; /* witness version 0 */
  uint32_t acc = 0;
  int bits = 0;
  for (int i = 0; i < 20; i++) {
    acc = (acc << 8) | program[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data[nd++] = (uint8_t)((acc >> bits) & 31);
    }
  }
  if (bits)
    data[nd++] = (uint8_t)((acc << (5 - bits)) & 31);
  /* checksum over hrp expansion ("bc": high bits, 0, low bits), data, six zeros */
  uint8_t v[96];
  size_t nv = 0;
  v[nv++] = 'b' >> 5;
  v[nv++] = 'c' >> 5;
  v[nv++] = 0;
  v[nv++] = 'b' & 31;
  v[nv++] = 'c' & 31;
  memcpy(v + nv, data, nd);
  nv += nd;
  memset(v + nv, 0, 6);
  nv += 6;
  uint32_t mod = polymod(v, nv) ^ 1;
  size_t o = 0;
  if (cap < 4 + nd + 6 + 1)
    return;
  out[o++] = 'b';
  out[o++] = 'c';
  out[o++] = '1';
  for (size_t i = 0; i < nd; i++)
    out[o++] = charset[data[i]];
  for (int i = 0; i < 6; i++)
    out[o++] = charset[(mod >> (5 * (5 - i))) & 31];
  out[o] = 0;
}
