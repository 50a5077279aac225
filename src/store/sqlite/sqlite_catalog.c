/* sqlite_catalog.c — the catalog in SQLite: tax categories, currency settings, products (with
 * prices, option groups and upgrade paths), pricing option groups, promotions (with coupons)
 * and cross-sell campaigns. Each object is one row of indexed columns plus the document the
 * client sent, and child rows for its lists; writes are one transaction. Amounts and
 * percentages are stored as ks_dec integers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../core/buf.h"
#include "sqlite_int.h"

/* --- helpers ----------------------------------------------------------------------------- */

/* Prepares sql, binds the arguments described by fmt ('i' int64_t, 'b' int, 't' text or
 * NULL), steps once and finalizes. Returns the step's result code, or SQLITE_ERROR when the
 * statement cannot be prepared. */
static int run(sqlite3 *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *st = sq_prep(db, sql);
    if (!st)
        return SQLITE_ERROR;
    va_start(ap, fmt);
    for (int i = 1; *fmt; fmt++, i++) {
        switch (*fmt) {
        case 'i': sqlite3_bind_int64(st, i, va_arg(ap, int64_t)); break;
        case 'b': sqlite3_bind_int(st, i, va_arg(ap, int)); break;
        default: sq_bind_text(st, i, va_arg(ap, const char *)); break;
        }
    }
    va_end(ap);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r;
}

static void *grow(ks_arena *a, void *list, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return list;
    size_t ncap = *cap ? 2 * *cap : 8;
    void *bigger = ks_arena_alloc(a, ncap * elem);
    if (n)
        memcpy(bigger, list, n * elem);
    *cap = ncap;
    return bigger;
}

/* The text column i of the rows of a one-column query on an owner id, as an arena array. */
static int read_codes(sqlite3 *db, ks_arena *a, const char *sql, int64_t owner, const char ***out,
                      size_t *n)
{
    size_t cap = 0;
    const char **list = NULL;
    int r;
    sqlite3_stmt *st = sq_prep(db, sql);
    *n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, owner);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        list = grow(a, list, &cap, *n, sizeof *list);
        list[(*n)++] = sq_col_text(a, st, 0);
    }
    sqlite3_finalize(st);
    *out = list;
    return r == SQLITE_DONE ? 0 : -1;
}

static int write_codes(sqlite3 *db, const char *sql, int64_t owner, const char *const *codes,
                       size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (run(db, sql, "iit", owner, (int64_t)i, codes[i]) != SQLITE_DONE)
            return -1;
    return 0;
}

/* The id of the vendor's object with this code in table, 1 found / 0 not / -1 error. */
static int id_of(sqlite3 *db, const char *table, int64_t vendor_id, const char *code, int64_t *id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE vendor_id = ? AND code = ?", table);
    sqlite3_stmt *st = sq_prep(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, code);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return r == SQLITE_ROW ? 1 : r == SQLITE_DONE ? 0 : -1;
}

static void add_in(ks_buf *b, const char *col, size_t n)
{
    ks_buf_printf(b, " AND %s IN (", col);
    for (size_t i = 0; i < n; i++)
        ks_buf_puts(b, i ? ",?" : "?");
    ks_buf_puts(b, ")");
}

static int bind_list(sqlite3_stmt *st, int i, const char *const *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        sq_bind_text(st, i++, v[k]);
    return i;
}

/* One object's row (and children) into the element at out. */
typedef int (*row_reader)(sqlite3 *db, ks_arena *a, sqlite3_stmt *st, void *out);
/* Binds a query's filters from index i; returns the next index. */
typedef int (*query_binder)(sqlite3_stmt *st, int i, const void *q);

/* A search: the count of matches, then one page of them ordered by id, in one read
 * transaction. where starts " WHERE vendor_id = ?" and binds through bind. */
static int search(sq_store *s, ks_arena *a, const char *what, const char *table, const char *cols,
                  const char *where, query_binder bind, const void *q, int64_t vendor_id,
                  int64_t page, int64_t limit, size_t elem, row_reader read, void **out, size_t *n,
                  int64_t *total, ks_err *err)
{
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    ks_buf sql = KS_BUF_INIT;
    sqlite3_stmt *st = NULL;
    char *list = ks_arena_alloc(a, (size_t)limit * elem);
    size_t cnt = 0;
    if (sq_exec(db, "BEGIN", err))
        goto done;
    ks_buf_printf(&sql, "SELECT count(*) FROM %s%s", table, where);
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    bind(st, 2, q);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    /* any Page >= 1 is valid: far past the end, (page - 1) * limit would overflow */
    int64_t offset = page - 1 > INT64_MAX / limit ? INT64_MAX : (page - 1) * limit;
    if (*total > offset) {
        ks_buf_reset(&sql);
        ks_buf_printf(&sql, "SELECT %s FROM %s%s ORDER BY id LIMIT ? OFFSET ?", cols, table, where);
        if (!(st = sq_prep(db, sql.data)))
            goto fail;
        sqlite3_bind_int64(st, 1, vendor_id);
        int i = bind(st, 2, q);
        sqlite3_bind_int64(st, i, limit);
        sqlite3_bind_int64(st, i + 1, offset);
        while ((r = sqlite3_step(st)) == SQLITE_ROW && cnt < (size_t)limit)
            if (read(db, a, st, list + cnt++ * elem))
                goto fail;
        if (r != SQLITE_DONE && r != SQLITE_ROW)
            goto fail;
    }
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, what, err);
done:
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    ks_buf_free(&sql);
    sq_release(s, db);
    return rc;
}

/* One object by code: SELECT cols FROM table WHERE vendor_id = ? AND code = ?. */
static int get_one(sq_store *s, ks_arena *a, const char *what, const char *sql, int64_t vendor_id,
                   const char *code, row_reader read, void *out, ks_errcode not_found,
                   const char *kind, ks_err *err)
{
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, sql);
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, code);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, not_found, "%s '%.64s' not found", kind, code);
        goto done;
    }
    if (r != SQLITE_ROW || read(db, a, st, out))
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, what, err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

