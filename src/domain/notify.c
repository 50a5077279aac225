/* notify.c — IPN and LCN: the platform's fields in the platform's order, their signatures, the
 * outbox entries an order or a subscription change writes in its own commit, and the delivery
 * job that posts them, checks the read receipt and follows the retry schedule. */
#include "notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/buf.h"
#include "../core/crypto.h"
#include "../core/iso.h"
#include "../core/log.h"
#include "../core/money.h"
#include "auth.h"
#include "clock.h"
#include "page.h"
#include "store.h"
#include "transport.h"

#define ANSWER_KEEP 512 /* characters of a listener's answer kept with an attempt */

/* --- form fields ------------------------------------------------------------------------------ */

void ks_form_add(ks_form *f, ks_arena *a, const char *name, const char *value)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        ks_form_field *bigger = ks_arena_alloc(a, cap * sizeof *bigger);
        if (f->n)
            memcpy(bigger, f->f, f->n * sizeof *bigger);
        f->f = bigger;
        f->cap = cap;
    }
    f->f[f->n++] = (ks_form_field){name, value ? value : ""};
}

const char *ks_form_get(const ks_form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->f[i].name, name) == 0)
            return f->f[i].value;
    return NULL;
}

static void url_encode(ks_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '*')
            ks_buf_putc(b, (char)*p);
        else if (*p == ' ')
            ks_buf_putc(b, '+');
        else {
            ks_buf_putc(b, '%');
            ks_buf_putc(b, hex[*p >> 4]);
            ks_buf_putc(b, hex[*p & 15]);
        }
    }
}

char *ks_form_encode(ks_arena *a, const ks_form *f)
{
    ks_buf b = KS_BUF_INIT;
    for (size_t i = 0; i < f->n; i++) {
        if (i)
            ks_buf_putc(&b, '&');
        url_encode(&b, f->f[i].name);
        ks_buf_putc(&b, '=');
        url_encode(&b, f->f[i].value);
    }
    char *s = ks_arena_strdup(a, b.len ? b.data : "");
    ks_buf_free(&b);
    return s;
}

/* --- signatures ------------------------------------------------------------------------------- */

static int is_signature(const char *name)
{
    return strcmp(name, "HASH") == 0 || strcmp(name, "SIGNATURE_SHA2_256") == 0 ||
           strcmp(name, "SIGNATURE_SHA3_256") == 0;
}

static void len_prefixed(ks_buf *b, const char *v)
{
    if (!v || !*v)
        ks_buf_putc(b, '0');
    else
        ks_buf_printf(b, "%zu%s", strlen(v), v);
}

char *ks_notify_hash_source(ks_arena *a, const ks_form *f)
{
    ks_buf b = KS_BUF_INIT;
    for (size_t i = 0; i < f->n; i++)
        if (!is_signature(f->f[i].name))
            len_prefixed(&b, f->f[i].value);
    char *s = ks_arena_strdup(a, b.len ? b.data : "");
    ks_buf_free(&b);
    return s;
}

static const char *hmac(ks_arena *a, ks_hmac_algo algo, const char *secret, const char *msg)
{
    char hex[KS_HMAC_HEX_MAX];
    if (ks_hmac_hex(hex, algo, secret, strlen(secret), msg, strlen(msg)))
        return "";
    return ks_arena_strdup(a, hex);
}

void ks_notify_sign(ks_form *f, ks_arena *a, const char *secret, int sigs)
{
    const char *src = ks_notify_hash_source(a, f);
    if (sigs & KS_SIG_MD5)
        ks_form_add(f, a, "HASH", hmac(a, KS_HMAC_MD5, secret, src));
    if (sigs & KS_SIG_SHA256)
        ks_form_add(f, a, "SIGNATURE_SHA2_256", hmac(a, KS_HMAC_SHA256, secret, src));
    if (sigs & KS_SIG_SHA3)
        ks_form_add(f, a, "SIGNATURE_SHA3_256", hmac(a, KS_HMAC_SHA3_256, secret, src));
}

static char *receipt_source(ks_arena *a, const char *base, const char *date)
{
    return ks_arena_printf(a, "%s%zu%s", base, strlen(date), date);
}

char *ks_notify_receipt(ks_arena *a, const char *secret, const char *base, const char *date,
                        int algo)
{
    const char *src = receipt_source(a, base, date);
    if (algo == KS_SIG_MD5)
        return ks_arena_printf(a, "<EPAYMENT>%s|%s</EPAYMENT>", date,
                               hmac(a, KS_HMAC_MD5, secret, src));
    int sha3 = algo == KS_SIG_SHA3;
    return ks_arena_printf(a, "<sig algo=\"%s\" date=\"%s\">%s</sig>", sha3 ? "sha3-256" : "sha256",
                           date, hmac(a, sha3 ? KS_HMAC_SHA3_256 : KS_HMAC_SHA256, secret, src));
}

