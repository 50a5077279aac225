/* test_bind.c — src/api/schema/bind.c: the one validator and binder, with the real Lead schema
 * of objects.c and with small schemas declared here that use every feature: required fields
 * and the paths named in messages, types and the platform's string spellings of numbers and
 * booleans, lengths, ISO formats, enumerations, the three shapes of an array, secret and
 * output members, and the C values bound, with their pointers, counts and presence flags. */
#include "unit.h"

#include <jansson.h>

#include "api/schema/bind.h"
#include "api/schema/objects.h"

/* --- test schemas ----------------------------------------------------------------------------- */

typedef struct t_sub {
    const char *email;
    int64_t n;
} t_sub;

static const ks_field t_sub_fields[] = {
    {"Email", KS_T_STRING, KS_F_REQUIRED, .fmt = KS_FMT_EMAIL, KS_BIND(t_sub, email)},
    {"N", KS_T_INT, KS_BIND(t_sub, n)},
    {.name = NULL},
};
static const ks_schema t_sub_schema = {"Sub", sizeof(t_sub), t_sub_fields, NULL};

typedef struct t_obj {
    const char *name;
    int64_t qty;
    int has_qty;
    int flag, has_flag;
    ks_dec amount;
    int has_amount;
    const char *cur, *lang, *country, *email, *date, *dt, *color, *code, *card;
    const char **tags;
    size_t n_tags;
    const char **list;
    size_t n_list;
    int64_t *nums;
    size_t n_nums;
    t_sub *subs;
    size_t n_subs;
    t_sub *billing;
} t_obj;

static const char *const colors[] = {"Red", "Green", "Blue", NULL};

static const ks_field t_obj_fields[] = {
    {"Name", KS_T_STRING, KS_F_REQUIRED, .maxlen = 5, KS_BIND(t_obj, name)},
    {"Qty", KS_T_INT, .min = 1, .max = 10, KS_BIND(t_obj, qty), KS_BIND_PRESENT(t_obj, has_qty)},
    {"Flag", KS_T_BOOL, KS_BIND(t_obj, flag), KS_BIND_PRESENT(t_obj, has_flag)},
    {"Amount", KS_T_DECIMAL, KS_BIND(t_obj, amount), KS_BIND_PRESENT(t_obj, has_amount)},
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY, KS_BIND(t_obj, cur)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(t_obj, lang)},
    {"Country", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(t_obj, country)},
    {"Email", KS_T_STRING, .fmt = KS_FMT_EMAIL, KS_BIND(t_obj, email)},
    {"Date", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(t_obj, date)},
    {"DateTime", KS_T_STRING, .fmt = KS_FMT_DATETIME, KS_BIND(t_obj, dt)},
    {"Color", KS_T_STRING, .enums = colors, KS_BIND(t_obj, color)},
    /* a field with its own error code for any invalid value */
    {"Code", KS_T_STRING, .maxlen = 4, .err = KS_E_LEAD_ITEM_INVALID, KS_BIND(t_obj, code)},
    {"Card", KS_T_STRING, KS_F_SECRET, .maxlen = 19, KS_BIND(t_obj, card)},
    {"Tags", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 3, KS_BIND(t_obj, tags),
     KS_BIND_COUNT(t_obj, n_tags)},
    {"List", KS_T_ARRAY, .item = KS_T_STRING, KS_BIND(t_obj, list), KS_BIND_COUNT(t_obj, n_list)},
    {"Nums", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_INT, KS_BIND(t_obj, nums),
     KS_BIND_COUNT(t_obj, n_nums)},
    {"Subs", KS_T_ARRAY, .obj = &t_sub_schema, KS_BIND(t_obj, subs), KS_BIND_COUNT(t_obj, n_subs)},
    {"BillingDetails", KS_T_OBJECT, .obj = &t_sub_schema, KS_BIND(t_obj, billing)},
    /* not bound: validated and normalised only */
    {"Note", KS_T_STRING, .maxlen = 10},
    {"Extra", KS_T_ANY},
    {"Out", KS_T_INT, KS_F_OUTPUT},
    {.name = NULL},
};
static const ks_schema t_obj_schema = {"TestObject", sizeof(t_obj), t_obj_fields, NULL};

/* --- helpers ---------------------------------------------------------------------------------- */

typedef struct {
    ks_arena *a;
    json_t *norm;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->a = ks_arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    json_decref(f->norm);
    ks_arena_free(f->a);
    free(f);
    return 0;
}

static json_t *parse(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &je);
    if (!j)
        print_error("bad test JSON: %s: %s\n", je.text, text);
    assert_non_null(j);
    return j;
}

/* Binds JSON text against schema s into dst; on success f->norm holds the normalised tree. */
static int bind_text(fixture *f, const ks_schema *s, void *dst, const char *text, ks_err *e)
{
    json_t *in = parse(text);
    json_decref(f->norm);
    f->norm = NULL;
    memset(e, 0, sizeof *e);
    int rc = ks_bind_object(&f->norm, dst, f->a, s, in, "", e);
    if (rc)
        assert_null(f->norm);
    json_decref(in);
    return rc;
}