/* Ends a write transaction: COMMIT when ok, else ROLLBACK. */
static int end_tx(sqlite3 *db, int ok, ks_err *err)
{
    if (ok)
        return sq_exec(db, "COMMIT", err);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* --- tax categories ---------------------------------------------------------------------- */

int sq_tax_categories_write(sqlite3 *db, int64_t vendor_id, const ks_tax_category *list,
                            size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (run(db,
                "INSERT INTO tax_categories(vendor_id, seq, uuid, code, name, description, "
                "is_default) VALUES(?,?,?,?,?,?,?)",
                "iittttb", vendor_id, (int64_t)i, list[i].uuid, list[i].code, list[i].name,
                list[i].description, list[i].is_default) != SQLITE_DONE)
            return -1;
    return 0;
}

int sq_tax_categories_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_tax_category **out,
                           size_t *n, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    size_t cap = 0;
    ks_tax_category *list = NULL;
    sqlite3_stmt *st = sq_prep(db, "SELECT uuid, code, name, description, is_default FROM "
                                   "tax_categories WHERE vendor_id = ? ORDER BY is_default DESC, "
                                   "seq");
    *n = 0;
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        list = grow(a, list, &cap, *n, sizeof *list);
        ks_tax_category *t = &list[(*n)++];
        t->uuid = sq_col_text(a, st, 0);
        t->code = sq_col_text(a, st, 1);
        t->name = sq_col_text(a, st, 2);
        t->description = sq_col_text(a, st, 3);
        t->is_default = sqlite3_column_int(st, 4);
    }
    if (r != SQLITE_DONE)
        goto fail;
    *out = list;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "tax_categories_list", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

/* --- currency settings ------------------------------------------------------------------- */

int sq_currency_get(ks_store *base, ks_arena *a, int64_t vendor_id, ks_currency_settings *out,
                    ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    size_t cap = 0;
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    if (sq_exec(db, "BEGIN", err))
        goto done;
    if (!(st = sq_prep(db, "SELECT base_currency FROM vendor_currency WHERE vendor_id = ?")))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    if ((r = sqlite3_step(st)) == SQLITE_ROW)
        out->base_currency = sq_col_text(a, st, 0);
    else if (r != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, "SELECT currency, rate FROM vendor_fx_rates WHERE vendor_id = ? "
                           "ORDER BY currency")))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        out->rates = grow(a, out->rates, &cap, out->n_rates, sizeof *out->rates);
        ks_fx_rate *x = &out->rates[out->n_rates++];
        x->currency = sq_col_text(a, st, 0);
        x->rate = sqlite3_column_int64(st, 1);
    }
    if (r != SQLITE_DONE)
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "currency_get", err);
done:
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

int sq_currency_set(ks_store *base, int64_t vendor_id, const char *base_currency, int set_rates,
                    const ks_fx_rate *rates, size_t n, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, ok = 0;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    if (base_currency &&
        run(db,
            "INSERT INTO vendor_currency(vendor_id, base_currency) VALUES(?,?) ON CONFLICT("
            "vendor_id) DO UPDATE SET base_currency = excluded.base_currency",
            "it", vendor_id, base_currency) != SQLITE_DONE)
        goto fail;
    if (set_rates) {
        if (run(db, "DELETE FROM vendor_fx_rates WHERE vendor_id = ?", "i", vendor_id) !=
            SQLITE_DONE)
            goto fail;
        for (size_t i = 0; i < n; i++)
            if (run(db, "INSERT INTO vendor_fx_rates(vendor_id, currency, rate) VALUES(?,?,?)",
                    "iti", vendor_id, rates[i].currency, (int64_t)rates[i].rate) != SQLITE_DONE)
                goto fail;
    }
    ok = 1;
    goto commit;
fail:
    sq_db_error(db, "currency_set", err);
commit:
    rc = end_tx(db, ok, err);
done:
    sq_release(s, db);
    return rc;
}

/* --- products ---------------------------------------------------------------------------- */

#define PRODUCT_COLS                                                                               \
    "id, code, name, type, version, sku, tangible, enabled, tax_category, "                        \
    "generates_subscription, config_name, price_type, default_currency, has_subscription, "        \
    "billing_cycle, billing_cycle_units, one_time_fee, lifetime, has_contract, contract_period, "  \
    "contract_units, contract_unlimited, contract_action, trial_period, trial_price, created, "    \
    "updated, doc"

static int write_product_children(sqlite3 *db, int64_t id, const ks_product *p)
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
                    t[i].min_qty, t[i].max_qty) != SQLITE_DONE)
                return -1;
    }
    for (size_t i = 0; i < pc->n_options; i++)
        if (run(db,
                "INSERT INTO product_option_groups(product_id, seq, group_code, required) "
                "VALUES(?,?,?,?)",
                "iitb", id, (int64_t)i, pc->options[i].code,
                pc->options[i].required) != SQLITE_DONE)
            return -1;
    return write_codes(db, "INSERT INTO product_upgrades(product_id, seq, code) VALUES(?,?,?)", id,
                       p->upgrades, p->n_upgrades);
}

