/* sql_catalog.c — the catalog: tax categories, currency settings, products (with
 * prices, option groups and upgrade paths), pricing option groups, promotions (with coupons)
 * and cross-sell campaigns. Each object is one row of indexed columns plus the document the
 * client sent, and child rows for its lists; writes are one transaction. Amounts and
 * percentages are stored as ks_dec integers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sql_int.h"

/* --- helpers ----------------------------------------------------------------------------- */

/* Prepares sql, binds the arguments described by fmt ('i' int64_t, 'b' int, 't' text or
 * NULL), steps once and gives the statement back. Returns the step's result code, or
 * SQ_STEP_ERROR when the statement cannot be prepared. With id, sql is an INSERT ... RETURNING
 * id: its row sets *id and counts as SQ_DONE. */
static int vrun(sq_conn *db, int64_t *id, const char *sql, const char *fmt, va_list ap)
{
    sq_stmt *st = sq_prep(db, sql);
    if (!st)
        return SQ_STEP_ERROR;
    for (int i = 1; *fmt; fmt++, i++) {
        switch (*fmt) {
        case 'i': sq_bind_int(st, i, va_arg(ap, int64_t)); break;
        case 'b': sq_bind_int(st, i, va_arg(ap, int)); break;
        default: sq_bind_text(st, i, va_arg(ap, const char *)); break;
        }
    }
    int r = id ? sq_step_id(st, id) : sq_step(st);
    sq_finish(st);
    return id && r == SQ_ROW ? SQ_DONE : r;
}

static int run(sq_conn *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vrun(db, NULL, sql, fmt, ap);
    va_end(ap);
    return r;
}

/* run of an INSERT ... RETURNING id, the new row's id in *id. */
static int run_id(sq_conn *db, int64_t *id, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vrun(db, id, sql, fmt, ap);
    va_end(ap);
    return r;
}

/* The text column i of the rows of a one-column query on an owner id, as an arena array. */
static void read_code(ks_arena *a, sq_stmt *st, void *elem)
{
    *(const char **)elem = sq_col_text(a, st, 0);
}

static int read_codes(sq_conn *db, ks_arena *a, const char *sql, int64_t owner, const char ***out,
                      size_t *n)
{
    return sq_children(db, a, sql, owner, sizeof **out, read_code, (void **)out, n);
}

static int write_codes(sq_conn *db, const char *sql, int64_t owner, const char *const *codes,
                       size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (run(db, sql, "iit", owner, (int64_t)i, codes[i]) != SQ_DONE)
            return -1;
    return 0;
}

/* One object's row (and children) into the element at out. */
typedef sq_row_fn row_reader;

typedef struct {
    const char *sql;
    int64_t vendor_id;
    const char *code;
    row_reader read;
    void *out;
    ks_errcode not_found;
    const char *kind;
} get_arg;

static int get_body(sq_tx *tx, void *arg)
{
    get_arg *x = arg;
    sq_stmt *st;
    int rc = sq_row_by_code(tx, &st, x->sql, x->vendor_id, x->code, x->not_found, x->kind);
    if (rc)
        return rc;
    return x->read(tx, tx->a, st, x->out, NULL);
}

/* One object by code: sql binds ?1 the vendor and ?2 the code. */
static int get_one(ks_store *base, ks_arena *a, const char *what, const char *sql,
                   int64_t vendor_id, const char *code, row_reader read, void *out,
                   ks_errcode not_found, const char *kind, ks_err *err)
{
    get_arg x = {sql, vendor_id, code, read, out, not_found, kind};
    return sq_read(base, a, what, get_body, &x, err);
}

/* Inserts (*id == 0: sets *id) or rewrites row *id of an object, children included. SQ_OK,
 * SQ_DB, or SQ_REFUSED (a code taken). */
typedef int (*obj_writer)(sq_tx *tx, int64_t vendor_id, int64_t *id, const void *obj);

typedef struct {
    const char *table; /* replace: where the code is looked up */
    ks_errcode not_found;
    const char *kind;
    int64_t vendor_id;
    const char *code;
    const void *obj;
    obj_writer write;
    int64_t id;
} put_arg;

static int put_body(sq_tx *tx, void *arg)
{
    put_arg *x = arg;
    if (x->table) {
        int found = sq_id_of(tx->db, x->table, x->vendor_id, x->code, &x->id);
        if (found < 0)
            return SQ_DB;
        if (!found)
            return sq_refuse(tx, x->not_found, "%s '%.64s' not found", x->kind, x->code);
    }
    return x->write(tx, x->vendor_id, &x->id, x->obj);
}

/* Writes a new object (table NULL), or replaces the vendor's object of that code in table, in
 * one write transaction. *id (may be NULL) receives its row id. */
static int put(ks_store *base, const char *what, const char *table, ks_errcode not_found,
               const char *kind, int64_t vendor_id, const char *code, const void *obj,
               obj_writer write, int64_t *id, ks_err *err)
{
    put_arg x = {table, not_found, kind, vendor_id, code, obj, write, 0};
    int rc = sq_write(base, NULL, what, put_body, &x, err);
    if (rc == 0 && id)
        *id = x.id;
    return rc;
}

/* A search of table: one page of rows ordered by id (sq_search). */
static int search(ks_store *base, ks_arena *a, const char *what, const char *table,
                  const char *cols, const sq_query *where, int64_t page, int64_t limit, size_t elem,
                  row_reader read, void **out, size_t *n, int64_t *total, ks_err *err)
{
    return sq_search(base, a, what, ks_arena_printf(a, "SELECT count(*) FROM %s", table),
                     ks_arena_printf(a, "SELECT %s FROM %s", cols, table), where, "id", page, limit,
                     elem, read, out, n, total, err);
}

/* The WHERE clause every catalog search starts with. */
static void where_vendor(sq_query *w, ks_arena *a, int64_t vendor_id)
{
    sq_q_init(w, a, NULL);
    sq_q_int(w, " WHERE vendor_id = ?", vendor_id);
}

