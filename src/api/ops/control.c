/* control.c — the sandbox control API (admin token): vendors, the clock and the mailbox, so
 * that each test suite or CI job can work in its own vendor, move time and read the mail. */
#include <stdlib.h>
#include <string.h>

#include "../../domain/auth.h"
#include "../../domain/notify.h"
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
    if (ks_vendor_create(&v, ctx, in.code, in.secret, in.secret_word,
                         ks_model_or_default(in.model),
                         in.has_subscription_delay ? (int)in.subscription_delay
                                                   : KS_VENDOR_DELAY_DEFAULT,
                         err))
        return -1;
    if ((in.notify.has_ipn_urls || in.notify.has_lcn_urls || in.notify.has_signatures ||
         in.notify.has_test_orders || in.notify.has_ipn_groups) &&
        ks_notify_configure(ctx, &v, &in.notify, err))
        return -1;
    *out = ks_ops_vendor_json(ctx->arena, &v, v.secret);
    return 0;
}

static json_t *strings(const char **list, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(list[i]));
    return a;
}

json_t *ks_ops_vendor_json(ks_arena *a, const ks_vendor *v, const char *secret_shown)
{
    char created[KS_TIME_STR_MAX];
    const char **ipn, **lcn, **sigs, **groups;
    size_t n_ipn = ks_notify_urls(&ipn, a, v->notify.ipn_urls);
    size_t n_lcn = ks_notify_urls(&lcn, a, v->notify.lcn_urls);
    size_t n_sigs = ks_notify_signature_names(&sigs, a, v->notify.signatures);
    size_t n_groups = ks_notify_group_names(&groups, a, v->notify.ipn_groups);
    ks_time_format(created, v->created, v->tz_offset);
    /* the buy-link secret word is shown when the secret key is, masked otherwise */
    const char *word = secret_shown == v->secret && v->secret_word ? v->secret_word : "********";
    return json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:o, s:o, s:o, s:b, s:o}", "Code",
                     v->code, "Secret", secret_shown, "SecretWord", word, "Model",
                     ks_model_name(v->model), "TimeZoneOffset",
                     v->tz_offset, "SubscriptionDelaySeconds", v->subscription_delay_s,
                     "CreatedAt", created, "IpnUrls", strings(ipn, n_ipn), "LcnUrls",
                     strings(lcn, n_lcn), "NotifySignatures", strings(sigs, n_sigs),
                     "NotifyTestOrders", v->notify.test_orders, "IpnGroups",
                     strings(groups, n_groups));
}

static const char *masked(ks_arena *a, const char *secret)
{
    return ks_arena_printf(a, "%.4s********", secret);
}

typedef struct {
    const char *code;
} code_in;

const ks_param op_updateVendor_params[] = {
    {{"Vendor", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_VendorUpdate}, KS_SRC_BODY},
    {{"Code", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(code_in, code)}, KS_SRC_PATH},
    KS_PARAMS_END};
const ks_field op_updateVendor_result = {"Vendor", KS_T_OBJECT, .obj = &ks_schema_Vendor};

int op_updateVendor(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_vendor_in in = {0};
    code_in code = {0};
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &code, ctx, op, args, 1, err) || ks_vendor_use(ctx, code.code, err))
        return -1;
    ks_vendor v = *ctx->vendor;
    if (ks_notify_configure(ctx, &v, &in.notify, err))
        return -1;
    *out = ks_ops_vendor_json(ctx->arena, &v, masked(ctx->arena, v.secret));
    return 0;
}

/* --- notifications ------------------------------------------------------------------------ */