/* Binds the product's columns 1..26 in the order of the INSERT / UPDATE below. */
static void bind_product(sqlite3_stmt *st, const ks_product *p)
{
    const ks_pricing_config *pc = &p->pricing[0];
    const ks_subscription_info *si = p->subscription;
    const ks_contract_period *cp = si ? si->contract : NULL;
    sq_bind_text(st, 1, p->name);
    sq_bind_text(st, 2, p->type);
    sq_bind_text(st, 3, p->version);
    sq_bind_text(st, 4, p->sku);
    sqlite3_bind_int(st, 5, p->tangible);
    sqlite3_bind_int(st, 6, p->enabled);
    sq_bind_text(st, 7, p->tax_category);
    sqlite3_bind_int(st, 8, p->generates_subscription);
    sq_bind_text(st, 9, pc->name);
    sq_bind_text(st, 10, pc->price_type);
    sq_bind_text(st, 11, pc->default_currency);
    sqlite3_bind_int(st, 12, si != NULL);
    sqlite3_bind_int64(st, 13, si ? si->billing_cycle : 0);
    sq_bind_text(st, 14, si ? si->billing_cycle_units : NULL);
    sqlite3_bind_int(st, 15, si ? si->is_one_time_fee : 0);
    sqlite3_bind_int(st, 16, si ? si->lifetime : 0);
    sqlite3_bind_int(st, 17, cp != NULL);
    sqlite3_bind_int64(st, 18, cp ? cp->period : 0);
    sq_bind_text(st, 19, cp ? cp->units : NULL);
    sqlite3_bind_int(st, 20, cp ? cp->is_unlimited : 0);
    sq_bind_text(st, 21, cp ? cp->action : NULL);
    sqlite3_bind_int64(st, 22, si ? si->trial_period : 0);
    if (si && si->has_trial_price)
        sqlite3_bind_int64(st, 23, si->trial_price);
    else
        sqlite3_bind_null(st, 23);
    sqlite3_bind_int64(st, 24, p->created);
    sqlite3_bind_int64(st, 25, p->updated);
    sq_bind_text(st, 26, p->doc);
}