/* --- tax categories ---------------------------------------------------------------------- */

int sq_tax_categories_write(sq_conn *db, int64_t vendor_id, const ks_tax_category *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (run(db,
                "INSERT INTO tax_categories(vendor_id, seq, uuid, code, name, description, "
                "is_default) VALUES(?,?,?,?,?,?,?)",
                "iittttb", vendor_id, (int64_t)i, list[i].uuid, list[i].code, list[i].name,
                list[i].description, list[i].is_default) != SQ_DONE)
            return -1;
    return 0;
}

typedef struct {
    int64_t vendor_id;
    ks_tax_category **out;
    size_t *n;
} tax_list_arg;

static void read_tax_category(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_tax_category *t = elem;
    t->uuid = sq_col_text(a, st, 0);
    t->code = sq_col_text(a, st, 1);
    t->name = sq_col_text(a, st, 2);
    t->description = sq_col_text(a, st, 3);
    t->is_default = sq_col_int(st, 4);
}

static int tax_categories_list(sq_tx *tx, void *arg)
{
    tax_list_arg *x = arg;
    return sq_children(tx->db, tx->a,
                       "SELECT uuid, code, name, description, is_default FROM "
                       "tax_categories WHERE vendor_id = ? ORDER BY is_default "
                       "DESC, seq",
                       x->vendor_id, sizeof **x->out, read_tax_category, (void **)x->out, x->n);
}

int sq_tax_categories_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_tax_category **out,
                           size_t *n, ks_err *err)
{
    tax_list_arg x = {vendor_id, out, n};
    *n = 0;
    return sq_read(base, a, "tax_categories_list", tax_categories_list, &x, err);
}

/* --- currency settings ------------------------------------------------------------------- */

typedef struct {
    int64_t vendor_id;
    ks_currency_settings *out;
    const char *base_currency;
    int set_rates;
    const ks_fx_rate *rates;
    size_t n;
} currency_arg;