static json_t *notice_json(ks_ctx *ctx, const ks_notice *n, int full)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s?}", "Id",
                          (json_int_t)n->id, "Channel", n->channel, "MessageId", n->message_id,
                          "Subject", n->subject ? n->subject : "", "Event",
                          n->event ? n->event : "", "Url", n->url, "State",
                          ks_notice_state_name(n->state), "Attempts", n->attempts, "CreatedAt",
                          ks_ops_time(ctx, n->created), "NextTry",
                          n->state == KS_NOTICE_PENDING && n->next_try
                              ? ks_ops_time(ctx, n->next_try)
                              : NULL);
    if (!full)
        return j;
    json_object_set_new(j, "Body", json_string(n->body));
    json_t *tries = json_array();
    for (size_t i = 0; i < n->n_tries; i++) {
        const ks_notice_attempt *t = &n->tries[i];
        json_array_append_new(
            tries, json_pack("{s:i, s:s, s:s, s:i, s:s?, s:s?}", "Attempt", t->n, "At",
                             ks_ops_time(ctx, t->at), "Outcome", t->outcome, "HttpStatus",
                             t->http_status, "Answer", t->answer, "NextTry",
                             t->next_try ? ks_ops_time(ctx, t->next_try) : NULL));
    }
    json_object_set_new(j, "AttemptList", tries);
    return j;
}

const ks_param op_listNotifications_params[] = {
    {{"Query", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_NotificationQuery}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_listNotifications_result = {"Notifications", KS_T_OBJECT,
                                              .obj = &ks_schema_NotificationList};

int op_listNotifications(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                         ks_err *err)
{
    ks_notification_in in;
    ks_notice *list;
    size_t n;
    int64_t total;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_vendor_use(ctx, in.vendor, err))
        return -1;
    ks_notice_query q = {.channel = in.channel,
                         .subject = in.subject,
                         .page = ks_page_number(&in.page),
                         .limit = ks_page_limit(&in.page)};
    if (in.state)
        q.has_state = ks_notice_state_parse(&q.state, in.state) == 0;
    if (ks_notify_list(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, notice_json(ctx, &list[i], 0));
    *out = json_pack("{s:o, s:{s:I, s:I, s:I}}", "Items", items, "Pagination", "Page",
                     (json_int_t)q.page, "Limit", (json_int_t)q.limit, "Count", (json_int_t)total);
    return 0;
}

typedef struct {
    const char *id;
} id_in;

#define NOTICE_PARAMS                                                                              \
    {{"Query", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_NotificationVendor}, KS_SRC_QUERY},   \
        {{"Id", KS_T_STRING, KS_F_REQUIRED, .maxlen = 20, KS_BIND(id_in, id)}, KS_SRC_PATH},       \
        KS_PARAMS_END

/* Binds the vendor (the query) and the notice id (the path). */
static int bind_notice(int64_t *id, ks_ctx *ctx, const ks_op *op, json_t *const *args,
                       ks_err *err)
{
    ks_notification_in in;
    id_in path = {0};
    char *end;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &path, ctx, op, args, 1, err) || ks_vendor_use(ctx, in.vendor, err))
        return -1;
    *id = strtoll(path.id, &end, 10);
    if (*end || *id <= 0)
        return ks_err_setf(err, KS_E_NOTIFICATION_NOT_FOUND, "Notification '%.20s' not found",
                           path.id);
    return 0;
}

const ks_param op_getNotification_params[] = {NOTICE_PARAMS};
const ks_field op_getNotification_result = {"Notification", KS_T_OBJECT,
                                            .obj = &ks_schema_Notification};

int op_getNotification(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                       ks_err *err)
{
    int64_t id;
    ks_notice n;
    if (bind_notice(&id, ctx, op, args, err) || ks_notify_get(&n, ctx, id, err))
        return -1;
    *out = notice_json(ctx, &n, 1);
    return 0;
}

const ks_param op_replayNotification_params[] = {NOTICE_PARAMS};
const ks_field op_replayNotification_result = {"Notification", KS_T_OBJECT,
                                               .obj = &ks_schema_Notification};

int op_replayNotification(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                          ks_err *err)
{
    int64_t id;
    ks_notice n;
    if (bind_notice(&id, ctx, op, args, err) || ks_notify_replay(ctx, id, err) ||
        ks_notify_get(&n, ctx, id, err))
        return -1;
    *out = notice_json(ctx, &n, 1);
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
                       .page = ks_page_number(&in.page),
                       .limit = ks_page_limit(&in.page)};
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
