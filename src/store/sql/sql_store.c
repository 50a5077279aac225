/* sql_store.c — the store's operations table over the bodies (whatever the driver), the
 * refusal helper, and the fault injection of the tests. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

#include "../../core/log.h"
#include "../store.h"
#include "sql_int.h"

/* ks_store_ops.batch: the driver's, or (a driver without) fn alone. */
static int sq_batch(ks_store *base, int (*fn)(void *arg, ks_err *err), void *arg, ks_err *err)
{
    const sq_driver *drv = ((sq_store_base *)base)->drv;
    return drv->batch ? drv->batch(base, fn, arg, err) : fn(arg, err);
}

static const ks_store_ops body_ops = {
    .vendor_insert = sq_vendor_insert,
    .vendor_by_code = sq_vendor_by_code,
    .vendor_by_id = sq_vendor_by_id,
    .vendor_list = sq_vendor_list,
    .vendor_set_notify = sq_vendor_set_notify,
    .session_insert = sq_session_insert,
    .session_get = sq_session_get,
    .clock_get = sq_clock_get,
    .clock_advance = sq_clock_advance,
    .lead_insert = sq_lead_insert,
    .lead_update = sq_lead_update,
    .lead_get = sq_lead_get,
    .lead_search = sq_lead_search,
    .lead_mark = sq_lead_mark,
    .lead_followup_sent = sq_lead_followup_sent,
    .job_enqueue = sq_job_enqueue,
    .job_claim = sq_job_claim,
    .job_claim_many = sq_job_claim_many,
    .job_finish = sq_job_finish,
    .job_next = sq_job_next,
    .job_list = sq_job_list,
    .batch = sq_batch,
    .mail_list = sq_mail_list,
    .notice_get = sq_notice_get,
    .notice_record = sq_notice_record,
    .notice_list = sq_notice_list,
    .notice_replay = sq_notice_replay,
    .notice_stats = sq_notice_stats,
    .tax_categories_list = sq_tax_categories_list,
    .product_insert = sq_product_insert,
    .product_replace = sq_product_replace,
    .product_get = sq_product_get,
    .product_set_enabled = sq_product_set_enabled,
    .product_search = sq_product_search,
    .option_group_insert = sq_option_group_insert,
    .option_group_replace = sq_option_group_replace,
    .option_group_get = sq_option_group_get,
    .option_group_search = sq_option_group_search,
    .promotion_insert = sq_promotion_insert,
    .promotion_replace = sq_promotion_replace,
    .promotion_get = sq_promotion_get,
    .promotion_by_coupon = sq_promotion_by_coupon,
    .promotion_search = sq_promotion_search,
    .crosssell_insert = sq_crosssell_insert,
    .crosssell_replace = sq_crosssell_replace,
    .crosssell_get = sq_crosssell_get,
    .crosssell_search = sq_crosssell_search,
    .currency_get = sq_currency_get,
    .currency_set = sq_currency_set,
    .order_insert = sq_order_insert,
    .order_get = sq_order_get,
    .order_payer = sq_order_payer,
    .order_update = sq_order_update,
    .order_search = sq_order_search,
    .customer_get = sq_customer_get,
    .customer_insert = sq_customer_insert,
    .customer_update = sq_customer_update,
    .subscription_renew = sq_subscription_renew,
    .subscription_update = sq_subscription_update,
    .subscription_orders = sq_subscription_orders,
    .subscription_search = sq_subscription_search,
    .subscription_upgrade = sq_subscription_upgrade,
    .subscription_get = sq_subscription_get,
    .console_session_insert = sq_console_session_insert,
    .console_session_get = sq_console_session_get,
    .console_session_delete = sq_console_session_delete,
    .order_stats = sq_order_stats,
    .partner_insert = sq_partner_insert,
    .partner_get = sq_partner_get,
    .partner_list = sq_partner_list,
    .partner_session_get = sq_partner_session_get,
    .partner_session_set = sq_partner_session_set,
    .partner_session_save = sq_partner_session_save,
    .partner_orders = sq_partner_orders,
    .proforma_insert = sq_proforma_insert,
    .proforma_get = sq_proforma_get,
    .proforma_of_order = sq_proforma_of_order,
    .proforma_paid = sq_proforma_paid,
    .proforma_list = sq_proforma_list,
};

void sq_store_init(sq_store_base *s, const sq_driver *drv, void (*close)(ks_store *s))
{
    s->drv = drv;
    s->ops = body_ops;
    s->ops.name = drv->name;
    s->ops.close = close;
    s->base.ops = &s->ops;
}

int sq_refuse(sq_tx *tx, ks_errcode code, const char *fmt, ...)
{
    if (!fmt) {
        ks_err_set(tx->err, code);
        return SQ_REFUSED;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ks_err_setf(tx->err, code, "%s", msg);
    return SQ_REFUSED;
}

/* --- fault injection ----------------------------------------------------------------------- */

/* Statements left before the one that fails; 0: none fails. */
static atomic_int fault_countdown;

int ks_store_fail_statement(int n)
{
    return atomic_exchange(&fault_countdown, n > 0 ? n : 0);
}

int sq_fault(const char *sql)
{
    int n = atomic_load_explicit(&fault_countdown, memory_order_relaxed);
    while (n > 0) {
        if (atomic_compare_exchange_weak(&fault_countdown, &n, n - 1)) {
            if (n != 1)
                return 0;
            ks_log_error("store: injected fault: %s", sql);
            return 1;
        }
    }
    return 0;
}