static int currency_get(sq_tx *tx, void *arg)
{
    currency_arg *x = arg;
    ks_currency_settings *out = x->out;
    int r;
    size_t cap = 0;
    sq_stmt *st = sq_prep(tx->db, "SELECT base_currency FROM vendor_currency WHERE vendor_id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    if ((r = sq_step(st)) == SQ_ROW)
        out->base_currency = sq_col_text(tx->a, st, 0);
    else if (r != SQ_DONE)
        return SQ_DB;
    if (!(st = sq_prep(tx->db, "SELECT currency, rate FROM vendor_fx_rates WHERE vendor_id = ? "
                               "ORDER BY currency")))
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    while ((r = sq_step(st)) == SQ_ROW) {
        out->rates = sq_grow(tx->a, out->rates, &cap, out->n_rates, sizeof *out->rates);
        ks_fx_rate *f = &out->rates[out->n_rates++];
        f->currency = sq_col_text(tx->a, st, 0);
        f->rate = sq_col_int(st, 1);
    }
    return r == SQ_DONE ? SQ_OK : SQ_DB;
}

int sq_currency_get(ks_store *base, ks_arena *a, int64_t vendor_id, ks_currency_settings *out,
                    ks_err *err)
{
    currency_arg x = {vendor_id, out, NULL, 0, NULL, 0};
    memset(out, 0, sizeof *out);
    return sq_read(base, a, "currency_get", currency_get, &x, err);
}

static int currency_set(sq_tx *tx, void *arg)
{
    currency_arg *x = arg;
    sq_conn *db = tx->db;
    if (x->base_currency &&
        run(db,
            "INSERT INTO vendor_currency(vendor_id, base_currency) VALUES(?,?) ON CONFLICT("
            "vendor_id) DO UPDATE SET base_currency = excluded.base_currency",
            "it", x->vendor_id, x->base_currency) != SQ_DONE)
        return SQ_DB;
    if (x->set_rates) {
        if (run(db, "DELETE FROM vendor_fx_rates WHERE vendor_id = ?", "i", x->vendor_id) !=
            SQ_DONE)
            return SQ_DB;
        for (size_t i = 0; i < x->n; i++)
            if (run(db, "INSERT INTO vendor_fx_rates(vendor_id, currency, rate) VALUES(?,?,?)",
                    "iti", x->vendor_id, x->rates[i].currency,
                    (int64_t)x->rates[i].rate) != SQ_DONE)
                return SQ_DB;
    }
    return SQ_OK;
}

int sq_currency_set(ks_store *base, int64_t vendor_id, const char *base_currency, int set_rates,
                    const ks_fx_rate *rates, size_t n, ks_err *err)
{
    currency_arg x = {vendor_id, NULL, base_currency, set_rates, rates, n};
    return sq_write(base, NULL, "currency_set", currency_set, &x, err);
}

/* --- products ---------------------------------------------------------------------------- */

#define PRODUCT_COLS                                                                               \
    "id, code, name, type, version, sku, tangible, enabled, tax_category, "                        \
    "generates_subscription, config_name, price_type, default_currency, has_subscription, "        \
    "billing_cycle, billing_cycle_units, one_time_fee, lifetime, has_contract, contract_period, "  \
    "contract_units, contract_unlimited, contract_action, trial_period, trial_price, created, "    \
    "updated, doc"

static int write_product_children(sq_conn *db, int64_t id, const ks_product *p)
{
    const ks_pricing_config *pc = &p->pricing[0];
    const ks_product_prices *pr = pc->prices;
    for (int renewal = 0; renewal < 2; renewal++) {
        const ks_price_tier *t = renewal ? pr->renewal : pr->regular;
        size_t n = renewal ? pr->n_renewal : pr->n_regular;
        for (size_t i = 0; i < n; i++)
            if (run(db,
                    "INSERT INTO product_prices(product_id, renewal, seq, currency, amount, "
                    "min_qty, max_qty) VALUES(?,?,?,?,?,?,?)",
                    "ibitiii", id, renewal, (int64_t)i, t[i].currency, (int64_t)t[i].amount,
                    t[i].min_qty, t[i].max_qty) != SQ_DONE)
                return -1;
    }
    for (size_t i = 0; i < pc->n_options; i++)
        if (run(db,
                "INSERT INTO product_option_groups(product_id, seq, group_code, required) "
                "VALUES(?,?,?,?)",
                "iitb", id, (int64_t)i, pc->options[i].code, pc->options[i].required) != SQ_DONE)
            return -1;
    return write_codes(db, "INSERT INTO product_upgrades(product_id, seq, code) VALUES(?,?,?)", id,
                       p->upgrades, p->n_upgrades);
}

/* Binds the product's columns 1..26 in the order of the INSERT / UPDATE below. */
static void bind_product(sq_stmt *st, const ks_product *p)
{
    const ks_pricing_config *pc = &p->pricing[0];
    const ks_subscription_info *si = p->subscription;
    const ks_contract_period *cp = si ? si->contract : NULL;
    sq_bind_text(st, 1, p->name);
    sq_bind_text(st, 2, p->type);
    sq_bind_text(st, 3, p->version);
    sq_bind_text(st, 4, p->sku);
    sq_bind_int(st, 5, p->tangible);
    sq_bind_int(st, 6, p->enabled);
    sq_bind_text(st, 7, p->tax_category);
    sq_bind_int(st, 8, p->generates_subscription);
    sq_bind_text(st, 9, pc->name);
    sq_bind_text(st, 10, pc->price_type);
    sq_bind_text(st, 11, pc->default_currency);
    sq_bind_int(st, 12, si != NULL);
    sq_bind_int(st, 13, si ? si->billing_cycle : 0);
    sq_bind_text(st, 14, si ? si->billing_cycle_units : NULL);
    sq_bind_int(st, 15, si ? si->is_one_time_fee : 0);
    sq_bind_int(st, 16, si ? si->lifetime : 0);
    sq_bind_int(st, 17, cp != NULL);
    sq_bind_int(st, 18, cp ? cp->period : 0);
    sq_bind_text(st, 19, cp ? cp->units : NULL);
    sq_bind_int(st, 20, cp ? cp->is_unlimited : 0);
    sq_bind_text(st, 21, cp ? cp->action : NULL);
    sq_bind_int(st, 22, si ? si->trial_period : 0);
    if (si && si->has_trial_price)
        sq_bind_int(st, 23, si->trial_price);
    else
        sq_bind_text(st, 23, NULL);
    sq_bind_int(st, 24, p->created);
    sq_bind_int(st, 25, p->updated);
    sq_bind_text(st, 26, p->doc);
}

static int write_product(sq_tx *tx, int64_t vendor_id, int64_t *id, const void *obj)
{
    const ks_product *p = obj;
    sq_conn *db = tx->db;
    sq_stmt *st;
    if (*id == 0) {
        st = sq_prep(
            db, "INSERT INTO products(name, type, version, sku, tangible, enabled, "
                "tax_category, generates_subscription, config_name, price_type, "
                "default_currency, has_subscription, billing_cycle, "
                "billing_cycle_units, one_time_fee, lifetime, has_contract, "
                "contract_period, contract_units, contract_unlimited, contract_action, "
                "trial_period, trial_price, created, updated, doc, vendor_id, code) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
        if (!st)
            return SQ_DB;
        bind_product(st, p);
        sq_bind_int(st, 27, vendor_id);
        sq_bind_text(st, 28, p->code);
        int r = sq_step_id(st, id);
        if (r == SQ_CONSTRAINT)
            return sq_refuse(tx, KS_E_PRODUCT_CODE_DUPLICATE,
                             "A product with ProductCode '%.64s' already exists", p->code);
        if (r != SQ_ROW)
            return SQ_DB;
        sq_finish(st);
        return write_product_children(db, *id, p) ? SQ_DB : SQ_OK;
    }
    st = sq_prep(db, "UPDATE products SET name=?, type=?, version=?, sku=?, tangible=?, "
                     "enabled=?, tax_category=?, generates_subscription=?, config_name=?, "
                     "price_type=?, default_currency=?, has_subscription=?, billing_cycle=?, "
                     "billing_cycle_units=?, one_time_fee=?, lifetime=?, has_contract=?, "
                     "contract_period=?, contract_units=?, contract_unlimited=?, "
                     "contract_action=?, trial_period=?, trial_price=?, created=?, updated=?, "
                     "doc=? WHERE id=?");
    if (!st)
        return SQ_DB;
    bind_product(st, p);
    sq_bind_int(st, 27, *id);
    if (sq_step_done(st) ||
        run(db, "DELETE FROM product_prices WHERE product_id = ?", "i", *id) != SQ_DONE ||
        run(db, "DELETE FROM product_option_groups WHERE product_id = ?", "i", *id) != SQ_DONE ||
        run(db, "DELETE FROM product_upgrades WHERE product_id = ?", "i", *id) != SQ_DONE ||
        write_product_children(db, *id, p))
        return SQ_DB;
    return SQ_OK;
}

int sq_product_insert(ks_store *base, int64_t vendor_id, ks_product *p, ks_err *err)
{
    return put(base, "product_insert", NULL, 0, NULL, vendor_id, p->code, p, write_product, &p->id,
               err);
}

int sq_product_replace(ks_store *base, int64_t vendor_id, const ks_product *p, ks_err *err)
{
    return put(base, "product_replace", "products", KS_E_PRODUCT_NOT_FOUND, "Product", vendor_id,
               p->code, p, write_product, NULL, err);
}

static void read_option_ref(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_option_ref *o = elem;
    o->code = sq_col_text(a, st, 0);
    o->required = sq_col_int(st, 1);
}

static int read_product(sq_tx *tx, ks_arena *a, sq_stmt *st, void *out, void *arg)
{
    sq_conn *db = tx->db;
    (void)arg;
    int rc = -1, r;
    ks_product *p = out;
    sq_stmt *c = NULL;
    memset(p, 0, sizeof *p);
    p->id = sq_col_int(st, 0);
    p->code = sq_col_text(a, st, 1);
    p->name = sq_col_text(a, st, 2);
    p->type = sq_col_text(a, st, 3);
    p->version = sq_col_text(a, st, 4);
    p->sku = sq_col_text(a, st, 5);
    p->tangible = sq_col_int(st, 6);
    p->enabled = sq_col_int(st, 7);
    p->has_enabled = 1;
    p->tax_category = p->tax_category_uuid = sq_col_text(a, st, 8);
    p->generates_subscription = sq_col_int(st, 9);
    p->has_generates_subscription = 1;
    ks_pricing_config *pc = ks_arena_alloc(a, sizeof *pc);
    ks_product_prices *pr = ks_arena_alloc(a, sizeof *pr);
    p->pricing = pc;
    p->n_pricing = 1;
    pc->prices = pr;
    pc->name = sq_col_text(a, st, 10);
    pc->price_type = sq_col_text(a, st, 11);
    pc->default_currency = sq_col_text(a, st, 12);
    if (sq_col_int(st, 13)) {
        ks_subscription_info *si = ks_arena_alloc(a, sizeof *si);
        si->billing_cycle = sq_col_int(st, 14);
        si->billing_cycle_units = sq_col_text(a, st, 15);
        si->is_one_time_fee = sq_col_int(st, 16);
        si->lifetime = sq_col_int(st, 17);
        if (sq_col_int(st, 18)) {
            ks_contract_period *cp = ks_arena_alloc(a, sizeof *cp);
            cp->period = sq_col_int(st, 19);
            cp->units = sq_col_text(a, st, 20);
            cp->is_unlimited = sq_col_int(st, 21);
            cp->action = sq_col_text(a, st, 22);
            si->contract = cp;
        }
        si->trial_period = sq_col_int(st, 23);
        si->has_trial_price = !sq_col_null(st, 24);
        si->trial_price = sq_col_int(st, 24);
        p->subscription = si;
    }
    p->created = sq_col_int(st, 25);
    p->updated = sq_col_int(st, 26);
    p->doc = sq_col_text(a, st, 27);

    size_t cap[2] = {0, 0};
    if (!(c = sq_prep(db, "SELECT renewal, currency, amount, min_qty, max_qty FROM "
                          "product_prices WHERE product_id = ? ORDER BY renewal, seq")))
        goto done;
    sq_bind_int(c, 1, p->id);
    while ((r = sq_step(c)) == SQ_ROW) {
        int renewal = sq_col_int(c, 0);
        ks_price_tier **list = renewal ? &pr->renewal : &pr->regular;
        size_t *n = renewal ? &pr->n_renewal : &pr->n_regular;
        *list = sq_grow(a, *list, &cap[renewal], *n, sizeof **list);
        ks_price_tier *t = &(*list)[(*n)++];
        t->currency = sq_col_text(a, c, 1);
        t->amount = sq_col_int(c, 2);
        t->min_qty = sq_col_int(c, 3);
        t->max_qty = sq_col_int(c, 4);
    }
    if (r != SQ_DONE)
        goto done;
    sq_finish(c);
    c = NULL;
    if (sq_children(db, a,
                    "SELECT group_code, required FROM product_option_groups WHERE "
                    "product_id = ? ORDER BY seq",
                    p->id, sizeof *pc->options, read_option_ref, (void **)&pc->options,
                    &pc->n_options) ||
        read_codes(db, a, "SELECT code FROM product_upgrades WHERE product_id = ? ORDER BY seq",
                   p->id, &p->upgrades, &p->n_upgrades))
        goto done;
    rc = 0;
done:
    sq_finish(c);
    return rc;
}

int sq_product_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                   ks_product *out, ks_err *err)
{
    return get_one(base, a, "product_get",
                   "SELECT " PRODUCT_COLS " FROM products WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_product, out, KS_E_PRODUCT_NOT_FOUND, "Product", err);
}

typedef struct {
    int64_t vendor_id;
    const char *code;
    int enabled;
    ks_time now;
} set_enabled_arg;

static int product_set_enabled(sq_tx *tx, void *arg)
{
    set_enabled_arg *x = arg;
    if (run(tx->db, "UPDATE products SET enabled = ?, updated = ? WHERE vendor_id = ? AND code = ?",
            "biit", x->enabled, x->now, x->vendor_id, x->code) != SQ_DONE)
        return SQ_DB;
    if (sq_changes(tx->db) == 0)
        return sq_refuse(tx, KS_E_PRODUCT_NOT_FOUND, "Product '%.64s' not found", x->code);
    return SQ_OK;
}

int sq_product_set_enabled(ks_store *base, int64_t vendor_id, const char *code, int enabled,
                           ks_time now, ks_err *err)
{
    set_enabled_arg x = {vendor_id, code, enabled, now};
    return sq_write(base, NULL, "product_set_enabled", product_set_enabled, &x, err);
}

int sq_product_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_product_query *q,
                      ks_product **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_query w;
    where_vendor(&w, a, vendor_id);
    if (q->name)
        sq_q_text(&w, " AND instr(lower(name), lower(?)) > 0", q->name);
    sq_q_in(&w, "code", q->codes, q->n_codes, NULL);
    sq_q_in(&w, "type", q->types, q->n_types, NULL);
    if (q->has_enabled)
        sq_q_int(&w, " AND enabled = ?", q->enabled);
    return search(base, a, "product_search", "products", PRODUCT_COLS, &w, q->page, q->limit,
                  sizeof(ks_product), read_product, (void **)out, n, total, err);
}

/* --- pricing option groups --------------------------------------------------------------- */

#define GROUP_COLS "id, code, name, type, required, created, updated, doc"

static int write_group_children(sq_conn *db, int64_t id, const ks_option_group *g)
{
    for (size_t i = 0; i < g->n_options; i++) {
        const ks_price_option *o = &g->options[i];
        const ks_price_impact *im = o->impact;
        if (run(db,
                "INSERT INTO option_group_options(group_id, seq, code, name, description, "
                "is_default, has_scale, scale_min, scale_max, has_impact, impact_on, method, "
                "percent, impact) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                "iitttbbiibttit", id, (int64_t)i, o->code, o->name, o->description, o->is_default,
                o->has_scale_min && o->has_scale_max, o->scale_min, o->scale_max, im != NULL,
                im ? im->impact_on : NULL, im ? im->method : NULL, (int64_t)(im ? im->percent : 0),
                im ? im->impact : NULL) != SQ_DONE)
            return -1;
        for (size_t k = 0; im && k < im->n_amounts; k++)
            if (run(db,
                    "INSERT INTO option_amounts(group_id, option_seq, seq, currency, amount) "
                    "VALUES(?,?,?,?,?)",
                    "iiiti", id, (int64_t)i, (int64_t)k, im->amounts[k].currency,
                    (int64_t)im->amounts[k].amount) != SQ_DONE)
                return -1;
    }
    return 0;
}

/* Inserts (id == 0) or rewrites row id of option_groups, and its options. */
static int write_group(sq_tx *tx, int64_t vendor_id, int64_t *idp, const void *obj)
{
    const ks_option_group *g = obj;
    sq_conn *db = tx->db;
    int64_t id = *idp;
    int r;
    if (id == 0) {
        r = run_id(db, &id,
                   "INSERT INTO option_groups(vendor_id, code, name, type, required, created, "
                   "updated, doc) VALUES(?,?,?,?,?,?,?,?) RETURNING id",
                   "itttbiit", vendor_id, g->code, g->name, g->type, g->required, g->created,
                   g->updated, g->doc);
        if (r == SQ_CONSTRAINT)
            return sq_refuse(tx, KS_E_PRICE_OPTION_GROUP_DUPLICATE,
                             "A pricing option group with Code '%.64s' already exists", g->code);
        *idp = id;
    } else {
        r = run(db,
                "UPDATE option_groups SET name=?, type=?, required=?, created=?, updated=?, "
                "doc=? WHERE id=?",
                "ttbiiti", g->name, g->type, g->required, g->created, g->updated, g->doc, id);
        if (r == SQ_DONE &&
            (run(db, "DELETE FROM option_amounts WHERE group_id = ?", "i", id) != SQ_DONE ||
             run(db, "DELETE FROM option_group_options WHERE group_id = ?", "i", id) != SQ_DONE))
            r = SQ_STEP_ERROR;
    }
    if (r != SQ_DONE || write_group_children(db, id, g))
        return SQ_DB;
    return SQ_OK;
}

int sq_option_group_insert(ks_store *base, int64_t vendor_id, const ks_option_group *g, ks_err *err)
{
    return put(base, "option_group_insert", NULL, 0, NULL, vendor_id, g->code, g, write_group, NULL,
               err);
}

int sq_option_group_replace(ks_store *base, int64_t vendor_id, const ks_option_group *g,
                            ks_err *err)
{
    return put(base, "option_group_replace", "option_groups", KS_E_PRICE_OPTION_GROUP_NOT_FOUND,
               "Pricing option group", vendor_id, g->code, g, write_group, NULL, err);
}

static void read_price_option(ks_arena *a, sq_stmt *c, void *elem)
{
    ks_price_option *o = elem;
    o->code = o->value = sq_col_text(a, c, 0);
    o->name = sq_col_text(a, c, 1);
    o->description = sq_col_text(a, c, 2);
    o->is_default = sq_col_int(c, 3);
    o->has_scale_min = o->has_scale_max = sq_col_int(c, 4);
    o->scale_min = sq_col_int(c, 5);
    o->scale_max = sq_col_int(c, 6);
    if (sq_col_int(c, 7)) {
        ks_price_impact *im = ks_arena_alloc(a, sizeof *im);
        memset(im, 0, sizeof *im);
        im->impact_on = sq_col_text(a, c, 8);
        im->method = sq_col_text(a, c, 9);
        im->percent = sq_col_int(c, 10);
        im->impact = sq_col_text(a, c, 11);
        o->impact = im;
    }
}

static int read_group(sq_tx *tx, ks_arena *a, sq_stmt *st, void *out, void *arg)
{
    sq_conn *db = tx->db;
    (void)arg;
    int rc = -1, r;
    ks_option_group *g = out;
    sq_stmt *c = NULL;
    memset(g, 0, sizeof *g);
    int64_t id = sq_col_int(st, 0);
    g->code = sq_col_text(a, st, 1);
    g->name = sq_col_text(a, st, 2);
    g->type = sq_col_text(a, st, 3);
    g->required = sq_col_int(st, 4);
    g->has_required = 1;
    g->created = sq_col_int(st, 5);
    g->updated = sq_col_int(st, 6);
    g->doc = sq_col_text(a, st, 7);
    if (sq_children(db, a,
                    "SELECT code, name, description, is_default, has_scale, scale_min, "
                    "scale_max, has_impact, impact_on, method, percent, impact FROM "
                    "option_group_options WHERE group_id = ? ORDER BY seq",
                    id, sizeof *g->options, read_price_option, (void **)&g->options, &g->n_options))
        goto done;
    if (!(c = sq_prep(db, "SELECT option_seq, currency, amount FROM option_amounts WHERE "
                          "group_id = ? ORDER BY option_seq, seq")))
        goto done;
    sq_bind_int(c, 1, id);
    int64_t last = -1;
    size_t acap = 0;
    while ((r = sq_step(c)) == SQ_ROW) {
        int64_t k = sq_col_int(c, 0);
        if (k < 0 || (size_t)k >= g->n_options || !g->options[k].impact)
            continue;
        ks_price_impact *im = (ks_price_impact *)g->options[k].impact;
        if (k != last)
            acap = 0;
        last = k;
        im->amounts = sq_grow(a, im->amounts, &acap, im->n_amounts, sizeof *im->amounts);
        im->amounts[im->n_amounts].currency = sq_col_text(a, c, 1);
        im->amounts[im->n_amounts++].amount = sq_col_int(c, 2);
    }
    if (r != SQ_DONE)
        goto done;
    rc = 0;
done:
    sq_finish(c);
    return rc;
}

int sq_option_group_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                        ks_option_group *out, ks_err *err)
{
    return get_one(base, a, "option_group_get",
                   "SELECT " GROUP_COLS " FROM option_groups WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_group, out, KS_E_PRICE_OPTION_GROUP_NOT_FOUND,
                   "Pricing option group", err);
}