static void bind_ok(fixture *f, const ks_schema *s, void *dst, const char *text)
{
    ks_err e;
    if (bind_text(f, s, dst, text, &e))
        print_error("rejected %s: %s: %s\n", text, ks_err_name(e.code), e.msg);
    assert_non_null(f->norm);
}

/* Binding fails with code, and the message contains needle. */
static void bind_fails(fixture *f, const ks_schema *s, const char *text, ks_errcode code,
                       const char *needle)
{
    ks_err e;
    union {
        t_obj o;
        ks_lead l;
        ks_lead_search_in s;
        ks_lead_mark_in m;
        ks_clock_in c;
    } scratch;
    memset(&scratch, 0, sizeof scratch);
    assert_true(s->size <= sizeof scratch);
    void *dst = s->size ? &scratch : NULL;
    int rc = bind_text(f, s, dst, text, &e);
    if (rc != -1 || e.code != code || (needle && !strstr(e.msg, needle)))
        print_error("%s: rc %d, %s \"%s\"; expected %s naming \"%s\"\n", text, rc,
                    ks_err_name(e.code), e.msg, ks_err_name(code), needle ? needle : "");
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, code);
    if (needle)
        assert_non_null(strstr(e.msg, needle));
}

/* The normalised tree equals the JSON text. */
static void norm_is(fixture *f, const char *text)
{
    json_t *want = parse(text);
    if (!json_equal(f->norm, want)) {
        char *got = json_dumps(f->norm, JSON_SORT_KEYS | JSON_COMPACT);
        print_error("normalised %s\n      want %s\n", got, text);
        free(got);
    }
    assert_true(json_equal(f->norm, want));
    json_decref(want);
}

/* --- required fields and paths ---------------------------------------------------------------- */

static void test_required(void **state)
{
    fixture *f = *state;
    bind_fails(f, &t_obj_schema, "{}", KS_E_PARAMETER_MISSING, "Name");
    bind_fails(f, &t_obj_schema, "{\"Name\": null}", KS_E_PARAMETER_MISSING, "Name");
    /* an empty string is not a value for a required string */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"\"}", KS_E_PARAMETER_MISSING, "Name");
    /* nested: the message names the whole path */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"BillingDetails\": {\"N\": 1}}",
               KS_E_PARAMETER_MISSING, "BillingDetails.Email");
    bind_fails(f, &t_obj_schema,
               "{\"Name\": \"a\", \"Subs\": [{\"Email\": \"a@b.co\"}, {\"N\": 2}]}",
               KS_E_PARAMETER_MISSING, "Subs[1].Email");
    /* an optional object may be absent or null */
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"BillingDetails\": null}");
    assert_null(o.billing);
    norm_is(f, "{\"Name\": \"a\", \"BillingDetails\": null}");
    memset(&o, 0, sizeof o);
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\"}");
    assert_null(o.billing);
    assert_null(o.tags);
    assert_int_equal(o.n_tags, 0);
    norm_is(f, "{\"Name\": \"a\"}");
}

/* The real Lead: Currency, Items and BillingDetails are required. */
static void test_lead_required(void **state)
{
    fixture *f = *state;
    bind_fails(f, &ks_schema_Lead, "{}", KS_E_PARAMETER_MISSING, "Currency");
    bind_fails(f, &ks_schema_Lead, "[]", KS_E_PARAMETER_MISSING, "Currency");
    bind_fails(f, &ks_schema_Lead, "{\"Currency\": \"USD\", \"BillingDetails\": {}}",
               KS_E_PARAMETER_MISSING, "Items");
    bind_fails(f, &ks_schema_Lead, "{\"Currency\": \"USD\", \"Items\": [{\"Code\": \"P\"}]}",
               KS_E_PARAMETER_MISSING, "BillingDetails");
    bind_fails(f, &ks_schema_Lead,
               "{\"Currency\": \"USD\", \"Items\": [{\"Code\": \"P\"}], "
               "\"BillingDetails\": {\"Email\": \"not-an-email\"}}",
               KS_E_INVALID_EMAIL, "BillingDetails.Email");
    bind_fails(f, &ks_schema_Lead,
               "{\"Currency\": \"USD\", \"BillingDetails\": {}, \"Items\": "
               "[{\"Code\": \"P\"}, {\"Code\": \"Q\", \"Price\": {\"Amount\": \"1.23456\"}}]}",
               KS_E_PARAMETER_INVALID, "Items[1].Price.Amount");
    bind_fails(f, &ks_schema_Lead, "\"a lead\"", KS_E_PARAMETER_INVALID, NULL);
    bind_fails(f, &ks_schema_Lead, "[1]", KS_E_PARAMETER_INVALID, NULL);
    bind_fails(f, &ks_schema_Lead,
               "{\"Currency\": \"USD\", \"Items\": [], \"BillingDetails\": \"me\"}",
               KS_E_PARAMETER_INVALID, "BillingDetails");
}

/* --- types ------------------------------------------------------------------------------------ */