/* The text between open and close after p, copied into a (at most 200 characters), or NULL. */
static const char *between(ks_arena *a, const char *p, const char *open, const char *close,
                           const char **end)
{
    const char *s = strstr(p, open), *e;
    if (!s)
        return NULL;
    s += strlen(open);
    if (!(e = strstr(s, close)) || e - s > 200)
        return NULL;
    *end = e + strlen(close);
    return ks_arena_strndup(a, s, (size_t)(e - s));
}

static int hash_matches(ks_arena *a, ks_hmac_algo algo, const char *secret, const char *base,
                        const char *date, const char *hash)
{
    const char *want = hmac(a, algo, secret, receipt_source(a, base, date));
    return *want && ks_ct_streq(want, hash);
}

int ks_notify_receipt_valid(const char *answer, const char *secret, const char *base)
{
    int ok = 0;
    const char *p, *end;
    ks_arena *a = ks_arena_new();
    if (!answer)
        goto done;
    /* <EPAYMENT>DATE|HASH</EPAYMENT>: HMAC-MD5 */
    for (p = answer; !ok;) {
        const char *in = between(a, p, "<EPAYMENT>", "</EPAYMENT>", &end), *bar;
        if (!in)
            break;
        if ((bar = strchr(in, '|')))
            ok = hash_matches(a, KS_HMAC_MD5, secret, base,
                              ks_arena_strndup(a, in, (size_t)(bar - in)), bar + 1);
        p = end;
    }
    /* <sig algo="sha256|sha3-256" date="DATE">HASH</sig> */
    for (p = answer; !ok;) {
        const char *attrs = between(a, p, "<sig ", ">", &end), *hash, *algo, *date, *e2;
        ks_hmac_algo alg;
        if (!attrs)
            break;
        hash = between(a, end, "", "</sig>", &e2);
        algo = between(a, attrs, "algo=\"", "\"", &e2);
        date = between(a, attrs, "date=\"", "\"", &e2);
        /* the Python SDK writes sha3_256: accepted as sha3-256 */
        if (hash && algo && date && ks_hmac_algo_parse(&alg, algo) == 0 && alg != KS_HMAC_MD5)
            ok = hash_matches(a, alg, secret, base, date, hash);
        p = end;
    }
done:
    ks_arena_free(a);
    return ok;
}

/* API: IPN — "if no valid read receipt: sent again at once, 2 more times within 5 minutes, 4
 * more times 15 minutes apart, then every hour up to 2 days after the first" */
static const int schedule_s[] = {0, 150, 300, 1200, 2100, 3000, 3900};
#define N_SCHEDULE  ((int)(sizeof schedule_s / sizeof schedule_s[0]))
#define RETRY_FOR_S (2 * 86400)

ks_time ks_notify_next_try(ks_time start, int done)
{
    if (done < 0)
        return start;
    if (done < N_SCHEDULE)
        return start + schedule_s[done];
    int64_t at = schedule_s[N_SCHEDULE - 1] + (int64_t)(done - N_SCHEDULE + 1) * 3600;
    return at <= RETRY_FOR_S ? start + at : 0;
}

/* --- field values ----------------------------------------------------------------------------- */

static const char *money(ks_arena *a, int64_t minor, const char *currency)
{
    int digits = ks_money_minor_units(currency);
    int64_t div = 1, m = minor < 0 ? -minor : minor;
    for (int i = 0; i < digits; i++)
        div *= 10;
    if (digits <= 0)
        return ks_arena_printf(a, "%s%lld", minor < 0 ? "-" : "", (long long)m);
    return ks_arena_printf(a, "%s%lld.%0*lld", minor < 0 ? "-" : "", (long long)(m / div), digits,
                           (long long)(m % div));
}

static const char *when(ks_arena *a, ks_time t, int tz)
{
    char s[KS_TIME_STR_MAX];
    if (t <= 0)
        return "";
    if (t >= KS_LIFETIME_EXPIRATION)
        return "9999-12-31 23:59:59";
    ks_time_format(s, t, tz);
    return ks_arena_strdup(a, s);
}

/* YmdHis, as IPN_DATE and the read receipts write it */
static const char *compact(ks_arena *a, ks_time t, int tz)
{
    const char *s = when(a, t, tz);
    char *out = ks_arena_alloc(a, 15), *o = out;
    for (; *s && o < out + 14; s++)
        if (*s >= '0' && *s <= '9')
            *o++ = *s;
    *o = 0;
    return out;
}