int sq_option_group_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const ks_option_group_query *q, ks_option_group **out, size_t *n,
                           int64_t *total, ks_err *err)
{
    sq_query w;
    where_vendor(&w, a, vendor_id);
    if (q->name)
        sq_q_text(&w, " AND instr(lower(name), lower(?)) > 0", q->name);
    sq_q_in(&w, "type", q->types, q->n_types, NULL);
    return search(base, a, "option_group_search", "option_groups", GROUP_COLS, &w, q->page,
                  q->limit, sizeof(ks_option_group), read_group, (void **)out, n, total, err);
}

/* --- promotions -------------------------------------------------------------------------- */

#define PROMOTION_COLS                                                                             \
    "id, code, name, description, type, channel_type, enabled, start_date, end_date, "             \
    "max_orders, used_orders, coupon_type, discount_type, discount_value, default_currency, "      \
    "created, updated, doc"

/* Inserts (id == 0) or rewrites row id of promotions, with coupons, amounts and products. */
static int write_promotion(sq_tx *tx, int64_t vendor_id, int64_t *idp, const void *obj)
{
    const ks_promotion *p = obj;
    sq_conn *db = tx->db;
    int64_t id = *idp;
    const ks_coupon *c = p->coupon;
    const ks_discount *d = p->discount;
    int r;
    if (id == 0) {
        r = run_id(db, &id,
                   "INSERT INTO promotions(vendor_id, code, name, description, type, channel_type, "
                   "enabled, start_date, end_date, max_orders, coupon_type, discount_type, "
                   "discount_value, default_currency, created, updated, doc) "
                   "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                   "itttttbttittitiit", vendor_id, p->code, p->name, p->description, p->type,
                   p->channel_type, p->enabled, p->start_date, p->end_date, p->max_orders, c->type,
                   d->type, (int64_t)d->value, d->default_currency, p->created, p->updated, p->doc);
        if (r == SQ_CONSTRAINT)
            return sq_refuse(tx, KS_E_PROMOTION_CODE_DUPLICATE,
                             "A promotion with code '%.64s' already exists", p->code);
        *idp = id;
    } else {
        r = run(db,
                "UPDATE promotions SET name=?, description=?, type=?, channel_type=?, "
                "enabled=?, start_date=?, end_date=?, max_orders=?, coupon_type=?, "
                "discount_type=?, discount_value=?, default_currency=?, created=?, updated=?, "
                "doc=? WHERE id=?",
                "ttttbttittitiiti", p->name, p->description, p->type, p->channel_type, p->enabled,
                p->start_date, p->end_date, p->max_orders, c->type, d->type, (int64_t)d->value,
                d->default_currency, p->created, p->updated, p->doc, id);
        if (r == SQ_DONE &&
            (run(db, "DELETE FROM promotion_coupons WHERE promotion_id = ?", "i", id) != SQ_DONE ||
             run(db, "DELETE FROM promotion_amounts WHERE promotion_id = ?", "i", id) != SQ_DONE ||
             run(db, "DELETE FROM promotion_products WHERE promotion_id = ?", "i", id) != SQ_DONE))
            r = SQ_STEP_ERROR;
    }
    if (r != SQ_DONE)
        return SQ_DB;
    for (size_t i = 0; i < c->n_codes; i++) {
        r = run(db,
                "INSERT INTO promotion_coupons(vendor_id, code, promotion_id, seq) "
                "VALUES(?,?,?,?)",
                "itii", vendor_id, c->codes[i], id, (int64_t)i);
        if (r == SQ_CONSTRAINT)
            return sq_refuse(tx, KS_E_PROMOTION_COUPON_DUPLICATE,
                             "Coupon code '%.64s' already belongs to another promotion",
                             c->codes[i]);
        if (r != SQ_DONE)
            return SQ_DB;
    }
    for (size_t i = 0; i < d->n_values; i++)
        if (run(db,
                "INSERT INTO promotion_amounts(promotion_id, seq, currency, amount) "
                "VALUES(?,?,?,?)",
                "iiti", id, (int64_t)i, d->values[i].currency,
                (int64_t)d->values[i].amount) != SQ_DONE)
            return SQ_DB;
    for (size_t i = 0; i < p->n_products; i++)
        if (run(db, "INSERT INTO promotion_products(promotion_id, seq, code) VALUES(?,?,?)", "iit",
                id, (int64_t)i, p->products[i].code) != SQ_DONE)
            return SQ_DB;
    return 0;
}