static void test_int(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *json;
        int64_t v;
    } good[] = {{"3", 3}, {"\"3\"", 3}, {"\"+4\"", 4}, {"5.0", 5}, {"\"10\"", 10}, {"1", 1}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        t_obj o = {0};
        char text[96];
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Qty\": %s}", good[i].json);
        bind_ok(f, &t_obj_schema, &o, text);
        assert_int_equal(o.qty, good[i].v);
        assert_int_equal(o.has_qty, 1);
        /* the platform's own examples send "Quantity": "1": normalised to a number */
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Qty\": %lld}", (long long)good[i].v);
        norm_is(f, text);
    }
    static const char *const bad[] = {
        "\"abc\"", "\"\"", "\" 3\"", "\"3 \"",  "\"0x3\"", "\"3.0\"", "3.5",
        "true",    "[3]",  "{}",     "\"1e1\"", "1e300",   "-1e300",  "\"99999999999999999999\"",
        "0",       "11",   "-1",     "\"11\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[96];
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Qty\": %s}", bad[i]);
        bind_fails(f, &t_obj_schema, text, KS_E_PARAMETER_INVALID, "Qty");
    }
    /* the whole int64 range when the field has no range */
    t_sub s = {0};
    bind_ok(f, &t_sub_schema, &s, "{\"Email\": \"a@b.co\", \"N\": \"-9223372036854775808\"}");
    assert_true(s.n == INT64_MIN);
    bind_ok(f, &t_sub_schema, &s, "{\"Email\": \"a@b.co\", \"N\": 9223372036854775807}");
    assert_true(s.n == INT64_MAX);
    bind_fails(f, &t_sub_schema, "{\"Email\": \"a@b.co\", \"N\": \"9223372036854775808\"}",
               KS_E_PARAMETER_INVALID, "N");
    bind_fails(f, &t_sub_schema, "{\"Email\": \"a@b.co\", \"N\": 9.3e18}", KS_E_PARAMETER_INVALID,
               "N");
    bind_fails(f, &t_sub_schema, "{\"Email\": \"a@b.co\", \"N\": -9.3e18}", KS_E_PARAMETER_INVALID,
               "N");
}

static void test_bool(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *json;
        int v;
    } good[] = {{"true", 1},  {"false", 0},    {"1", 1},        {"0", 0},         {"\"1\"", 1},
                {"\"0\"", 0}, {"\"true\"", 1}, {"\"TRUE\"", 1}, {"\"False\"", 0}, {"\"\"", 0}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        t_obj o = {0};
        char text[96];
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Flag\": %s}", good[i].json);
        bind_ok(f, &t_obj_schema, &o, text);
        assert_int_equal(o.flag, good[i].v);
        assert_int_equal(o.has_flag, 1);
        norm_is(f, good[i].v ? "{\"Name\": \"a\", \"Flag\": true}"
                             : "{\"Name\": \"a\", \"Flag\": false}");
    }
    static const char *const bad[] = {"2",   "-1", "\"yes\"", "\"no\"", "\"2\"",
                                      "1.0", "[]", "{}",      "\" 1\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[96];
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Flag\": %s}", bad[i]);
        bind_fails(f, &t_obj_schema, text, KS_E_PARAMETER_INVALID, "Flag");
    }
}

static void test_decimal(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *json;
        ks_dec v;
        const char *norm;
    } good[] = {
        {"\"10.36\"", 103600, "10.36"},
        {"10.36", 103600, "10.36"},
        {"10", 100000, "10"},
        {"\"10\"", 100000, "10"},
        {"\"1.23450\"", 12345, "1.2345"},
        {"-2.5", -25000, "-2.5"},
        {"0", 0, "0"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        t_obj o = {0};
        char text[96];
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Amount\": %s}", good[i].json);
        bind_ok(f, &t_obj_schema, &o, text);
        assert_int_equal(o.amount, good[i].v);
        assert_int_equal(o.has_amount, 1);
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Amount\": %s}", good[i].norm);
        norm_is(f, text);
    }
    static const char *const bad[] = {"\"1.23456\"",   "\"abc\"", "\"\"",  "true",
                                      "[1]",           "{}",      "1e300", "\"1e3\"",
                                      "9223372036855", "\" 1\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[96];
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"Amount\": %s}", bad[i]);
        bind_fails(f, &t_obj_schema, text, KS_E_PARAMETER_INVALID, "Amount");
    }
}

static void test_string(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    /* a number where a string belongs is refused (issue 11: {"Code": 5} created vendor "5",
     * "ExternalReference": 12.5 was stored as "12.5"); the leniency runs the other way only,
     * numbers sent as strings (test_int, test_decimal) */
    bind_fails(f, &t_obj_schema, "{\"Name\": 12345}", KS_E_PARAMETER_INVALID, "Name");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Note\": 1.5}", KS_E_PARAMETER_INVALID,
               "Note");
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"12345\"}");
    assert_string_equal(o.name, "12345");
    bind_fails(f, &t_obj_schema, "{\"Name\": true}", KS_E_PARAMETER_INVALID, "Name");
    bind_fails(f, &t_obj_schema, "{\"Name\": {}}", KS_E_PARAMETER_INVALID, "Name");
    bind_fails(f, &t_obj_schema, "{\"Name\": [\"a\"]}", KS_E_PARAMETER_INVALID, "Name");
    /* unbound fields are validated too */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Note\": false}", KS_E_PARAMETER_INVALID,
               "Note");
    /* a field's own code replaces the generic ones */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Code\": true}", KS_E_LEAD_ITEM_INVALID,
               "Code");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Code\": \"ABCDE\"}", KS_E_LEAD_ITEM_INVALID,
               "Code");
    /* KS_T_ANY passes anything through */
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Extra\": {\"x\": [1, {\"y\": null}]}}");
    norm_is(f, "{\"Name\": \"a\", \"Extra\": {\"x\": [1, {\"y\": null}]}}");
}

