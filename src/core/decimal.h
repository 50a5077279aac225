/* decimal.h — exact decimal amounts for money on the wire.
 *
 * A ks_dec is an int64 count of ten-thousandths (4 implied decimals): "10.36" is 103600. The
 * wire shows JSON numbers; inside, amounts never pass through arithmetic on double. Converting
 * to a currency's minor units (with rounding) is the pricing engine's job. */
#ifndef KS_DECIMAL_H
#define KS_DECIMAL_H

#include <stdint.h>

typedef int64_t ks_dec;
#define KS_DEC_SCALE 10000

/* Parses "12", "-3.5", "10.3600" (at most 4 decimals, no exponent). Returns 0 or -1. */
int ks_dec_parse(ks_dec *out, const char *s);
/* Nearest ks_dec to a double that came off the wire; -1 if not finite or out of range. */
int ks_dec_from_double(ks_dec *out, double d);
/* Shortest decimal text: 103600 -> "10.36", 120000 -> "12". out needs 32 bytes. */
void ks_dec_format(char out[32], ks_dec v);
double ks_dec_to_double(ks_dec v);

#endif