int sq_product_insert(ks_store *base, int64_t vendor_id, ks_product *p, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, ok = 0;
    sqlite3_stmt *st = NULL;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    st = sq_prep(db, "INSERT INTO products(name, type, version, sku, tangible, enabled, "
                     "tax_category, generates_subscription, config_name, price_type, "
                     "default_currency, has_subscription, billing_cycle, billing_cycle_units, "
                     "one_time_fee, lifetime, has_contract, contract_period, contract_units, "
                     "contract_unlimited, contract_action, trial_period, trial_price, created, "
                     "updated, doc, vendor_id, code) "
                     "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        goto fail;
    bind_product(st, p);
    sqlite3_bind_int64(st, 27, vendor_id);
    sq_bind_text(st, 28, p->code);
    int r = sqlite3_step(st);
    if (r == SQLITE_CONSTRAINT) {
        ks_err_setf(err, KS_E_PRODUCT_CODE_DUPLICATE,
                    "A product with ProductCode '%.64s' already exists", p->code);
        goto commit;
    }
    if (r != SQLITE_DONE)
        goto fail;
    p->id = sqlite3_last_insert_rowid(db);
    if (write_product_children(db, p->id, p))
        goto fail;
    ok = 1;
    goto commit;
fail:
    sq_db_error(db, "product_insert", err);
commit:
    sqlite3_finalize(st);
    st = NULL;
    rc = end_tx(db, ok, err);
done:
    sq_release(s, db);
    return rc;
}

int sq_product_replace(ks_store *base, int64_t vendor_id, const ks_product *p, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, ok = 0, found;
    int64_t id = 0;
    sqlite3_stmt *st = NULL;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    if ((found = id_of(db, "products", vendor_id, p->code, &id)) < 0)
        goto fail;
    if (!found) {
        ks_err_setf(err, KS_E_PRODUCT_NOT_FOUND, "Product '%.64s' not found", p->code);
        goto commit;
    }
    st = sq_prep(db, "UPDATE products SET name=?, type=?, version=?, sku=?, tangible=?, "
                     "enabled=?, tax_category=?, generates_subscription=?, config_name=?, "
                     "price_type=?, default_currency=?, has_subscription=?, billing_cycle=?, "
                     "billing_cycle_units=?, one_time_fee=?, lifetime=?, has_contract=?, "
                     "contract_period=?, contract_units=?, contract_unlimited=?, "
                     "contract_action=?, trial_period=?, trial_price=?, created=?, updated=?, "
                     "doc=? WHERE id=?");
    if (!st)
        goto fail;
    bind_product(st, p);
    sqlite3_bind_int64(st, 27, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    if (run(db, "DELETE FROM product_prices WHERE product_id = ?", "i", id) != SQLITE_DONE ||
        run(db, "DELETE FROM product_option_groups WHERE product_id = ?", "i", id) != SQLITE_DONE ||
        run(db, "DELETE FROM product_upgrades WHERE product_id = ?", "i", id) != SQLITE_DONE ||
        write_product_children(db, id, p))
        goto fail;
    ok = 1;
    goto commit;
fail:
    sq_db_error(db, "product_replace", err);
commit:
    sqlite3_finalize(st);
    st = NULL;
    rc = end_tx(db, ok, err);
done:
    sq_release(s, db);
    return rc;
}

static int read_product(sqlite3 *db, ks_arena *a, sqlite3_stmt *st, void *out)
{
    int rc = -1, r;
    ks_product *p = out;
    sqlite3_stmt *c = NULL;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->code = sq_col_text(a, st, 1);
    p->name = sq_col_text(a, st, 2);
    p->type = sq_col_text(a, st, 3);
    p->version = sq_col_text(a, st, 4);
    p->sku = sq_col_text(a, st, 5);
    p->tangible = sqlite3_column_int(st, 6);
    p->enabled = sqlite3_column_int(st, 7);
    p->has_enabled = 1;
    p->tax_category = p->tax_category_uuid = sq_col_text(a, st, 8);
    p->generates_subscription = sqlite3_column_int(st, 9);
    p->has_generates_subscription = 1;
    ks_pricing_config *pc = ks_arena_alloc(a, sizeof *pc);
    ks_product_prices *pr = ks_arena_alloc(a, sizeof *pr);
    p->pricing = pc;
    p->n_pricing = 1;
    pc->prices = pr;
    pc->name = sq_col_text(a, st, 10);
    pc->price_type = sq_col_text(a, st, 11);
    pc->default_currency = sq_col_text(a, st, 12);
    if (sqlite3_column_int(st, 13)) {
        ks_subscription_info *si = ks_arena_alloc(a, sizeof *si);
        si->billing_cycle = sqlite3_column_int64(st, 14);
        si->billing_cycle_units = sq_col_text(a, st, 15);
        si->is_one_time_fee = sqlite3_column_int(st, 16);
        si->lifetime = sqlite3_column_int(st, 17);
        if (sqlite3_column_int(st, 18)) {
            ks_contract_period *cp = ks_arena_alloc(a, sizeof *cp);
            cp->period = sqlite3_column_int64(st, 19);
            cp->units = sq_col_text(a, st, 20);
            cp->is_unlimited = sqlite3_column_int(st, 21);
            cp->action = sq_col_text(a, st, 22);
            si->contract = cp;
        }
        si->trial_period = sqlite3_column_int64(st, 23);
        si->has_trial_price = sqlite3_column_type(st, 24) != SQLITE_NULL;
        si->trial_price = sqlite3_column_int64(st, 24);
        p->subscription = si;
    }
    p->created = sqlite3_column_int64(st, 25);
    p->updated = sqlite3_column_int64(st, 26);
    p->doc = sq_col_text(a, st, 27);

    size_t cap[2] = {0, 0};
    if (!(c = sq_prep(db, "SELECT renewal, currency, amount, min_qty, max_qty FROM "
                          "product_prices WHERE product_id = ? ORDER BY renewal, seq")))
        goto done;
    sqlite3_bind_int64(c, 1, p->id);
    while ((r = sqlite3_step(c)) == SQLITE_ROW) {
        int renewal = sqlite3_column_int(c, 0);
        ks_price_tier **list = renewal ? &pr->renewal : &pr->regular;
        size_t *n = renewal ? &pr->n_renewal : &pr->n_regular;
        *list = grow(a, *list, &cap[renewal], *n, sizeof **list);
        ks_price_tier *t = &(*list)[(*n)++];
        t->currency = sq_col_text(a, c, 1);
        t->amount = sqlite3_column_int64(c, 2);
        t->min_qty = sqlite3_column_int64(c, 3);
        t->max_qty = sqlite3_column_int64(c, 4);
    }
    if (r != SQLITE_DONE)
        goto done;
    sqlite3_finalize(c);
    c = NULL;
    size_t ocap = 0;
    if (!(c = sq_prep(db, "SELECT group_code, required FROM product_option_groups WHERE "
                          "product_id = ? ORDER BY seq")))
        goto done;
    sqlite3_bind_int64(c, 1, p->id);
    while ((r = sqlite3_step(c)) == SQLITE_ROW) {
        pc->options = grow(a, pc->options, &ocap, pc->n_options, sizeof *pc->options);
        pc->options[pc->n_options].code = sq_col_text(a, c, 0);
        pc->options[pc->n_options++].required = sqlite3_column_int(c, 1);
    }
    if (r != SQLITE_DONE)
        goto done;
    if (read_codes(db, a, "SELECT code FROM product_upgrades WHERE product_id = ? ORDER BY seq",
                   p->id, &p->upgrades, &p->n_upgrades))
        goto done;
    rc = 0;
done:
    sqlite3_finalize(c);
    return rc;
}

int sq_product_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                   ks_product *out, ks_err *err)
{
    return get_one((sq_store *)base, a, "product_get",
                   "SELECT " PRODUCT_COLS " FROM products WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_product, out, KS_E_PRODUCT_NOT_FOUND, "Product", err);
}

int sq_product_set_enabled(ks_store *base, int64_t vendor_id, const char *code, int enabled,
                           ks_time now, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    if (run(db, "UPDATE products SET enabled = ?, updated = ? WHERE vendor_id = ? AND code = ?",
            "biit", enabled, now, vendor_id, code) != SQLITE_DONE)
        sq_db_error(db, "product_set_enabled", err);
    else if (sqlite3_changes(db) == 0)
        ks_err_setf(err, KS_E_PRODUCT_NOT_FOUND, "Product '%.64s' not found", code);
    else
        rc = 0;
    sq_release(s, db);
    return rc;
}

static int bind_product_query(sqlite3_stmt *st, int i, const void *qv)
{
    const ks_product_query *q = qv;
    if (q->name)
        sq_bind_text(st, i++, q->name);
    i = bind_list(st, i, q->codes, q->n_codes);
    i = bind_list(st, i, q->types, q->n_types);
    if (q->has_enabled)
        sqlite3_bind_int(st, i++, q->enabled);
    return i;
}

int sq_product_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_product_query *q,
                      ks_product **out, size_t *n, int64_t *total, ks_err *err)
{
    ks_buf w = KS_BUF_INIT;
    ks_buf_puts(&w, " WHERE vendor_id = ?");
    if (q->name)
        ks_buf_puts(&w, " AND instr(lower(name), lower(?)) > 0");
    if (q->n_codes)
        add_in(&w, "code", q->n_codes);
    if (q->n_types)
        add_in(&w, "type", q->n_types);
    if (q->has_enabled)
        ks_buf_puts(&w, " AND enabled = ?");
    int rc = search((sq_store *)base, a, "product_search", "products", PRODUCT_COLS, w.data,
                    bind_product_query, q, vendor_id, q->page, q->limit, sizeof(ks_product),
                    read_product, (void **)out, n, total, err);
    ks_buf_free(&w);
    return rc;
}

/* --- pricing option groups --------------------------------------------------------------- */

#define GROUP_COLS "id, code, name, type, required, created, updated, doc"

static int write_group_children(sqlite3 *db, int64_t id, const ks_option_group *g)
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
                im ? im->impact : NULL) != SQLITE_DONE)
            return -1;
        for (size_t k = 0; im && k < im->n_amounts; k++)
            if (run(db,
                    "INSERT INTO option_amounts(group_id, option_seq, seq, currency, amount) "
                    "VALUES(?,?,?,?,?)",
                    "iiiti", id, (int64_t)i, (int64_t)k, im->amounts[k].currency,
                    (int64_t)im->amounts[k].amount) != SQLITE_DONE)
                return -1;
    }
    return 0;
}

