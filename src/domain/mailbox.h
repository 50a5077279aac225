/* mailbox.h — the sandbox mailbox: Kassa sends no real email; every mail it "sends" (lead
 * follow-ups now, later order and subscription notices) is kept per vendor, so that test suites
 * can assert on it through the control API. All strings are arena-owned. */
#ifndef KS_MAILBOX_H
#define KS_MAILBOX_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

typedef struct ks_mail {
    int64_t id;
    const char *to;
    const char *subject;
    const char *body;
    ks_time sent_at; /* business time */
} ks_mail;

typedef struct ks_mail_query {
    const char *vendor_code; /* required */
    const char *to;          /* NULL: all recipients; matched in any case */
    int64_t page, limit;     /* page >= 1, 1 <= limit <= 200 */
} ks_mail_query;

/* One page of the vendor's mails, newest first, and the total. Sets ctx->vendor to the vendor
 * of the query (arena-owned). PARAMETER_MISSING, VENDOR_NOT_FOUND, INVALID_PAGINATION. */
int ks_mailbox_list(ks_mail **out, size_t *n, int64_t *total, ks_ctx *ctx, const ks_mail_query *q,
                    ks_err *err);

#endif