static void test_maxlen(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"abcde\"}");
    assert_string_equal(o.name, "abcde");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"abcdef\"}", KS_E_PARAMETER_TOO_LONG, "Name");
    /* lengths count characters, not bytes: five two-byte characters fit in five */
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}");
    assert_int_equal(strlen(o.name), 10);
    bind_fails(f, &t_obj_schema, "{\"Name\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}",
               KS_E_PARAMETER_TOO_LONG, "Name");
    /* in arrays, each element; the path names it */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Tags\": [\"abc\", \"abcd\"]}",
               KS_E_PARAMETER_TOO_LONG, "Tags[1]");
    char lead[600];
    snprintf(lead, sizeof lead,
             "{\"Currency\": \"USD\", \"Items\": [{\"Code\": \"P\"}], \"BillingDetails\": {},"
             " \"Promotions\": [\"%0256d\"]}",
             0);
    bind_fails(f, &ks_schema_Lead, lead, KS_E_PARAMETER_TOO_LONG, "Promotions[0]");
}

/* --- formats and enumerations ----------------------------------------------------------------- */

static void test_formats(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o,
            "{\"Name\": \"a\", \"Currency\": \"usd\", \"Language\": \"EN\", \"Country\": \"ro\","
            " \"Email\": \"Jane.Doe+x@example.co.uk\", \"Date\": \"2024-02-29\","
            " \"DateTime\": \"2024-02-29 23:59:59\"}");
    /* bound values are the canonical spellings */
    assert_string_equal(o.cur, "USD");
    assert_string_equal(o.lang, "en");
    assert_string_equal(o.country, "RO");
    assert_string_equal(o.email, "Jane.Doe+x@example.co.uk");
    assert_string_equal(o.date, "2024-02-29");
    assert_string_equal(o.dt, "2024-02-29 23:59:59");

    static const struct {
        const char *member, *value;
        ks_errcode code;
    } bad[] = {
        {"Currency", "\"XYZ\"", KS_E_INVALID_CURRENCY},
        {"Currency", "\"US\"", KS_E_INVALID_CURRENCY},
        {"Currency", "\"\"", KS_E_INVALID_CURRENCY},
        {"Currency", "840", KS_E_INVALID_CURRENCY},
        {"Language", "\"xx\"", KS_E_INVALID_LANGUAGE},
        {"Language", "\"eng\"", KS_E_INVALID_LANGUAGE},
        {"Language", "\"en-US\"", KS_E_INVALID_LANGUAGE},
        {"Country", "\"UK\"", KS_E_INVALID_COUNTRY},
        {"Country", "\"USA\"", KS_E_INVALID_COUNTRY},
        {"Email", "\"jane\"", KS_E_INVALID_EMAIL},
        {"Email", "\"@example.com\"", KS_E_INVALID_EMAIL},
        {"Email", "\"jane@\"", KS_E_INVALID_EMAIL},
        {"Email", "\"jane@example\"", KS_E_INVALID_EMAIL},
        {"Email", "\"jane@example.\"", KS_E_INVALID_EMAIL},
        {"Email", "\"jane@.com\"", KS_E_INVALID_EMAIL},
        {"Email", "\"ja ne@example.com\"", KS_E_INVALID_EMAIL},
        {"Email", "\"jane@ex@ample.com\"", KS_E_INVALID_EMAIL},
        {"Email", "\"<jane@example.com>\"", KS_E_INVALID_EMAIL},
        {"Date", "\"2023-02-29\"", KS_E_INVALID_DATE},
        {"Date", "\"2023-2-1\"", KS_E_INVALID_DATE},
        {"Date", "\"2023-01-01 00:00:00\"", KS_E_INVALID_DATE},
        {"DateTime", "\"2023-01-01 24:00:00\"", KS_E_INVALID_DATE},
        {"DateTime", "\"2023-02-29 12:00:00\"", KS_E_INVALID_DATE},
        {"DateTime", "\"2023-01-01\"", KS_E_INVALID_DATE},
        {"DateTime", "\"2023-01-01T10:00:00Z\"", KS_E_INVALID_DATE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "{\"Name\": \"a\", \"%s\": %s}", bad[i].member, bad[i].value);
        bind_fails(f, &t_obj_schema, text, bad[i].code, bad[i].member);
    }
    /* messages name the field, never its value */
    ks_err e;
    bind_text(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Email\": \"secret-value\"}", &e);
    assert_null(strstr(e.msg, "secret-value"));
}