/* Inserts (id == 0) or rewrites row id of option_groups, and its options. */
static int write_group(sqlite3 *db, int64_t vendor_id, int64_t id, const ks_option_group *g,
                       ks_err *err)
{
    int r;
    if (id == 0) {
        r = run(db,
                "INSERT INTO option_groups(vendor_id, code, name, type, required, created, "
                "updated, doc) VALUES(?,?,?,?,?,?,?,?)",
                "itttbiit", vendor_id, g->code, g->name, g->type, g->required, g->created,
                g->updated, g->doc);
        if (r == SQLITE_CONSTRAINT)
            return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_DUPLICATE,
                               "A pricing option group with Code '%.64s' already exists", g->code);
        id = sqlite3_last_insert_rowid(db);
    } else {
        r = run(db,
                "UPDATE option_groups SET name=?, type=?, required=?, created=?, updated=?, "
                "doc=? WHERE id=?",
                "ttbiiti", g->name, g->type, g->required, g->created, g->updated, g->doc, id);
        if (r == SQLITE_DONE &&
            (run(db, "DELETE FROM option_amounts WHERE group_id = ?", "i", id) != SQLITE_DONE ||
             run(db, "DELETE FROM option_group_options WHERE group_id = ?", "i", id) !=
                 SQLITE_DONE))
            r = SQLITE_ERROR;
    }
    if (r != SQLITE_DONE || write_group_children(db, id, g))
        return sq_db_error(db, "option_group_write", err);
    return 0;
}

int sq_option_group_insert(ks_store *base, int64_t vendor_id, const ks_option_group *g, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    rc = end_tx(db, write_group(db, vendor_id, 0, g, err) == 0, err);
done:
    sq_release(s, db);
    return rc;
}

int sq_option_group_replace(ks_store *base, int64_t vendor_id, const ks_option_group *g,
                            ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, ok = 0, found;
    int64_t id = 0;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    if ((found = id_of(db, "option_groups", vendor_id, g->code, &id)) < 0)
        sq_db_error(db, "option_group_replace", err);
    else if (!found)
        ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_NOT_FOUND,
                    "Pricing option group '%.64s' not found", g->code);
    else
        ok = write_group(db, vendor_id, id, g, err) == 0;
    rc = end_tx(db, ok, err);
done:
    sq_release(s, db);
    return rc;
}

static int read_group(sqlite3 *db, ks_arena *a, sqlite3_stmt *st, void *out)
{
    int rc = -1, r;
    ks_option_group *g = out;
    sqlite3_stmt *c = NULL;
    size_t cap = 0;
    memset(g, 0, sizeof *g);
    int64_t id = sqlite3_column_int64(st, 0);
    g->code = sq_col_text(a, st, 1);
    g->name = sq_col_text(a, st, 2);
    g->type = sq_col_text(a, st, 3);
    g->required = sqlite3_column_int(st, 4);
    g->has_required = 1;
    g->created = sqlite3_column_int64(st, 5);
    g->updated = sqlite3_column_int64(st, 6);
    g->doc = sq_col_text(a, st, 7);
    if (!(c = sq_prep(db, "SELECT code, name, description, is_default, has_scale, scale_min, "
                          "scale_max, has_impact, impact_on, method, percent, impact FROM "
                          "option_group_options WHERE group_id = ? ORDER BY seq")))
        goto done;
    sqlite3_bind_int64(c, 1, id);
    while ((r = sqlite3_step(c)) == SQLITE_ROW) {
        g->options = grow(a, g->options, &cap, g->n_options, sizeof *g->options);
        ks_price_option *o = &g->options[g->n_options++];
        o->code = o->value = sq_col_text(a, c, 0);
        o->name = sq_col_text(a, c, 1);
        o->description = sq_col_text(a, c, 2);
        o->is_default = sqlite3_column_int(c, 3);
        o->has_scale_min = o->has_scale_max = sqlite3_column_int(c, 4);
        o->scale_min = sqlite3_column_int64(c, 5);
        o->scale_max = sqlite3_column_int64(c, 6);
        if (sqlite3_column_int(c, 7)) {
            ks_price_impact *im = ks_arena_alloc(a, sizeof *im);
            im->impact_on = sq_col_text(a, c, 8);
            im->method = sq_col_text(a, c, 9);
            im->percent = sqlite3_column_int64(c, 10);
            im->impact = sq_col_text(a, c, 11);
            o->impact = im;
        }
    }
    if (r != SQLITE_DONE)
        goto done;
    sqlite3_finalize(c);
    if (!(c = sq_prep(db, "SELECT option_seq, currency, amount FROM option_amounts WHERE "
                          "group_id = ? ORDER BY option_seq, seq")))
        goto done;
    sqlite3_bind_int64(c, 1, id);
    int64_t last = -1;
    size_t acap = 0;
    while ((r = sqlite3_step(c)) == SQLITE_ROW) {
        int64_t k = sqlite3_column_int64(c, 0);
        if (k < 0 || (size_t)k >= g->n_options || !g->options[k].impact)
            continue;
        ks_price_impact *im = (ks_price_impact *)g->options[k].impact;
        if (k != last)
            acap = 0;
        last = k;
        im->amounts = grow(a, im->amounts, &acap, im->n_amounts, sizeof *im->amounts);
        im->amounts[im->n_amounts].currency = sq_col_text(a, c, 1);
        im->amounts[im->n_amounts++].amount = sqlite3_column_int64(c, 2);
    }
    if (r != SQLITE_DONE)
        goto done;
    rc = 0;
done:
    sqlite3_finalize(c);
    return rc;
}

int sq_option_group_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                        ks_option_group *out, ks_err *err)
{
    return get_one((sq_store *)base, a, "option_group_get",
                   "SELECT " GROUP_COLS " FROM option_groups WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_group, out, KS_E_PRICE_OPTION_GROUP_NOT_FOUND,
                   "Pricing option group", err);
}

static int bind_group_query(sqlite3_stmt *st, int i, const void *qv)
{
    const ks_option_group_query *q = qv;
    if (q->name)
        sq_bind_text(st, i++, q->name);
    return bind_list(st, i, q->types, q->n_types);
}