static const char *num(ks_arena *a, int64_t v)
{
    return ks_arena_printf(a, "%lld", (long long)v);
}

static const char *tz_name(ks_arena *a, int tz)
{
    int m = tz < 0 ? -tz / 60 : tz / 60;
    return ks_arena_printf(a, "GMT%c%02d:%02d", tz < 0 ? '-' : '+', m / 60, m % 60);
}

/* The platform writes the country's English name; Kassa has no table of names (core/iso.h
 * knows codes only) and writes the code. */
static const char *country(const char *code)
{
    const char *canon = code ? ks_iso_country(code) : NULL;
    return canon ? canon : code;
}

static const char *lower(ks_arena *a, const char *s)
{
    char *o = ks_arena_strdup(a, s ? s : "");
    for (char *p = o; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return o;
}

static const char *message_id(ks_arena *a)
{
    char *s = ks_arena_alloc(a, 13);
    ks_random_chars(s, 12, "0123456789");
    s[0] = (char)('1' + (s[0] - '0') % 9);
    s[12] = 0;
    return s;
}

/* The outbox entries of one signed message: one per listener URL (a line of urls). */
static void to_each_url(ks_job_list *jobs, ks_arena *a, const ks_vendor *v, const char *urls,
                        ks_notice_new *n, ks_form *f)
{
    ks_notify_sign(f, a, v->secret, v->notify.signatures ? v->notify.signatures : KS_SIG_ALL);
    n->body = ks_form_encode(a, f);
    for (const char *p = urls; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len) {
            n->url = ks_arena_strndup(a, p, len);
            ks_job_list_add_notice(jobs, a, n);
        }
        p = e ? e + 1 : p + len;
    }
}

/* --- IPN -------------------------------------------------------------------------------------- */

static const char *paymethod(const ks_order *o, int code)
{
    const char *t = o->payment_type ? o->payment_type : "";
    if (strcmp(t, "PAYPAL") == 0)
        return code ? "PAYPAL" : "PayPal";
    if (strcmp(t, "FREE") == 0)
        return code ? "FREE" : "Free";
    return code ? "CCVISAMC" : "Visa/MasterCard";
}

static const char *fraud_status(ks_approve_status s)
{
    switch (s) {
    case KS_APPROVE_OK: return "APPROVED";
    case KS_APPROVE_FRAUD: return "DENIED";
    default: return "PENDING";
    }
}

static const ks_subscription *sub_of_line(const ks_order *o, size_t line)
{
    for (size_t i = 0; i < o->n_subs; i++)
        if (o->subs[i].line == (int64_t)line)
            return &o->subs[i];
    return NULL;
}

#define ADD(name, value) ks_form_add(f, a, name, value)

/* The IPN of order o at history step `step`, in the platform's order of fields (the official
 * .NET SDK's TestTwoCheckoutIpn.cs holds a real one), without its signatures. */