static void test_enums(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Color\": \"Green\"}");
    assert_string_equal(o.color, "Green");
    /* any case; bound and normalised to the declared spelling */
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Color\": \"bLUE\"}");
    assert_string_equal(o.color, "Blue");
    norm_is(f, "{\"Name\": \"a\", \"Color\": \"Blue\"}");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Color\": \"Purple\"}", KS_E_PARAMETER_INVALID,
               "Red, Green, Blue");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Color\": \"\"}", KS_E_PARAMETER_INVALID,
               "Color");

    /* searchLeads: Type has its own code, Page and Limit theirs */
    ks_lead_search_in s;
    memset(&s, 0, sizeof s);
    bind_ok(f, &ks_schema_LeadSearchInput, &s, "{\"Type\": \"usedsuccess\"}");
    assert_string_equal(s.type, "UsedSuccess");
    bind_fails(f, &ks_schema_LeadSearchInput, "{\"Type\": \"Abandoned\"}", KS_E_LEAD_TYPE_INVALID,
               "Type");
    bind_fails(f, &ks_schema_LeadSearchInput, "{\"Page\": \"first\"}", KS_E_INVALID_PAGINATION,
               "Page");
    bind_fails(f, &ks_schema_LeadSearchInput, "{\"Limit\": 2.5}", KS_E_INVALID_PAGINATION, "Limit");
    bind_fails(f, &ks_schema_LeadSearchInput, "{\"StartDate\": \"2023-02-29\"}", KS_E_INVALID_DATE,
               "StartDate");
}

static void test_int_range(void **state)
{
    fixture *f = *state;
    ks_clock_in c;
    memset(&c, 0, sizeof c);
    bind_ok(f, &ks_schema_ClockAdvance, &c, "{\"Days\": \"30\", \"Hours\": 0}");
    assert_int_equal(c.days, 30);
    assert_int_equal(c.hours, 0);
    bind_fails(f, &ks_schema_ClockAdvance, "{\"Days\": -1}", KS_E_PARAMETER_INVALID, "Days");
    bind_fails(f, &ks_schema_ClockAdvance, "{\"Days\": 36601}", KS_E_PARAMETER_INVALID, "Days");
    bind_ok(f, &ks_schema_ClockAdvance, &c, "{\"Days\": 36600}");
    assert_int_equal(c.days, 36600);
}

/* --- arrays ----------------------------------------------------------------------------------- */

static void test_one_or_many(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Tags\": \"ab\", \"Nums\": \"7\"}");
    assert_int_equal(o.n_tags, 1);
    assert_string_equal(o.tags[0], "ab");
    assert_int_equal(o.n_nums, 1);
    assert_int_equal(o.nums[0], 7);
    norm_is(f, "{\"Name\": \"a\", \"Tags\": [\"ab\"], \"Nums\": [7]}");
    /* one scalar of the wrong type is refused as an element would be */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Tags\": 12}", KS_E_PARAMETER_INVALID,
               "Tags[0]");
    /* the array form still works */
    memset(&o, 0, sizeof o);
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Tags\": [\"a\", \"b\", \"c\"]}");
    assert_int_equal(o.n_tags, 3);
    assert_string_equal(o.tags[2], "c");
    /* without ONE_OR_MANY a scalar is not an array */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"List\": \"x\"}", KS_E_PARAMETER_INVALID,
               "List");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Tags\": true}", KS_E_PARAMETER_INVALID,
               "Tags");
    /* elements are required and typed */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Tags\": [\"a\", null]}",
               KS_E_PARAMETER_MISSING, "Tags[1]");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Nums\": [1, \"x\"]}", KS_E_PARAMETER_INVALID,
               "Nums[1]");

    /* searchLeads: LeadCode and ProductCode are a string or an array */
    ks_lead_search_in s;
    memset(&s, 0, sizeof s);
    bind_ok(f, &ks_schema_LeadSearchInput, &s,
            "{\"LeadCode\": \"60E6C4B574\", "
            "\"ProductCode\": [\"P1\", \"P2\"]}");
    assert_int_equal(s.n_codes, 1);
    assert_string_equal(s.codes[0], "60E6C4B574");
    assert_int_equal(s.n_product_codes, 2);
    assert_string_equal(s.product_codes[1], "P2");
}

/* IMP: reference §8 — "Items is an object keyed "0","1",…" in what the platform returns, and
 * PHP clients send back */