int sq_option_group_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const ks_option_group_query *q, ks_option_group **out, size_t *n,
                           int64_t *total, ks_err *err)
{
    ks_buf w = KS_BUF_INIT;
    ks_buf_puts(&w, " WHERE vendor_id = ?");
    if (q->name)
        ks_buf_puts(&w, " AND instr(lower(name), lower(?)) > 0");
    if (q->n_types)
        add_in(&w, "type", q->n_types);
    int rc = search((sq_store *)base, a, "option_group_search", "option_groups", GROUP_COLS, w.data,
                    bind_group_query, q, vendor_id, q->page, q->limit, sizeof(ks_option_group),
                    read_group, (void **)out, n, total, err);
    ks_buf_free(&w);
    return rc;
}

/* --- promotions -------------------------------------------------------------------------- */

#define PROMOTION_COLS                                                                             \
    "id, code, name, description, type, channel_type, enabled, start_date, end_date, "             \
    "max_orders, used_orders, coupon_type, discount_type, discount_value, default_currency, "      \
    "created, updated, doc"

/* Inserts (id == 0) or rewrites row id of promotions, with coupons, amounts and products. */
static int write_promotion(sqlite3 *db, int64_t vendor_id, int64_t id, const ks_promotion *p,
                           ks_err *err)
{
    const ks_coupon *c = p->coupon;
    const ks_discount *d = p->discount;
    int r;
    if (id == 0) {
        r = run(db,
                "INSERT INTO promotions(vendor_id, code, name, description, type, channel_type, "
                "enabled, start_date, end_date, max_orders, coupon_type, discount_type, "
                "discount_value, default_currency, created, updated, doc) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                "itttttbttittitiit", vendor_id, p->code, p->name, p->description, p->type,
                p->channel_type, p->enabled, p->start_date, p->end_date, p->max_orders, c->type,
                d->type, (int64_t)d->value, d->default_currency, p->created, p->updated, p->doc);
        if (r == SQLITE_CONSTRAINT)
            return ks_err_setf(err, KS_E_PROMOTION_CODE_DUPLICATE,
                               "A promotion with code '%.64s' already exists", p->code);
        id = sqlite3_last_insert_rowid(db);
    } else {
        r = run(db,
                "UPDATE promotions SET name=?, description=?, type=?, channel_type=?, "
                "enabled=?, start_date=?, end_date=?, max_orders=?, coupon_type=?, "
                "discount_type=?, discount_value=?, default_currency=?, created=?, updated=?, "
                "doc=? WHERE id=?",
                "ttttbttittitiiti", p->name, p->description, p->type, p->channel_type, p->enabled,
                p->start_date, p->end_date, p->max_orders, c->type, d->type, (int64_t)d->value,
                d->default_currency, p->created, p->updated, p->doc, id);
        if (r == SQLITE_DONE && (run(db, "DELETE FROM promotion_coupons WHERE promotion_id = ?",
                                     "i", id) != SQLITE_DONE ||
                                 run(db, "DELETE FROM promotion_amounts WHERE promotion_id = ?",
                                     "i", id) != SQLITE_DONE ||
                                 run(db, "DELETE FROM promotion_products WHERE promotion_id = ?",
                                     "i", id) != SQLITE_DONE))
            r = SQLITE_ERROR;
    }
    if (r != SQLITE_DONE)
        return sq_db_error(db, "promotion_write", err);
    for (size_t i = 0; i < c->n_codes; i++) {
        r = run(db,
                "INSERT INTO promotion_coupons(vendor_id, code, promotion_id, seq) "
                "VALUES(?,?,?,?)",
                "itii", vendor_id, c->codes[i], id, (int64_t)i);
        if (r == SQLITE_CONSTRAINT)
            return ks_err_setf(err, KS_E_PROMOTION_COUPON_DUPLICATE,
                               "Coupon code '%.64s' already belongs to another promotion",
                               c->codes[i]);
        if (r != SQLITE_DONE)
            return sq_db_error(db, "promotion_write", err);
    }
    for (size_t i = 0; i < d->n_values; i++)
        if (run(db,
                "INSERT INTO promotion_amounts(promotion_id, seq, currency, amount) "
                "VALUES(?,?,?,?)",
                "iiti", id, (int64_t)i, d->values[i].currency,
                (int64_t)d->values[i].amount) != SQLITE_DONE)
            return sq_db_error(db, "promotion_write", err);
    for (size_t i = 0; i < p->n_products; i++)
        if (run(db, "INSERT INTO promotion_products(promotion_id, seq, code) VALUES(?,?,?)", "iit",
                id, (int64_t)i, p->products[i].code) != SQLITE_DONE)
            return sq_db_error(db, "promotion_write", err);
    return 0;
}

int sq_promotion_insert(ks_store *base, int64_t vendor_id, const ks_promotion *p, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    rc = end_tx(db, write_promotion(db, vendor_id, 0, p, err) == 0, err);
done:
    sq_release(s, db);
    return rc;
}

int sq_promotion_replace(ks_store *base, int64_t vendor_id, const ks_promotion *p, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, ok = 0, found;
    int64_t id = 0;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    if ((found = id_of(db, "promotions", vendor_id, p->code, &id)) < 0)
        sq_db_error(db, "promotion_replace", err);
    else if (!found)
        ks_err_setf(err, KS_E_PROMOTION_NOT_FOUND, "Promotion '%.64s' not found", p->code);
    else
        ok = write_promotion(db, vendor_id, id, p, err) == 0;
    rc = end_tx(db, ok, err);
done:
    sq_release(s, db);
    return rc;
}