static void ipn_fields(ks_form *f, ks_arena *a, const ks_vendor *v, const ks_order *o,
                       const ks_order_event *step, const char *msg_id)
{
    int tz = v->tz_offset, groups = v->notify.ipn_groups;
    const ks_address *b = &o->billing;
    const char *cur = o->currency;
    const char *status = ks_order_status_name(step->status);
    ks_time paid = 0;
    for (size_t i = 0; i < o->n_history; i++)
        if (o->history[i].status == KS_ORDER_AUTHRECEIVED && !paid)
            paid = o->history[i].at;
    ADD("GIFT_ORDER", "0");
    ADD("SALEDATE", when(a, o->created, tz));
    ADD("PAYMENTDATE", when(a, paid, tz));
    ADD("REFNO", o->ref_no);
    ADD("REFNOEXT", o->external_reference);
    ADD("SHOPPER_REFERENCE_NUMBER", "");
    ADD("ORDERNO", num(a, o->order_no));
    ADD("ORDERSTATUS", status);
    ADD("PAYMETHOD", paymethod(o, 0));
    ADD("PAYMETHOD_CODE", paymethod(o, 1));
    ADD("FIRSTNAME", b->first_name);
    ADD("LASTNAME", b->last_name);
    ADD("COMPANY", b->company);
    ADD("REGISTRATIONNUMBER", "");
    ADD("FISCALCODE", b->fiscal_code);
    ADD("TAX_OFFICE", b->tax_office);
    ADD("CBANKNAME", "");
    ADD("CBANKACCOUNT", "");
    ADD("ADDRESS1", b->address1);
    ADD("ADDRESS2", b->address2);
    ADD("CITY", b->city);
    ADD("STATE", b->state);
    ADD("ZIPCODE", b->zip);
    ADD("COUNTRY", country(b->country_code));
    ADD("COUNTRY_CODE", lower(a, b->country_code));
    ADD("PHONE", b->phone);
    ADD("FAX", b->fax);
    ADD("CUSTOMEREMAIL", b->email);
    if (groups & KS_IPN_GROUP_DELIVERY) {
        /* Kassa keeps one address per order: the delivery copy is the billing one */
        ADD("FIRSTNAME_D", b->first_name);
        ADD("LASTNAME_D", b->last_name);
        ADD("COMPANY_D", b->company);
        ADD("ADDRESS1_D", b->address1);
        ADD("ADDRESS2_D", b->address2);
        ADD("CITY_D", b->city);
        ADD("STATE_D", b->state);
        ADD("ZIPCODE_D", b->zip);
        ADD("COUNTRY_D", country(b->country_code));
        ADD("COUNTRY_D_CODE", lower(a, b->country_code));
        ADD("PHONE_D", b->phone);
        ADD("EMAIL_D", b->email);
    }
    ADD("IPADDRESS", o->customer_ip);
    ADD("IPCOUNTRY", "");
    ADD("COMPLETE_DATE", when(a, o->finished, tz));
    ADD("TIMEZONE_OFFSET", tz_name(a, tz));
    ADD("CURRENCY", cur);
    ADD("LANGUAGE", o->language ? o->language : "en");
    ADD("ORDERFLOW", "REGULAR");
    /* the product arrays: one value per line, each array in turn */
    const ks_order_line *L = o->lines;
    size_t n = o->n_lines;
#define EACH(name, expr)                                                                           \
    for (size_t i = 0; i < n; i++)                                                                 \
    ADD(name, (expr))
    EACH("IPN_PID[]", num(a, L[i].product_id));
    EACH("IPN_PNAME[]", L[i].name);
    EACH("IPN_PCODE[]", L[i].code);
    EACH("IPN_EXTERNAL_REFERENCE[]", "");
    EACH("IPN_INFO[]", "");
    EACH("IPN_QTY[]", num(a, L[i].quantity));
    EACH("IPN_PRICE[]", money(a, L[i].price.unit_net, cur));
    EACH("IPN_VAT[]", money(a, L[i].price.vat, cur));
    EACH("IPN_VAT_RATE[]", ks_arena_printf(a, "%lld.%02lld", (long long)(L[i].price.vat_bp / 100),
                                           (long long)(L[i].price.vat_bp % 100)));
    EACH("IPN_VER[]", L[i].product_version ? L[i].product_version : "1");
    EACH("IPN_DISCOUNT[]", money(a, L[i].price.discount, cur));
    EACH("IPN_PROMOTION_CATEGORY[]", "");
    EACH("IPN_PROMONAME[]", L[i].promotion);
    EACH("IPN_PROMOCODE[]", L[i].promotion);
    EACH("IPN_ORDER_COSTS[]", "0");
    EACH("IPN_SKU[]", L[i].sku);
    if (groups & KS_IPN_GROUP_PARTNER)
        ADD("IPN_PARTNER_CODE", o->partner_code);
    EACH("IPN_PGROUP[]", "0");
    EACH("IPN_PGROUP_NAME[]", "");
    ADD("MESSAGE_ID", msg_id);
    ADD("MESSAGE_TYPE", status);
    if (groups & KS_IPN_GROUP_LICENSE) {
        EACH("IPN_LICENSE_PROD[]", num(a, L[i].product_id));
        EACH("IPN_LICENSE_TYPE[]",
             sub_of_line(o, i) ? (sub_of_line(o, i)->trial ? "TRIAL" : "REGULAR") : "");
        EACH("IPN_LICENSE_REF[]", sub_of_line(o, i) ? sub_of_line(o, i)->reference : "");
        EACH("IPN_LICENSE_EXP[]",
             sub_of_line(o, i) ? when(a, sub_of_line(o, i)->expiration, tz) : "");
        EACH("IPN_LICENSE_START[]", sub_of_line(o, i) ? when(a, sub_of_line(o, i)->start, tz) : "");
        EACH("IPN_LICENSE_LIFETIME[]",
             sub_of_line(o, i) ? (sub_of_line(o, i)->lifetime ? "YES" : "NO") : "");
        EACH("IPN_LICENSE_ADDITIONAL_INFO[]", "");
    }
    EACH("IPN_DELIVEREDCODES[]", "");
    ADD("IPN_DOWNLOAD_LINK", "");
    EACH("IPN_TOTAL[]", money(a, L[i].price.gross_discounted, cur));
#undef EACH
    ADD("IPN_TOTALGENERAL", money(a, o->gross_discounted, cur));
    ADD("IPN_SHIPPING", money(a, 0, cur));
    ADD("IPN_SHIPPING_TAX", money(a, 0, cur));
    ADD("AVANGATE_CUSTOMER_REFERENCE", o->customer.reference ? num(a, o->customer.reference) : "");
    ADD("EXTERNAL_CUSTOMER_REFERENCE", o->customer.external_ref);
    if (groups & KS_IPN_GROUP_PARTNER) {
        ADD("IPN_PARTNER_MARGIN_PERCENT", "0.00");
        ADD("IPN_PARTNER_MARGIN", money(a, 0, cur));
        ADD("IPN_EXTRA_MARGIN", money(a, 0, cur));
        ADD("IPN_EXTRA_DISCOUNT", money(a, 0, cur));
    }
    ADD("IPN_COUPON_DISCOUNT", money(a, o->discount, cur));
    ADD("IPN_LINK_SOURCE", o->source);
    ADD("IPN_COMMISSION", money(a, 0, cur));
    ADD("REFUND_TYPE", step->status == KS_ORDER_REFUND ? "TOTAL"
                       : o->refunded > 0               ? "PARTIAL"
                                                       : "");
    ADD("CHARGEBACK_RESOLUTION", "NONE");
    ADD("CHARGEBACK_REASON_CODE", "");
    ADD("TEST_ORDER", o->test ? "1" : "0");
    ADD("IPN_ORDER_ORIGIN", "API");
    ADD("FRAUD_STATUS", fraud_status(step->approve));
    if (groups & KS_IPN_GROUP_CARD) {
        int card = o->card_last4 != NULL;
        ADD("CARD_TYPE", card ? lower(a, o->card_type) : "");
        ADD("CARD_LAST_DIGITS", card ? o->card_last4 : "");
        ADD("CARD_EXPIRATION_DATE",
            card ? ks_arena_printf(a, "%02d/%02d", o->card_exp_month, o->card_exp_year % 100) : "");
        ADD("GATEWAY_RESPONSE", o->n_errors ? o->errors[o->n_errors - 1].message
                                : step->status == KS_ORDER_PENDING ? ""
                                                                   : "Approved");
    }
    ADD("IPN_DATE", compact(a, step->at, tz));
    if (groups & KS_IPN_GROUP_FX) {
        ADD("FX_RATE", "1");
        ADD("FX_MARKUP", "0");
        ADD("PAYABLE_AMOUNT", money(a, o->gross_discounted, cur));
        ADD("PAYOUT_CURRENCY", cur);
    }
    ADD("VENDOR_CODE", v->code);
    ADD("PROPOSAL_ID", "");
}