int sq_promotion_insert(ks_store *base, int64_t vendor_id, const ks_promotion *p, ks_err *err)
{
    return put(base, "promotion_insert", NULL, 0, NULL, vendor_id, p->code, p, write_promotion,
               NULL, err);
}

int sq_promotion_replace(ks_store *base, int64_t vendor_id, const ks_promotion *p, ks_err *err)
{
    return put(base, "promotion_replace", "promotions", KS_E_PROMOTION_NOT_FOUND, "Promotion",
               vendor_id, p->code, p, write_promotion, NULL, err);
}

static int read_promotion(sq_tx *tx, ks_arena *a, sq_stmt *st, void *out, void *arg)
{
    sq_conn *db = tx->db;
    (void)arg;
    int rc = -1, r;
    ks_promotion *p = out;
    sq_stmt *c = NULL;
    size_t cap = 0;
    memset(p, 0, sizeof *p);
    int64_t id = sq_col_int(st, 0);
    ks_coupon *cp = ks_arena_alloc(a, sizeof *cp);
    ks_discount *d = ks_arena_alloc(a, sizeof *d);
    p->code = sq_col_text(a, st, 1);
    p->name = sq_col_text(a, st, 2);
    p->description = sq_col_text(a, st, 3);
    p->type = sq_col_text(a, st, 4);
    p->channel_type = sq_col_text(a, st, 5);
    p->enabled = sq_col_int(st, 6);
    p->has_enabled = 1;
    p->start_date = sq_col_text(a, st, 7);
    p->end_date = sq_col_text(a, st, 8);
    p->max_orders = sq_col_int(st, 9);
    p->used_orders = sq_col_int(st, 10);
    cp->type = sq_col_text(a, st, 11);
    d->type = sq_col_text(a, st, 12);
    d->value = sq_col_int(st, 13);
    d->has_value = strcmp(d->type, "PERCENT") == 0;
    d->default_currency = sq_col_text(a, st, 14);
    p->created = sq_col_int(st, 15);
    p->updated = sq_col_int(st, 16);
    p->doc = sq_col_text(a, st, 17);
    p->coupon = cp;
    p->discount = d;
    if (read_codes(db, a, "SELECT code FROM promotion_coupons WHERE promotion_id = ? ORDER BY seq",
                   id, &cp->codes, &cp->n_codes))
        goto done;
    if (strcmp(cp->type, "SINGLE") == 0 && cp->n_codes)
        cp->code = cp->codes[0];
    if (!(c = sq_prep(db, "SELECT currency, amount FROM promotion_amounts WHERE promotion_id = ? "
                          "ORDER BY seq")))
        goto done;
    sq_bind_int(c, 1, id);
    while ((r = sq_step(c)) == SQ_ROW) {
        d->values = sq_grow(a, d->values, &cap, d->n_values, sizeof *d->values);
        d->values[d->n_values].currency = sq_col_text(a, c, 0);
        d->values[d->n_values++].amount = sq_col_int(c, 1);
    }
    if (r != SQ_DONE)
        goto done;
    const char **codes;
    size_t n;
    if (read_codes(db, a, "SELECT code FROM promotion_products WHERE promotion_id = ? ORDER BY seq",
                   id, &codes, &n))
        goto done;
    p->products = ks_arena_alloc(a, (n + 1) * sizeof *p->products);
    for (size_t i = 0; i < n; i++)
        p->products[i].code = codes[i];
    p->n_products = n;
    rc = 0;
done:
    sq_finish(c);
    return rc;
}