static int read_promotion(sqlite3 *db, ks_arena *a, sqlite3_stmt *st, void *out)
{
    int rc = -1, r;
    ks_promotion *p = out;
    sqlite3_stmt *c = NULL;
    size_t cap = 0;
    memset(p, 0, sizeof *p);
    int64_t id = sqlite3_column_int64(st, 0);
    ks_coupon *cp = ks_arena_alloc(a, sizeof *cp);
    ks_discount *d = ks_arena_alloc(a, sizeof *d);
    p->code = sq_col_text(a, st, 1);
    p->name = sq_col_text(a, st, 2);
    p->description = sq_col_text(a, st, 3);
    p->type = sq_col_text(a, st, 4);
    p->channel_type = sq_col_text(a, st, 5);
    p->enabled = sqlite3_column_int(st, 6);
    p->has_enabled = 1;
    p->start_date = sq_col_text(a, st, 7);
    p->end_date = sq_col_text(a, st, 8);
    p->max_orders = sqlite3_column_int64(st, 9);
    p->used_orders = sqlite3_column_int64(st, 10);
    cp->type = sq_col_text(a, st, 11);
    d->type = sq_col_text(a, st, 12);
    d->value = sqlite3_column_int64(st, 13);
    d->has_value = strcmp(d->type, "PERCENT") == 0;
    d->default_currency = sq_col_text(a, st, 14);
    p->created = sqlite3_column_int64(st, 15);
    p->updated = sqlite3_column_int64(st, 16);
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
    sqlite3_bind_int64(c, 1, id);
    while ((r = sqlite3_step(c)) == SQLITE_ROW) {
        d->values = grow(a, d->values, &cap, d->n_values, sizeof *d->values);
        d->values[d->n_values].currency = sq_col_text(a, c, 0);
        d->values[d->n_values++].amount = sqlite3_column_int64(c, 1);
    }
    if (r != SQLITE_DONE)
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
    sqlite3_finalize(c);
    return rc;
}

int sq_promotion_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                     ks_promotion *out, ks_err *err)
{
    return get_one((sq_store *)base, a, "promotion_get",
                   "SELECT " PROMOTION_COLS " FROM promotions WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_promotion, out, KS_E_PROMOTION_NOT_FOUND, "Promotion",
                   err);
}

int sq_promotion_by_coupon(ks_store *base, ks_arena *a, int64_t vendor_id, const char *coupon,
                           ks_promotion *out, ks_err *err)
{
    return get_one((sq_store *)base, a, "promotion_by_coupon",
                   "SELECT " PROMOTION_COLS " FROM promotions WHERE id = (SELECT promotion_id "
                   "FROM promotion_coupons WHERE vendor_id = ?1 AND code = ?2) AND "
                   "vendor_id = ?1",
                   vendor_id, coupon, read_promotion, out, KS_E_PROMOTION_CODE_INVALID,
                   "Promotion coupon code", err);
}

static int bind_promotion_query(sqlite3_stmt *st, int i, const void *qv)
{
    const ks_promotion_query *q = qv;
    if (q->product_code)
        sq_bind_text(st, i++, q->product_code);
    i = bind_list(st, i, q->coupons, q->n_coupons);
    if (q->has_enabled)
        sqlite3_bind_int(st, i++, q->enabled);
    return i;
}

int sq_promotion_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_promotion_query *q,
                        ks_promotion **out, size_t *n, int64_t *total, ks_err *err)
{
    ks_buf w = KS_BUF_INIT;
    ks_buf_puts(&w, " WHERE vendor_id = ?1");
    /* a promotion without products applies to every product */
    if (q->product_code)
        ks_buf_puts(&w, " AND (id IN (SELECT promotion_id FROM promotion_products WHERE code = "
                        "?) OR NOT EXISTS (SELECT 1 FROM promotion_products pp WHERE "
                        "pp.promotion_id = promotions.id))");
    if (q->n_coupons) {
        ks_buf_puts(&w, " AND id IN (SELECT promotion_id FROM promotion_coupons WHERE "
                        "vendor_id = ?1");
        add_in(&w, "code", q->n_coupons);
        ks_buf_puts(&w, ")");
    }
    if (q->has_enabled)
        ks_buf_puts(&w, " AND enabled = ?");
    int rc = search((sq_store *)base, a, "promotion_search", "promotions", PROMOTION_COLS, w.data,
                    bind_promotion_query, q, vendor_id, q->page, q->limit, sizeof(ks_promotion),
                    read_promotion, (void **)out, n, total, err);
    ks_buf_free(&w);
    return rc;
}

/* --- cross-sell campaigns ---------------------------------------------------------------- */

#define CROSSSELL_COLS                                                                             \
    "id, code, name, status, display_type, display_in_email, owner_type, start_date, end_date, "   \
    "created, updated, doc"

static int write_crosssell(sqlite3 *db, int64_t vendor_id, int64_t id, const ks_crosssell *c,
                           ks_err *err)
{
    int r;
    if (id == 0) {
        r = run(db,
                "INSERT INTO crosssell_campaigns(vendor_id, code, name, status, display_type, "
                "display_in_email, owner_type, start_date, end_date, created, updated, doc) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                "ittttbtttiit", vendor_id, c->code, c->name, c->status, c->display_type,
                c->display_in_email, c->owner_type, c->start_date, c->end_date, c->created,
                c->updated, c->doc);
        if (r == SQLITE_CONSTRAINT)
            return ks_err_setf(err, KS_E_CROSSSELL_CAMPAIGN_DATA_INVALID,
                               "A campaign with code '%.64s' already exists", c->code);
        id = sqlite3_last_insert_rowid(db);
    } else {
        r = run(db,
                "UPDATE crosssell_campaigns SET name=?, status=?, display_type=?, "
                "display_in_email=?, owner_type=?, start_date=?, end_date=?, created=?, "
                "updated=?, doc=? WHERE id=?",
                "tttbtttiiti", c->name, c->status, c->display_type, c->display_in_email,
                c->owner_type, c->start_date, c->end_date, c->created, c->updated, c->doc, id);
        if (r == SQLITE_DONE && (run(db, "DELETE FROM crosssell_masters WHERE campaign_id = ?", "i",
                                     id) != SQLITE_DONE ||
                                 run(db, "DELETE FROM crosssell_products WHERE campaign_id = ?",
                                     "i", id) != SQLITE_DONE))
            r = SQLITE_ERROR;
    }
    if (r != SQLITE_DONE ||
        write_codes(db, "INSERT INTO crosssell_masters(campaign_id, seq, code) VALUES(?,?,?)", id,
                    c->masters, c->n_masters))
        return sq_db_error(db, "crosssell_write", err);
    for (size_t i = 0; i < c->n_products; i++)
        if (run(db,
                "INSERT INTO crosssell_products(campaign_id, seq, code, discount, discount_type) "
                "VALUES(?,?,?,?,?)",
                "iitit", id, (int64_t)i, c->products[i].product_code,
                (int64_t)c->products[i].discount, c->products[i].discount_type) != SQLITE_DONE)
            return sq_db_error(db, "crosssell_write", err);
    return 0;
}