void ks_notify_order(ks_job_list *jobs, ks_arena *a, const ks_order *o, size_t from)
{
    const ks_vendor *v = o->vendor;
    if (!v || !v->notify.ipn_urls || !*v->notify.ipn_urls)
        return;
    /* API: IPN — test orders notify only when the vendor asks for it */
    if (o->test && !v->notify.test_orders)
        return;
    for (size_t i = from; i < o->n_history; i++) {
        ks_form f = {0}, rb = {0};
        const char *id = message_id(a);
        ipn_fields(&f, a, v, o, &o->history[i], id);
        /* API: IPN read receipt — "HASH over IPN_PID[0], IPN_PNAME[0], IPN_DATE, DATE" */
        ks_form_add(&rb, a, "IPN_PID[]", ks_form_get(&f, "IPN_PID[]"));
        ks_form_add(&rb, a, "IPN_PNAME[]", ks_form_get(&f, "IPN_PNAME[]"));
        ks_form_add(&rb, a, "IPN_DATE", ks_form_get(&f, "IPN_DATE"));
        ks_notice_new n = {.vendor_id = v->id,
                           .kind = KS_NOTIFY_JOB,
                           .channel = "IPN",
                           .message_id = id,
                           .subject = o->ref_no,
                           .event = ks_order_status_name(o->history[i].status),
                           .receipt_base = ks_notify_hash_source(a, &rb),
                           .due = o->history[i].at};
        to_each_url(jobs, a, v, v->notify.ipn_urls, &n, &f);
    }
}

/* --- LCN -------------------------------------------------------------------------------------- */