int sq_promotion_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                     ks_promotion *out, ks_err *err)
{
    return get_one(base, a, "promotion_get",
                   "SELECT " PROMOTION_COLS " FROM promotions WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_promotion, out, KS_E_PROMOTION_NOT_FOUND, "Promotion",
                   err);
}

int sq_promotion_by_coupon(ks_store *base, ks_arena *a, int64_t vendor_id, const char *coupon,
                           ks_promotion *out, ks_err *err)
{
    return get_one(base, a, "promotion_by_coupon",
                   "SELECT " PROMOTION_COLS " FROM promotions WHERE id = (SELECT promotion_id "
                   "FROM promotion_coupons WHERE vendor_id = ?1 AND code = ?2) AND "
                   "vendor_id = ?1",
                   vendor_id, coupon, read_promotion, out, KS_E_PROMOTION_CODE_INVALID,
                   "Promotion coupon code", err);
}

int sq_promotion_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_promotion_query *q,
                        ks_promotion **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_query w;
    where_vendor(&w, a, vendor_id);
    /* a promotion without products applies to every product */
    if (q->product_code)
        sq_q_text(&w,
                  " AND (id IN (SELECT promotion_id FROM promotion_products WHERE code = ?) "
                  "OR NOT EXISTS (SELECT 1 FROM promotion_products pp WHERE "
                  "pp.promotion_id = promotions.id))",
                  q->product_code);
    if (q->n_coupons) {
        sq_q_int(&w, " AND id IN (SELECT promotion_id FROM promotion_coupons WHERE vendor_id = ?",
                 vendor_id);
        sq_q_in(&w, "code", q->coupons, q->n_coupons, NULL);
        sq_q_sql(&w, ")");
    }
    if (q->has_enabled)
        sq_q_int(&w, " AND enabled = ?", q->enabled);
    return search(base, a, "promotion_search", "promotions", PROMOTION_COLS, &w, q->page, q->limit,
                  sizeof(ks_promotion), read_promotion, (void **)out, n, total, err);
}

