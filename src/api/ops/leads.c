/* leads.c — addLead, getLead, updateLead, searchLeads, markLeads: bind, call the domain, and
 * shape the platform's response. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../domain/lead.h"
#include "../../domain/page.h"
#include "../answers.h"
#include "../schema/conform.h"
#include "ops.h"
#include "shape.h"

/* The parameter fields are macros, not const objects: C does not allow a const object as the
 * initializer of another static object (GCC accepts it as an extension, clang does not). */
#define LEAD_PARAM {"Lead", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Lead}
/* Scalar arguments bind into small structs like any other field. */
typedef struct {
    const char *code;
} code_in;
#define LEAD_CODE_PARAM                                                                            \
    {"LeadCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = KS_LEAD_CODE_MAX, KS_BIND(code_in, code)}

typedef struct {
    ks_lead_mark_in *marks;
    size_t n;
} marks_in;

/* The lead as the platform returns it: what the client sent, plus what Kassa keeps. */
static json_t *build_lead_json(ks_ctx *ctx, const ks_lead *l)
{
    static const char *const states[] = {"SCHEDULED", "SENT", "CANCELED"};
    json_t *doc = l->doc ? json_loads(l->doc, 0, NULL) : NULL;
    json_t *o = json_object();
    json_object_set_new(o, "LeadCode", json_string(l->code));
    json_object_set_new(o, "GeneratedFrom", json_string(l->generated_from));
    if (json_is_object(doc)) {
        const char *k;
        json_t *v;
        json_object_foreach(doc, k, v)
            if (strcmp(k, "LeadCode") != 0)
                json_object_set(o, k, v);
    }
    json_decref(doc);
    json_object_set_new(o, "FollowedUp", json_boolean(l->followed_up));
    json_object_set_new(o, "CreatedAt", json_string(ks_ops_time(ctx, l->created)));
    json_object_set_new(o, "Used", json_boolean(l->used));
    json_object_set_new(o, "UsedSuccess", json_boolean(l->used_success));
    json_object_set_new(o, "FollowUpsStopped", json_boolean(l->stopped));
    json_t *fu = json_array();
    for (size_t i = 0; i < l->n_followups; i++)
        json_array_append_new(fu, json_pack("{s:i, s:s, s:s}", "Number", (int)i + 1,
                                             "ScheduledAt", ks_ops_time(ctx, l->followups[i].due),
                                             "Status", states[l->followups[i].state]));
    json_object_set_new(o, "FollowUps", fu);
    return o;
}

/* The bytes build_lead_json's answer is a function of: every field of the lead it reads and the
 * vendor's time zone (ks_ops_time), each string with its length, so that two leads that
 * differ in anything never give the same key. */
static char *answer_key(ks_ctx *ctx, const ks_lead *l, size_t *len)
{
    const char *str[] = {l->code, l->generated_from, l->doc};
    size_t sl[3], n = 0;
    int64_t num[7 + 2 * KS_LEAD_FOLLOWUPS];
    size_t k = 0;
    num[k++] = ctx->vendor ? ctx->vendor->tz_offset : 0;
    num[k++] = l->created;
    num[k++] = l->followed_up;
    num[k++] = l->used;
    num[k++] = l->used_success;
    num[k++] = l->stopped;
    num[k++] = (int64_t)l->n_followups;
    for (size_t i = 0; i < l->n_followups && i < KS_LEAD_FOLLOWUPS; i++) {
        num[k++] = l->followups[i].due;
        num[k++] = l->followups[i].state;
    }
    for (int i = 0; i < 3; i++)
        n += (sl[i] = str[i] ? strlen(str[i]) + 1 : 0) + sizeof sl[i];
    char *key = ks_arena_alloc(ctx->arena, k * sizeof *num + n), *w = key;
    memcpy(w, num, k * sizeof *num);
    w += k * sizeof *num;
    for (int i = 0; i < 3; i++) {
        memcpy(w, &sl[i], sizeof sl[i]); /* 0: NULL, else the length with its NUL */
        w += sizeof sl[i];
        if (sl[i])
            memcpy(w, str[i], sl[i]);
        w += sl[i];
    }
    *len = (size_t)(w - key);
    return key;
}

/* build_lead_json through the answer cache (answers.h): a lead read again unchanged costs no
 * parse of its stored document. The tree is conformed to the Lead schema before it is kept, so
 * that the adapter's ks_schema_conform finds nothing to change in the shared tree; nothing
 * after the handler writes into an answer. */
static json_t *lead_json(ks_ctx *ctx, const ks_lead *l)
{
    static const ks_field lead = {"Lead", KS_T_OBJECT, .obj = &ks_schema_Lead};
    size_t len;
    char *key = answer_key(ctx, l, &len);
    json_t *o = ks_answers_get(ctx->answers, key, len);
    if (o)
        return o;
    o = ks_schema_conform(build_lead_json(ctx, l), &lead);
    ks_answers_put(ctx->answers, key, len, o);
    return o;
}

/* Binds a Lead argument: the typed fields into *l, the whole normalised lead into l->doc. */
int ks_ops_bind_lead(ks_lead *l, ks_ctx *ctx, const ks_op *op, json_t *const *args, int i,
                     ks_err *err)
{
    memset(l, 0, sizeof *l);
    return ks_shape_bind_doc(&l->doc, l, ctx, op, args, i, err);
}

const ks_param op_addLead_params[] = {{LEAD_PARAM, KS_SRC_BODY}, KS_PARAMS_END};
const ks_field op_addLead_result = {"Result", KS_T_OBJECT, .obj = &ks_schema_LeadAddResult};

int op_addLead(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_lead l;
    if (ks_ops_bind_lead(&l, ctx, op, args, 0, err) || ks_lead_add(ctx, &l, err))
        return -1;
    *out = json_pack("{s:s, s:[]}", "LeadCode", l.code, "Errors");
    return 0;
}

const ks_param op_getLead_params[] = {{LEAD_CODE_PARAM, KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_getLead_result = {"Lead", KS_T_OBJECT, .obj = &ks_schema_Lead};

int op_getLead(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    code_in in = {0};
    ks_lead l;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_lead_get(&l, ctx, in.code, err))
        return -1;
    *out = lead_json(ctx, &l);
    return 0;
}

const ks_param op_updateLead_params[] = {
    {LEAD_CODE_PARAM, KS_SRC_PATH}, {LEAD_PARAM, KS_SRC_BODY}, KS_PARAMS_END};
const ks_field op_updateLead_result = {"Result", KS_T_BOOL};

int op_updateLead(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_lead l;
    code_in in = {0};
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_ops_bind_lead(&l, ctx, op, args, 1, err) ||
        ks_lead_update(ctx, in.code, &l, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_searchLeads_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_LeadSearchInput}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_searchLeads_result = {"Result", KS_T_OBJECT,
                                        .obj = &ks_schema_LeadSearchResult};

int op_searchLeads(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_lead_search_in in;
    ks_lead_query q;
    ks_lead *list;
    size_t n;
    int64_t total;
    int tz = ctx->vendor->tz_offset;
    memset(&in, 0, sizeof in);
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    q.codes = in.codes;
    q.n_codes = in.n_codes;
    q.email = in.email;
    q.product_codes = in.product_codes;
    q.n_product_codes = in.n_product_codes;
    q.language = in.language;
    q.country = in.country;
    q.generated_from = in.generated_from;
    q.page = ks_page_number(&in.page);
    q.limit = ks_page_limit(&in.page);
    if (in.type)
        ks_lead_type_parse(&q.type, in.type); /* the schema admitted only valid names */
    if (ks_search_date(&q.start, &q.has_start, in.start_date, 0, tz, "StartDate", err) ||
        ks_search_date(&q.end, &q.has_end, in.end_date, 1, tz, "EndDate", err) ||
        ks_lead_search(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, lead_json(ctx, &list[i]));
    *out = json_pack("{s:o, s:{s:I, s:I, s:I}}", "Items", items, "Pagination", "Page",
                     (json_int_t)q.page, "Limit", (json_int_t)q.limit, "Count",
                     (json_int_t)total);
    return 0;
}

const ks_param op_markLeads_params[] = {
    {{"Leads", KS_T_ARRAY, KS_F_REQUIRED, .obj = &ks_schema_LeadMark, KS_BIND(marks_in, marks),
      KS_BIND_COUNT(marks_in, n)},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_markLeads_result = {"Result", KS_T_OBJECT, .obj = &ks_schema_MarkLeadsResult};

int op_markLeads(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    marks_in b = {0};
    if (ks_ops_bind(NULL, &b, ctx, op, args, 0, err) || ks_lead_mark(ctx, b.marks, b.n, err))
        return -1;
    *out = json_pack("{s:s, s:[]}", "Response",
                     ks_arena_printf(ctx->arena, "%zu leads have been marked successfully", b.n),
                     "Errors");
    return 0;
}
