/* ops.h — what the operation handlers (the files of src/api/ops) share. */
#ifndef KS_OPS_H
#define KS_OPS_H

#include <jansson.h>

#include "../op.h"
#include "../schema/bind.h"
#include "../schema/objects.h"

#define KS_PARAMS_END {{.name = NULL}, KS_SRC_BODY}

/* The argument of the operations that take one reference (RefNo, SubscriptionReference). */
typedef struct {
    const char *ref;
} ks_ref_in;

/* Binds args[i] against op->params[i] into dst (may be NULL), with the normalised tree in
 * *norm if not NULL. */
int ks_ops_bind(json_t **norm, void *dst, ks_ctx *ctx, const ks_op *op, json_t *const *args,
                int i, ks_err *err);

/* placeOrder with the domain call of one's choice: binds the Order args[0] of op (a
 * placeOrder row), calls place_fn(out, ctx, in, arg, err) and shapes the order placed. */
struct ks_order;
struct ks_order_in;
typedef int (*ks_ops_place_fn)(struct ks_order *out, ks_ctx *ctx, const struct ks_order_in *in,
                               void *arg, ks_err *err);
int ks_ops_place_order(json_t **out, ks_ctx *ctx, const ks_op *op, json_t *const *args,
                       ks_ops_place_fn place_fn, void *arg, ks_err *err);

/* Binds the Lead args[i] of op (an addLead or updateLead row) into *l, the whole normalised
 * lead into l->doc. */
struct ks_lead;
int ks_ops_bind_lead(struct ks_lead *l, ks_ctx *ctx, const ks_op *op, json_t *const *args, int i,
                     ks_err *err);

/* "YYYY-MM-DD HH:MM:SS" of t in the vendor's API time zone, arena-owned. */
const char *ks_ops_time(ks_ctx *ctx, ks_time t);

/* A vendor as the control API and `kassa vendor show` print it, with its notification
 * settings; secret_shown is the secret or its masked form (its buy-link secret word is shown
 * with the secret itself, masked with a masked one). */
json_t *ks_ops_vendor_json(ks_arena *a, const ks_vendor *v, const char *secret_shown);

#endif