void ks_notify_subscription(ks_job_list *jobs, ks_ctx *ctx, const ks_subscription *s,
                            const char *reason, const char *changed_by, ks_time at)
{
    const ks_vendor *v = ctx->vendor;
    ks_arena *a = ctx->arena;
    ks_form form = {0}, *f = &form, rb = {0};
    if (!v || !v->notify.lcn_urls || !*v->notify.lcn_urls)
        return;
    if (s->test && !v->notify.test_orders)
        return;
    const ks_address *u = &s->end_user;
    int tz = v->tz_offset;
    const char *id = message_id(a);
    /* the documented LCN parameters, in the documentation's order, then Kassa's additions */
    ADD("FIRST_NAME", u->first_name);
    ADD("LAST_NAME", u->last_name);
    ADD("COMPANY", u->company);
    ADD("EMAIL", u->email);
    ADD("PHONE", u->phone);
    ADD("FAX", u->fax);
    ADD("COUNTRY", country(u->country_code));
    ADD("STATE", u->state);
    ADD("CITY", u->city);
    ADD("ZIP", u->zip);
    ADD("ADDRESS", u->address1);
    ADD("LICENSE_CODE", s->reference);
    ADD("EXPIRATION_DATE", s->lifetime ? "9999-12-31 23:59:59" : when(a, s->expiration, tz));
    ADD("DATE_UPDATED", when(a, at, tz));
    ADD("AVANGATE_CUSTOMER_REFERENCE", s->customer_reference ? num(a, s->customer_reference) : "");
    ADD("EXTERNAL_CUSTOMER_REFERENCE", s->external_customer_ref);
    ADD("TEST", s->test ? "1" : "0");
    ADD("CHANGED_BY", changed_by);
    ADD("LICENSE_TYPE", s->trial ? "TRIAL" : "REGULAR");
    ADD("DISABLED", s->enabled ? "0" : "1");
    ADD("RECURRING", s->recurring_enabled ? "1" : "0");
    ADD("LICENSE_PRODUCT", num(a, s->product_id));
    ADD("PRODUCT_CODE", s->product_code);
    ADD("PRODUCT_NAME", s->product_name);
    ADD("QUANTITY", num(a, s->quantity));
    ADD("START_DATE", when(a, s->start, tz));
    ADD("LIFETIME", s->lifetime ? "1" : "0");
    ADD("DISPATCH_REASON", reason);
    ADD("MESSAGE_ID", id);
    /* API: LCN read receipt — "HASH over LICENSE_CODE, EXPIRATION_DATE, DATE" */
    ks_form_add(&rb, a, "LICENSE_CODE", ks_form_get(f, "LICENSE_CODE"));
    ks_form_add(&rb, a, "EXPIRATION_DATE", ks_form_get(f, "EXPIRATION_DATE"));
    ks_notice_new n = {.vendor_id = v->id,
                       .kind = KS_NOTIFY_JOB,
                       .channel = "LCN",
                       .message_id = id,
                       .subject = s->reference,
                       .event = reason,
                       .receipt_base = ks_notify_hash_source(a, &rb),
                       .due = at};
    to_each_url(jobs, a, v, v->notify.lcn_urls, &n, f);
}

#undef ADD

/* --- settings -------------------------------------------------------------------------------- */

#define MAX_URLS    10
#define MAX_URL_LEN 2048

static const struct {
    const char *name, *field;
    int bit;
} sig_names[] = {{"md5", "HASH", KS_SIG_MD5},
                 {"sha256", "SIGNATURE_SHA2_256", KS_SIG_SHA256},
                 {"sha3-256", "SIGNATURE_SHA3_256", KS_SIG_SHA3}};
static const struct {
    const char *name;
    int bit;
} group_names[] = {{"DELIVERY", KS_IPN_GROUP_DELIVERY},
                   {"LICENSE", KS_IPN_GROUP_LICENSE},
                   {"PARTNER", KS_IPN_GROUP_PARTNER},
                   {"CARD", KS_IPN_GROUP_CARD},
                   {"FX", KS_IPN_GROUP_FX}};
#define N_SIGS   (sizeof sig_names / sizeof sig_names[0])
#define N_GROUPS (sizeof group_names / sizeof group_names[0])

static int join_urls(const char **out, ks_ctx *ctx, const char **urls, size_t n, ks_err *err)
{
    ks_buf b = KS_BUF_INIT;
    if (n > MAX_URLS)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "At most %d listener URLs", MAX_URLS);
    for (size_t i = 0; i < n; i++) {
        const char *u = urls[i] ? urls[i] : "";
        size_t len = strlen(u);
        /* API: IPN/LCN settings — the listener is an http(s) URL */
        if ((strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0) ||
            len > MAX_URL_LEN || len <= 8 || strpbrk(u, " \r\n\t")) {
            ks_buf_free(&b);
            return ks_err_setf(err, KS_E_NOTIFY_URL_INVALID,
                               "Not an http:// or https:// URL: '%.100s'", u);
        }
        if (i)
            ks_buf_putc(&b, '\n');
        ks_buf_puts(&b, u);
    }
    *out = b.len ? ks_arena_strdup(ctx->arena, b.data) : NULL;
    ks_buf_free(&b);
    return 0;
}