static void test_php_arrays(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o,
            "{\"Name\": \"a\", \"List\": {\"1\": \"second\", \"0\": \"first\"},"
            " \"Subs\": {\"0\": {\"Email\": \"a@b.co\", \"N\": 1},"
            " \"1\": {\"Email\": \"c@d.co\", \"N\": \"2\"}}}");
    assert_int_equal(o.n_list, 2);
    assert_string_equal(o.list[0], "first");
    assert_string_equal(o.list[1], "second");
    assert_int_equal(o.n_subs, 2);
    assert_string_equal(o.subs[0].email, "a@b.co");
    assert_int_equal(o.subs[1].n, 2);
    norm_is(f,
            "{\"Name\": \"a\", \"List\": [\"first\", \"second\"],"
            " \"Subs\": [{\"Email\": \"a@b.co\", \"N\": 1}, {\"Email\": \"c@d.co\", \"N\": 2}]}");
    /* keys must be exactly 0..n-1 */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"List\": {\"0\": \"x\", \"2\": \"y\"}}",
               KS_E_PARAMETER_INVALID, "List");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"List\": {\"a\": \"x\"}}",
               KS_E_PARAMETER_INVALID, "List");
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"List\": {\"1\": \"x\"}}",
               KS_E_PARAMETER_INVALID, "List");
    /* {} is the empty array */
    memset(&o, 0, sizeof o);
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"List\": {}}");
    assert_int_equal(o.n_list, 0);
    norm_is(f, "{\"Name\": \"a\", \"List\": []}");

    /* the real Lead, Items keyed as the platform returns them */
    ks_lead l;
    memset(&l, 0, sizeof l);
    bind_ok(f, &ks_schema_Lead, &l,
            "{\"Currency\": \"EUR\", \"BillingDetails\": {},"
            " \"Items\": {\"0\": {\"Code\": \"P1\"}, \"1\": {\"Code\": \"P2\", \"Quantity\": 3}}}");
    assert_int_equal(l.n_items, 2);
    assert_string_equal(l.items[0].code, "P1");
    assert_string_equal(l.items[1].code, "P2");
    assert_int_equal(l.items[1].quantity, 3);
}

/* PHP's json_encode writes [] for an empty object. */
static void test_empty_array_as_object(void **state)
{
    fixture *f = *state;
    ks_lead l;
    memset(&l, 0, sizeof l);
    bind_ok(f, &ks_schema_Lead, &l,
            "{\"Currency\": \"EUR\", \"Items\": [{\"Code\": \"P1\"}], \"BillingDetails\": {},"
            " \"DeliveryDetails\": [], \"PaymentDetails\": {\"PaymentMethod\": []}}");
    /* present and empty: bound as an all-NULL struct */
    assert_non_null(l.billing);
    assert_null(l.billing->email);
    assert_null(l.billing->country_code);
    norm_is(f, "{\"Currency\": \"EUR\", \"Items\": [{\"Code\": \"P1\"}], \"BillingDetails\": {},"
               " \"DeliveryDetails\": {}, \"PaymentDetails\": {\"PaymentMethod\": {}}}");
    /* ... but not for a required object: [] is no BillingDetails (issue 11) */
    bind_fails(f, &ks_schema_Lead,
               "{\"Currency\": \"EUR\", \"Items\": [{\"Code\": \"P1\"}], \"BillingDetails\": []}",
               KS_E_PARAMETER_MISSING, "BillingDetails");
    /* but a non-empty array is not an object */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"BillingDetails\": [{\"Email\": \"a@b.co\"}]}",
               KS_E_PARAMETER_INVALID, "BillingDetails");
}

/* --- members: unknown, case, output, secret --------------------------------------------------- */

static void test_members(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    /* unknown members are dropped; names match in any case and are normalised; output-only
     * members are ignored even when invalid */
    bind_ok(f, &t_obj_schema, &o,
            "{\"name\": \"a\", \"QTY\": 2, \"Bogus\": 1, \"Out\": \"not a number\","
            " \"billingdetails\": {\"email\": \"a@b.co\", \"Other\": [1]}}");
    assert_string_equal(o.name, "a");
    assert_int_equal(o.qty, 2);
    assert_string_equal(o.billing->email, "a@b.co");
    norm_is(f, "{\"Name\": \"a\", \"Qty\": 2, \"BillingDetails\": {\"Email\": \"a@b.co\"}}");
    /* an exact match wins over a case-insensitive one */
    memset(&o, 0, sizeof o);
    bind_ok(f, &t_obj_schema, &o, "{\"NAME\": \"upper\", \"Name\": \"exact\"}");
    assert_string_equal(o.name, "exact");

    json_t *j = parse("{\"Name\": 1, \"other\": 2}");
    assert_int_equal(json_integer_value(ks_json_get(j, "Name")), 1);
    assert_int_equal(json_integer_value(ks_json_get(j, "NAME")), 1);
    assert_int_equal(json_integer_value(ks_json_get(j, "Other")), 2);
    assert_null(ks_json_get(j, "Nam"));
    json_decref(j);
    j = parse("[1]");
    assert_null(ks_json_get(j, "Name"));
    json_decref(j);
    assert_null(ks_json_get(NULL, "Name"));
}