/* --- cross-sell campaigns ---------------------------------------------------------------- */

#define CROSSSELL_COLS                                                                             \
    "id, code, name, status, display_type, display_in_email, owner_type, start_date, end_date, "   \
    "created, updated, doc"

static int write_crosssell(sq_tx *tx, int64_t vendor_id, int64_t *idp, const void *obj)
{
    const ks_crosssell *c = obj;
    sq_conn *db = tx->db;
    int64_t id = *idp;
    int r;
    if (id == 0) {
        r = run_id(db, &id,
                   "INSERT INTO crosssell_campaigns(vendor_id, code, name, status, display_type, "
                   "display_in_email, owner_type, start_date, end_date, created, updated, doc) "
                   "VALUES(?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                   "ittttbtttiit", vendor_id, c->code, c->name, c->status, c->display_type,
                   c->display_in_email, c->owner_type, c->start_date, c->end_date, c->created,
                   c->updated, c->doc);
        if (r == SQ_CONSTRAINT)
            return sq_refuse(tx, KS_E_CROSSSELL_CAMPAIGN_DATA_INVALID,
                             "A campaign with code '%.64s' already exists", c->code);
        *idp = id;
    } else {
        r = run(db,
                "UPDATE crosssell_campaigns SET name=?, status=?, display_type=?, "
                "display_in_email=?, owner_type=?, start_date=?, end_date=?, created=?, "
                "updated=?, doc=? WHERE id=?",
                "tttbtttiiti", c->name, c->status, c->display_type, c->display_in_email,
                c->owner_type, c->start_date, c->end_date, c->created, c->updated, c->doc, id);
        if (r == SQ_DONE &&
            (run(db, "DELETE FROM crosssell_masters WHERE campaign_id = ?", "i", id) != SQ_DONE ||
             run(db, "DELETE FROM crosssell_products WHERE campaign_id = ?", "i", id) != SQ_DONE))
            r = SQ_STEP_ERROR;
    }
    if (r != SQ_DONE ||
        write_codes(db, "INSERT INTO crosssell_masters(campaign_id, seq, code) VALUES(?,?,?)", id,
                    c->masters, c->n_masters))
        return SQ_DB;
    for (size_t i = 0; i < c->n_products; i++)
        if (run(db,
                "INSERT INTO crosssell_products(campaign_id, seq, code, discount, discount_type) "
                "VALUES(?,?,?,?,?)",
                "iitit", id, (int64_t)i, c->products[i].product_code,
                (int64_t)c->products[i].discount, c->products[i].discount_type) != SQ_DONE)
            return SQ_DB;
    return SQ_OK;
}

