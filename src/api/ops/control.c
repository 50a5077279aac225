/* control.c — the sandbox control API (admin token): vendors, the clock and the mailbox, so
 * that each test suite or CI job can work in its own vendor, move time and read the mail. */
#include <string.h>

#include "../../domain/auth.h"
#include "../../domain/clock.h"
#include "../../domain/jobs.h"
#include "../../domain/mailbox.h"
#include "../../domain/page.h"
#include "ops.h"

const ks_param op_createVendor_params[] = {
    {{"Vendor", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_VendorInput}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_createVendor_result = {"Vendor", KS_T_OBJECT, .obj = &ks_schema_Vendor};

int op_createVendor(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_vendor_in in = {0};
    ks_vendor v;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    if (ks_vendor_create(&v, ctx, in.code, in.secret, ks_model_or_default(in.model),
                         in.has_subscription_delay ? (int)in.subscription_delay
                                                   : KS_VENDOR_DELAY_DEFAULT,
                         err))
        return -1;
    char created[KS_TIME_STR_MAX];
    ks_time_format(created, v.created, v.tz_offset);
    *out = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "Code", v.code, "Secret", v.secret,
                     "Model", ks_model_name(v.model), "TimeZoneOffset", v.tz_offset,
                     "SubscriptionDelaySeconds", v.subscription_delay_s, "CreatedAt", created);
    return 0;
}

static int clock_json(json_t **out, ks_ctx *ctx, ks_err *err)
{
    ks_time now;
    int64_t off;
    char s[KS_TIME_STR_MAX];
    if (ks_clock_offset(&off, ctx, err) || ks_clock_now(&now, ctx, err))
        return -1;
    ks_time_format(s, now, 0);
    *out = json_pack("{s:s, s:I}", "Now", s, "OffsetSeconds", (json_int_t)off);
    return 0;
}

const ks_param op_getClock_params[] = {KS_PARAMS_END};
const ks_field op_getClock_result = {"Clock", KS_T_OBJECT, .obj = &ks_schema_Clock};

int op_getClock(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    (void)op;
    (void)args;
    return clock_json(out, ctx, err);
}

const ks_param op_advanceClock_params[] = {
    {{"Advance", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_ClockAdvance}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_advanceClock_result = {"Clock", KS_T_OBJECT, .obj = &ks_schema_Clock};

int op_advanceClock(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_clock_in in = {0};
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_jobs_advance(ctx, in.days * 86400 + in.hours * 3600 + in.minutes * 60 + in.seconds,
                         err))
        return -1;
    return clock_json(out, ctx, err);
}

const ks_param op_getMailbox_params[] = {
    {{"Query", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_MailboxQuery}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_getMailbox_result = {"Mailbox", KS_T_OBJECT, .obj = &ks_schema_MailboxResult};

int op_getMailbox(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_mailbox_in in;
    ks_mail *list;
    size_t n;
    int64_t total;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    ks_mail_query q = {.vendor_code = in.vendor,
                       .to = in.to,
                       .page = ks_page_number(in.has_page, in.page),
                       .limit = ks_page_limit(in.has_limit, in.limit)};
    if (ks_mailbox_list(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s, s:s}", "Id", (json_int_t)list[i].id,
                                        "To", list[i].to, "Subject", list[i].subject, "Body",
                                        list[i].body, "SentAt", ks_ops_time(ctx, list[i].sent_at)));
    *out = json_pack("{s:o, s:{s:I, s:I, s:I}}", "Items", items, "Pagination", "Page",
                     (json_int_t)q.page, "Limit", (json_int_t)q.limit, "Count", (json_int_t)total);
    return 0;
}

const ks_param op_getJobs_params[] = {
    {{"Query", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_JobsQuery}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_getJobs_result = {"Jobs", KS_T_OBJECT, .obj = &ks_schema_JobsResult};

int op_getJobs(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_jobs_in in = {0};
    ks_job *list;
    size_t n;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_jobs_list(&list, &n, ctx, in.vendor, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const ks_job *j = &list[i];
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:o, s:s, s:s, s:i, s:o}", "Id", (json_int_t)j->id,
                             "Kind", j->kind, "Key", j->key ? json_string(j->key) : json_null(),
                             "Due", ks_ops_time(ctx, j->due), "State", ks_job_state_name(j->state),
                             "Attempts", j->attempts, "LastError",
                             j->last_error ? json_string(j->last_error) : json_null()));
    }
    *out = json_pack("{s:o}", "Items", items);
    return 0;
}