int sq_crosssell_insert(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    rc = end_tx(db, write_crosssell(db, vendor_id, 0, c, err) == 0, err);
done:
    sq_release(s, db);
    return rc;
}

int sq_crosssell_replace(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, ok = 0, found;
    int64_t id = 0;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    if ((found = id_of(db, "crosssell_campaigns", vendor_id, c->code, &id)) < 0)
        sq_db_error(db, "crosssell_replace", err);
    else if (!found)
        ks_err_setf(err, KS_E_CROSSSELL_CAMPAIGN_NOT_FOUND, "Cross-sell campaign '%.64s' not found",
                    c->code);
    else
        ok = write_crosssell(db, vendor_id, id, c, err) == 0;
    rc = end_tx(db, ok, err);
done:
    sq_release(s, db);
    return rc;
}

static int read_crosssell(sqlite3 *db, ks_arena *a, sqlite3_stmt *st, void *out)
{
    int rc = -1, r;
    ks_crosssell *c = out;
    sqlite3_stmt *q = NULL;
    size_t cap = 0;
    memset(c, 0, sizeof *c);
    int64_t id = sqlite3_column_int64(st, 0);
    c->code = sq_col_text(a, st, 1);
    c->name = sq_col_text(a, st, 2);
    c->status = sq_col_text(a, st, 3);
    c->display_type = sq_col_text(a, st, 4);
    c->display_in_email = sqlite3_column_int(st, 5);
    c->owner_type = sq_col_text(a, st, 6);
    c->start_date = sq_col_text(a, st, 7);
    c->end_date = sq_col_text(a, st, 8);
    c->created = sqlite3_column_int64(st, 9);
    c->updated = sqlite3_column_int64(st, 10);
    c->doc = sq_col_text(a, st, 11);
    if (read_codes(db, a, "SELECT code FROM crosssell_masters WHERE campaign_id = ? ORDER BY seq",
                   id, &c->masters, &c->n_masters))
        goto done;
    if (!(q = sq_prep(db, "SELECT code, discount, discount_type FROM crosssell_products WHERE "
                          "campaign_id = ? ORDER BY seq")))
        goto done;
    sqlite3_bind_int64(q, 1, id);
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        c->products = grow(a, c->products, &cap, c->n_products, sizeof *c->products);
        ks_crosssell_product *p = &c->products[c->n_products++];
        p->product_code = sq_col_text(a, q, 0);
        p->discount = sqlite3_column_int64(q, 1);
        p->discount_type = sq_col_text(a, q, 2);
    }
    if (r != SQLITE_DONE)
        goto done;
    rc = 0;
done:
    sqlite3_finalize(q);
    return rc;
}

int sq_crosssell_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                     ks_crosssell *out, ks_err *err)
{
    return get_one((sq_store *)base, a, "crosssell_get",
                   "SELECT " CROSSSELL_COLS
                   " FROM crosssell_campaigns WHERE vendor_id = ? AND code = ?",
                   vendor_id, code, read_crosssell, out, KS_E_CROSSSELL_CAMPAIGN_NOT_FOUND,
                   "Cross-sell campaign", err);
}

static int bind_crosssell_query(sqlite3_stmt *st, int i, const void *qv)
{
    const ks_crosssell_query *q = qv;
    if (q->name)
        sq_bind_text(st, i++, q->name);
    i = bind_list(st, i, q->statuses, q->n_statuses);
    if (q->owner_type)
        sq_bind_text(st, i++, q->owner_type);
    i = bind_list(st, i, q->products, q->n_products);
    i = bind_list(st, i, q->recommended, q->n_recommended);
    if (q->end_date)
        sq_bind_text(st, i++, q->end_date);
    if (q->start_date)
        sq_bind_text(st, i++, q->start_date);
    return i;
}

int sq_crosssell_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_crosssell_query *q,
                        ks_crosssell **out, size_t *n, int64_t *total, ks_err *err)
{
    ks_buf w = KS_BUF_INIT;
    ks_buf_puts(&w, " WHERE vendor_id = ?");
    if (q->name)
        ks_buf_puts(&w, " AND instr(lower(name), lower(?)) > 0");
    if (q->n_statuses)
        add_in(&w, "status", q->n_statuses);
    if (q->owner_type)
        ks_buf_puts(&w, " AND owner_type = ?");
    if (q->n_products) {
        ks_buf_puts(&w, " AND id IN (SELECT campaign_id FROM crosssell_masters WHERE 1");
        add_in(&w, "code", q->n_products);
        ks_buf_puts(&w, ")");
    }
    if (q->n_recommended) {
        ks_buf_puts(&w, " AND id IN (SELECT campaign_id FROM crosssell_products WHERE 1");
        add_in(&w, "code", q->n_recommended);
        ks_buf_puts(&w, ")");
    }
    /* campaigns that run at some time inside [StartDate, EndDate] */
    if (q->end_date)
        ks_buf_puts(&w, " AND (start_date IS NULL OR start_date <= ?)");
    if (q->start_date)
        ks_buf_puts(&w, " AND (end_date IS NULL OR end_date >= ?)");
    int rc = search((sq_store *)base, a, "crosssell_search", "crosssell_campaigns", CROSSSELL_COLS,
                    w.data, bind_crosssell_query, q, vendor_id, q->page, q->limit,
                    sizeof(ks_crosssell), read_crosssell, (void **)out, n, total, err);
    ks_buf_free(&w);
    return rc;
}