int ks_notify_configure(ks_ctx *ctx, ks_vendor *v, const ks_notify_in *in, ks_err *err)
{
    ks_notify_settings n = v->notify;
    if (in->has_ipn_urls && join_urls(&n.ipn_urls, ctx, in->ipn_urls, in->n_ipn_urls, err))
        return -1;
    if (in->has_lcn_urls && join_urls(&n.lcn_urls, ctx, in->lcn_urls, in->n_lcn_urls, err))
        return -1;
    if (in->has_signatures) {
        n.signatures = 0;
        for (size_t i = 0; i < in->n_signatures; i++) {
            size_t k;
            for (k = 0; k < N_SIGS; k++)
                if (in->signatures[i] && (strcasecmp(in->signatures[i], sig_names[k].name) == 0 ||
                                          strcmp(in->signatures[i], sig_names[k].field) == 0))
                    break;
            if (k == N_SIGS)
                return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                                   "Unknown signature '%.32s': md5, sha256 or sha3-256",
                                   in->signatures[i] ? in->signatures[i] : "");
            n.signatures |= sig_names[k].bit;
        }
        if (!n.signatures)
            return ks_err_setf(err, KS_E_PARAMETER_INVALID, "At least one signature is needed");
    }
    if (in->has_test_orders)
        n.test_orders = in->test_orders ? 1 : 0;
    if (in->has_ipn_groups) {
        n.ipn_groups = 0;
        for (size_t i = 0; i < in->n_ipn_groups; i++) {
            size_t k;
            for (k = 0; k < N_GROUPS; k++)
                if (in->ipn_groups[i] && strcasecmp(in->ipn_groups[i], group_names[k].name) == 0)
                    break;
            if (k == N_GROUPS)
                return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                                   "Unknown IPN group '%.32s': DELIVERY, LICENSE, PARTNER, CARD "
                                   "or FX",
                                   in->ipn_groups[i] ? in->ipn_groups[i] : "");
            n.ipn_groups |= group_names[k].bit;
        }
    }
    if (ctx->store->ops->vendor_set_notify(ctx->store, v->id, &n, err))
        return -1;
    ks_auth_cache_forget(ctx->auth_cache, v->id); /* this server's next call sees the change */
    v->notify = n;
    return 0;
}

size_t ks_notify_urls(const char ***out, ks_arena *a, const char *urls)
{
    size_t n = 0;
    *out = ks_arena_alloc(a, (MAX_URLS + 1) * sizeof **out);
    for (const char *p = urls; p && *p && n < MAX_URLS;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len)
            (*out)[n++] = ks_arena_strndup(a, p, len);
        p = e ? e + 1 : p + len;
    }
    return n;
}

size_t ks_notify_signature_names(const char ***out, ks_arena *a, int sigs)
{
    size_t n = 0;
    *out = ks_arena_alloc(a, (N_SIGS + 1) * sizeof **out);
    for (size_t k = 0; k < N_SIGS; k++)
        if (sigs & sig_names[k].bit)
            (*out)[n++] = sig_names[k].name;
    return n;
}

size_t ks_notify_group_names(const char ***out, ks_arena *a, int groups)
{
    size_t n = 0;
    *out = ks_arena_alloc(a, (N_GROUPS + 1) * sizeof **out);
    for (size_t k = 0; k < N_GROUPS; k++)
        if (groups & group_names[k].bit)
            (*out)[n++] = group_names[k].name;
    return n;
}

/* --- delivery --------------------------------------------------------------------------------- */

/* THE names of ks_notice_state (a name table, common.h) */
const char *const ks_notice_state_names[] = {"PENDING", "DELIVERED", "FAILED", NULL};

const char *ks_notice_state_name(ks_notice_state s)
{
    return ks_name_of(ks_notice_state_names, (int)s, "PENDING");
}

int ks_notice_state_parse(ks_notice_state *out, const char *name)
{
    int v = name ? ks_name_find(ks_notice_state_names, name, 0) : -1;
    if (v < 0)
        return -1;
    *out = (ks_notice_state)v;
    return 0;
}

/* The listener URL as the log may show it: scheme, host and path, without the user info or the
 * query a vendor may have put a token in. */