static void test_secret(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Card\": \"4111111111111111\"}");
    /* bound for the code that needs it */
    assert_string_equal(o.card, "4111111111111111");
    /* never in the normalised tree, so never stored nor echoed */
    norm_is(f, "{\"Name\": \"a\"}");
    /* still validated */
    bind_fails(f, &t_obj_schema, "{\"Name\": \"a\", \"Card\": \"41111111111111111111\"}",
               KS_E_PARAMETER_TOO_LONG, "Card");

    /* the Lead: PaymentDetails.PaymentMethod.CardNumber and CCID are left out */
    ks_lead l;
    memset(&l, 0, sizeof l);
    bind_ok(f, &ks_schema_Lead, &l,
            "{\"Currency\": \"USD\", \"Items\": [{\"Code\": \"P\"}], \"BillingDetails\": {},"
            " \"PaymentDetails\": {\"Type\": \"TEST\", \"Currency\": \"usd\","
            " \"PaymentMethod\": {\"CardNumber\": \"4111111111111111\", \"CCID\": \"123\","
            " \"CardType\": \"VISA\", \"ExpirationYear\": \"2030\", \"ExpirationMonth\": \"12\","
            " \"HolderName\": \"Jane Doe\", \"EesToken\": \"tok\"}}}");
    json_t *pm = json_object_get(json_object_get(f->norm, "PaymentDetails"), "PaymentMethod");
    assert_non_null(pm);
    assert_null(json_object_get(pm, "CardNumber"));
    assert_null(json_object_get(pm, "CCID"));
    assert_null(json_object_get(pm, "EesToken"));
    assert_string_equal(json_string_value(json_object_get(pm, "CardType")), "VISA");
    assert_string_equal(json_string_value(json_object_get(pm, "HolderName")), "Jane Doe");
    char *dump = json_dumps(f->norm, 0);
    assert_null(strstr(dump, "4111111111111111"));
    assert_null(strstr(dump, "123\""));
    free(dump);
    /* a card number that is too long fails without being echoed */
    ks_err e;
    bind_text(f, &ks_schema_Lead, &l,
              "{\"Currency\": \"USD\", \"Items\": [{\"Code\": \"P\"}], \"BillingDetails\": {},"
              " \"PaymentDetails\": {\"PaymentMethod\": {\"CardNumber\":"
              " \"411111111111111141111111111111114\"}}}",
              &e);
    assert_int_equal(e.code, KS_E_PARAMETER_TOO_LONG);
    assert_non_null(strstr(e.msg, "PaymentDetails.PaymentMethod.CardNumber"));
    assert_null(strstr(e.msg, "4111"));
}

/* --- what lands in the C structs -------------------------------------------------------------- */

static void test_present_flags(void **state)
{
    fixture *f = *state;
    t_obj o = {0};
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\"}");
    assert_int_equal(o.has_qty, 0);
    assert_int_equal(o.has_flag, 0);
    assert_int_equal(o.has_amount, 0);
    /* null is absent */
    memset(&o, 0, sizeof o);
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Qty\": null, \"Amount\": null}");
    assert_int_equal(o.has_qty, 0);
    assert_int_equal(o.has_amount, 0);
    /* a false or zero value is present */
    memset(&o, 0, sizeof o);
    bind_ok(f, &t_obj_schema, &o, "{\"Name\": \"a\", \"Flag\": \"0\", \"Amount\": 0}");
    assert_int_equal(o.has_flag, 1);
    assert_int_equal(o.flag, 0);
    assert_int_equal(o.has_amount, 1);
    assert_int_equal(o.amount, 0);

    /* markLeads: Used and StopFollowups say whether they were given */
    ks_lead_mark_in m;
    memset(&m, 0, sizeof m);
    bind_ok(f, &ks_schema_LeadMark, &m, "{\"LeadCode\": \"ABC\", \"Used\": \"1\"}");
    assert_string_equal(m.code, "ABC");
    assert_int_equal(m.set_used, 1);
    assert_int_equal(m.used, 1);
    assert_int_equal(m.set_stop, 0);
    /* searchLeads: Page given, Limit not */
    ks_lead_search_in s;
    memset(&s, 0, sizeof s);
    bind_ok(f, &ks_schema_LeadSearchInput, &s, "{\"Page\": \"2\"}");
    assert_int_equal(s.page.has_page, 1);
    assert_int_equal(s.page.page, 2);
    assert_int_equal(s.page.has_limit, 0);
}

/* A presence flag on an array field describes the array, not its elements. */
typedef struct t_flagged {
    const char **tags;
    size_t n_tags;
    int has_tags;
} t_flagged;

static const ks_field t_flagged_fields[] = {
    {"Tags", KS_T_ARRAY, .item = KS_T_STRING, KS_BIND(t_flagged, tags),
     KS_BIND_COUNT(t_flagged, n_tags), KS_BIND_PRESENT(t_flagged, has_tags)},
    {.name = NULL},
};
static const ks_schema t_flagged_schema = {"Flagged", sizeof(t_flagged), t_flagged_fields, NULL};

static void test_present_flag_on_array(void **state)
{
    fixture *f = *state;
    t_flagged t = {0};
    bind_ok(f, &t_flagged_schema, &t, "{\"Tags\": [\"first-tag-value\", \"second-tag-value\"]}");
    assert_int_equal(t.has_tags, 1);
    assert_int_equal(t.n_tags, 2);
    assert_string_equal(t.tags[0], "first-tag-value");
    assert_string_equal(t.tags[1], "second-tag-value");
    memset(&t, 0, sizeof t);
    bind_ok(f, &t_flagged_schema, &t, "{}");
    assert_int_equal(t.has_tags, 0);
    assert_null(t.tags);
}