int sq_crosssell_insert(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err)
{
    return put(base, "crosssell_insert", NULL, 0, NULL, vendor_id, c->code, c, write_crosssell,
               NULL, err);
}

int sq_crosssell_replace(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err)
{
    return put(base, "crosssell_replace", "crosssell_campaigns", KS_E_CROSSSELL_CAMPAIGN_NOT_FOUND,
               "Cross-sell campaign", vendor_id, c->code, c, write_crosssell, NULL, err);
}

static void read_crosssell_product(ks_arena *a, sq_stmt *q, void *elem)
{
    ks_crosssell_product *p = elem;
    p->product_code = sq_col_text(a, q, 0);
    p->discount = sq_col_int(q, 1);
    p->discount_type = sq_col_text(a, q, 2);
}

static int read_crosssell(sq_tx *tx, ks_arena *a, sq_stmt *st, void *out, void *arg)
{
    sq_conn *db = tx->db;
    (void)arg;
    ks_crosssell *c = out;
    memset(c, 0, sizeof *c);
    int64_t id = sq_col_int(st, 0);
    c->code = sq_col_text(a, st, 1);
    c->name = sq_col_text(a, st, 2);
    c->status = sq_col_text(a, st, 3);
    c->display_type = sq_col_text(a, st, 4);
    c->display_in_email = sq_col_int(st, 5);
    c->owner_type = sq_col_text(a, st, 6);
    c->start_date = sq_col_text(a, st, 7);
    c->end_date = sq_col_text(a, st, 8);
    c->created = sq_col_int(st, 9);
    c->updated = sq_col_int(st, 10);
    c->doc = sq_col_text(a, st, 11);
    if (read_codes(db, a, "SELECT code FROM crosssell_masters WHERE campaign_id = ? ORDER BY seq",
                   id, &c->masters, &c->n_masters))
        return SQ_DB;
    if (sq_children(db, a,
                    "SELECT code, discount, discount_type FROM crosssell_products WHERE "
                    "campaign_id = ? ORDER BY seq",
                    id, sizeof *c->products, read_crosssell_product, (void **)&c->products,
                    &c->n_products))
        return SQ_DB;
    return SQ_OK;
}

int sq_crosssell_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                     ks_crosssell *out, ks_err *err)
{
    return get_one(base, a, "crosssell_get",
                   "SELECT " CROSSSELL_COLS
                   " FROM crosssell_campaigns WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_crosssell, out, KS_E_CROSSSELL_CAMPAIGN_NOT_FOUND,
                   "Cross-sell campaign", err);
}

int sq_crosssell_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_crosssell_query *q,
                        ks_crosssell **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_query w;
    where_vendor(&w, a, vendor_id);
    if (q->name)
        sq_q_text(&w, " AND instr(lower(name), lower(?)) > 0", q->name);
    sq_q_in(&w, "status", q->statuses, q->n_statuses, NULL);
    if (q->owner_type)
        sq_q_text(&w, " AND owner_type = ?", q->owner_type);
    if (q->n_products) {
        sq_q_sql(&w, " AND id IN (SELECT campaign_id FROM crosssell_masters WHERE 1 = 1");
        sq_q_in(&w, "code", q->products, q->n_products, NULL);
        sq_q_sql(&w, ")");
    }
    if (q->n_recommended) {
        sq_q_sql(&w, " AND id IN (SELECT campaign_id FROM crosssell_products WHERE 1 = 1");
        sq_q_in(&w, "code", q->recommended, q->n_recommended, NULL);
        sq_q_sql(&w, ")");
    }
    /* campaigns that run at some time inside [StartDate, EndDate] */
    if (q->end_date)
        sq_q_text(&w, " AND (start_date IS NULL OR start_date <= ?)", q->end_date);
    if (q->start_date)
        sq_q_text(&w, " AND (end_date IS NULL OR end_date >= ?)", q->start_date);
    return search(base, a, "crosssell_search", "crosssell_campaigns", CROSSSELL_COLS, &w, q->page,
                  q->limit, sizeof(ks_crosssell), read_crosssell, (void **)out, n, total, err);
}