static const char *log_url(ks_arena *a, const char *url)
{
    const char *host = strstr(url, "://"), *at, *end;
    if (!host)
        return "?";
    host += 3;
    end = host + strcspn(host, "/?#"); /* the authority: user info only there */
    at = memchr(host, '@', (size_t)(end - host));
    if (at)
        host = at + 1;
    end = host + strcspn(host, "?#");
    return ks_arena_printf(a, "%.*s%.*s", (int)(strstr(url, "://") + 3 - url), url,
                           (int)(end - host), host);
}

static const char *clip(ks_arena *a, const char *s)
{
    return s ? ks_arena_strndup(a, s, strnlen(s, ANSWER_KEEP)) : NULL;
}

int ks_notify_deliver_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err)
{
    ks_notice n;
    ks_err e;
    ks_time now;
    int recorded = 0;
    int64_t id = strtoll(job->payload ? job->payload : "", NULL, 10);
    const ks_transport *t = ctx->cfg ? ctx->cfg->transport : NULL;
    if (ks_clock_now(&now, ctx, err))
        return -1;
    if (ctx->store->ops->notice_get(ctx->store, ctx->arena, ctx->vendor->id, id, &n, &e)) {
        if (e.code == KS_E_NOTIFICATION_NOT_FOUND)
            return 0;
        *err = e;
        return -1;
    }
    if (n.state != KS_NOTICE_PENDING)
        return 0; /* delivered (or given up) already: an earlier run of this job recorded it */
    ks_notice_attempt at = {.n = n.attempts + 1, .at = now};
    ks_post_result r = {0};
    if (!t || !t->post_form) {
        at.outcome = "NO_TRANSPORT";
        at.answer = "No transport configured";
    } else {
        t->post_form(t->self, ctx->arena, n.url, n.body, &r);
        at.http_status = r.outcome == KS_POST_ANSWERED ? r.status : 0;
        at.answer = clip(ctx->arena, r.outcome == KS_POST_ANSWERED ? r.answer : r.error);
        switch (r.outcome) {
        case KS_POST_ANSWERED:
            /* API: IPN/LCN — delivered only when the answer carries a valid read receipt */
            if (r.status < 200 || r.status > 299)
                at.outcome = "HTTP_ERROR";
            else if (ks_notify_receipt_valid(r.answer, ctx->vendor->secret, n.receipt_base))
                at.outcome = "DELIVERED";
            else
                at.outcome = "BAD_RECEIPT";
            break;
        case KS_POST_TIMEOUT: at.outcome = "TIMEOUT"; break;
        case KS_POST_REFUSED: at.outcome = "REFUSED"; break;
        case KS_POST_TOO_LARGE: at.outcome = "TOO_LARGE"; break;
        default: at.outcome = "FAILED"; break;
        }
    }
    int delivered = strcmp(at.outcome, "DELIVERED") == 0;
    at.next_try = delivered ? 0 : ks_notify_next_try(n.start, n.attempts + 1);
    ks_notice_state to = delivered     ? KS_NOTICE_DELIVERED
                         : at.next_try ? KS_NOTICE_PENDING
                                       : KS_NOTICE_FAILED;
    /* compare and set on the attempts: a run that lost the job to another changes nothing */
    if (ctx->store->ops->notice_record(ctx->store, ctx->vendor->id, n.id, n.attempts, &at, to,
                                       &recorded, err))
        return -1;
    ks_log_info("notify: %s %s (notification %lld) to %s attempt %d: %s", n.channel,
                n.message_id, (long long)n.id, log_url(ctx->arena, n.url), at.n, at.outcome);
    if (recorded && to == KS_NOTICE_PENDING)
        *again = at.next_try > now ? at.next_try : now;
    return 0;
}

int ks_notify_list(ks_notice **out, size_t *n, int64_t *total, ks_ctx *ctx,
                   const ks_notice_query *q, ks_err *err)
{
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    return ctx->store->ops->notice_list(ctx->store, ctx->arena, ctx->vendor->id, q, out, n, total,
                                        err);
}

int ks_notify_stats(const char ***outcomes, int64_t **counts, size_t *n, ks_ctx *ctx, ks_err *err)
{
    return ctx->store->ops->notice_stats(ctx->store, ctx->arena, outcomes, counts, n, err);
}

int ks_notify_get(ks_notice *out, ks_ctx *ctx, int64_t id, ks_err *err)
{
    return ctx->store->ops->notice_get(ctx->store, ctx->arena, ctx->vendor->id, id, out, err);
}

int ks_notify_replay(ks_ctx *ctx, int64_t id, ks_err *err)
{
    ks_time now;
    if (ks_clock_now(&now, ctx, err))
        return -1;
    return ctx->store->ops->notice_replay(ctx->store, ctx->vendor->id, id, KS_NOTIFY_JOB, now, err);
}