static void test_lead_binding(void **state)
{
    fixture *f = *state;
    ks_lead l;
    memset(&l, 0, sizeof l);
    bind_ok(f, &ks_schema_Lead, &l,
            "{\"LeadCode\": \"MYLEAD\", \"GeneratedFrom\": \"ConvertPlus\", \"CartId\": \"cart-1\","
            " \"currency\": \"usd\", \"Language\": \"RO\", \"LocalTime\": \"2019-11-05 16:48:28\","
            " \"FollowedUp\": \"1\", \"Used\": \"whatever\","
            " \"Items\": [{\"Code\": \"P1\", \"Quantity\": \"2\"},"
            " {\"IsDynamic\": true, \"Name\": \"Support\", \"Quantity\": 1,"
            " \"Price\": {\"Amount\": \"10.36\", \"Type\": \"CUSTOM\"}}],"
            " \"BillingDetails\": {\"FirstName\": \"Jane\", \"LastName\": \"Doe\","
            " \"Email\": \"jane@example.com\", \"CountryCode\": \"ro\"},"
            " \"Promotions\": [\"PROMO1\"], \"Bogus\": {\"x\": 1}}");
    assert_string_equal(l.code, "MYLEAD");
    /* GeneratedFrom is one of updateLead's parameters (addLead sets "API" itself) */
    assert_string_equal(l.generated_from, "ConvertPlus");
    assert_string_equal(l.currency, "USD");
    assert_string_equal(l.language, "ro");
    assert_string_equal(l.local_time, "2019-11-05 16:48:28");
    assert_int_equal(l.followed_up, 1);
    assert_int_equal(l.used, 0);
    assert_int_equal(l.n_items, 2);
    assert_string_equal(l.items[0].code, "P1");
    assert_int_equal(l.items[0].quantity, 2);
    assert_int_equal(l.items[0].has_quantity, 1);
    assert_int_equal(l.items[0].is_dynamic, 0);
    assert_null(l.items[0].price);
    assert_null(l.items[1].code);
    assert_int_equal(l.items[1].is_dynamic, 1);
    assert_string_equal(l.items[1].name, "Support");
    assert_non_null(l.items[1].price);
    assert_int_equal(l.items[1].price->amount, 103600);
    assert_int_equal(l.items[1].price->has_amount, 1);
    assert_string_equal(l.items[1].price->type, "CUSTOM");
    assert_string_equal(l.billing->first_name, "Jane");
    assert_string_equal(l.billing->email, "jane@example.com");
    assert_string_equal(l.billing->country_code, "RO");
    assert_null(l.billing->company);
    /* the normalised lead: platform names, numbers as numbers, no unknown or output members */
    json_t *n = f->norm;
    assert_string_equal(json_string_value(json_object_get(n, "GeneratedFrom")), "ConvertPlus");
    assert_null(json_object_get(n, "Used"));
    assert_null(json_object_get(n, "Bogus"));
    assert_null(json_object_get(n, "currency"));
    assert_non_null(json_object_get(n, "Currency"));
    assert_true(json_is_true(json_object_get(n, "FollowedUp")));
    json_t *items = json_object_get(n, "Items");
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "Quantity")), 2);
    json_t *amount = json_object_get(json_object_get(json_array_get(items, 1), "Price"), "Amount");
    assert_true(json_is_real(amount));
    assert_true(json_real_value(amount) == 10.36);
    assert_string_equal(json_string_value(json_array_get(json_object_get(n, "Promotions"), 0)),
                        "PROMO1");
}

/* Binding without a destination validates and normalises only; without norm, binds only. */
static void test_no_dst_no_norm(void **state)
{
    fixture *f = *state;
    ks_err e;
    json_t *in = parse("{\"Name\": \"a\", \"Qty\": \"3\", \"Tags\": \"x\"}");
    json_t *norm = NULL;
    assert_ok(ks_bind_object(&norm, NULL, f->a, &t_obj_schema, in, "", &e), e);
    assert_non_null(norm);
    json_decref(norm);
    t_obj o = {0};
    assert_ok(ks_bind_object(NULL, &o, f->a, &t_obj_schema, in, "", &e), e);
    assert_int_equal(o.qty, 3);
    assert_int_equal(o.n_tags, 1);
    json_decref(in);
    /* a single field, with the path given by the caller */
    static const ks_field code = {"LeadCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = 10};
    assert_err(ks_bind_field(NULL, NULL, f->a, &code, NULL, "LeadCode", &e), e,
               KS_E_PARAMETER_MISSING);
    assert_non_null(strstr(e.msg, "LeadCode"));
    json_t *s = json_string("ABC");
    assert_ok(ks_bind_field(&norm, NULL, f->a, &code, s, "LeadCode", &e), e);
    assert_true(json_equal(norm, s));
    json_decref(norm);
    json_decref(s);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_required),
        T(test_lead_required),
        T(test_int),
        T(test_bool),
        T(test_decimal),
        T(test_string),
        T(test_maxlen),
        T(test_formats),
        T(test_enums),
        T(test_int_range),
        T(test_one_or_many),
        T(test_php_arrays),
        T(test_empty_array_as_object),
        T(test_members),
        T(test_secret),
        T(test_present_flags),
        T(test_present_flag_on_array),
        T(test_lead_binding),
        T(test_no_dst_no_norm),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
