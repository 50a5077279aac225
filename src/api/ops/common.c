/* common.c — helpers of the operation handlers. */
#include "ops.h"

int ks_ops_bind(json_t **norm, void *dst, ks_ctx *ctx, const ks_op *op, json_t *const *args,
                int i, ks_err *err)
{
    const ks_field *f = &op->params[i].f;
    json_t *in = args[i] && !json_is_null(args[i]) ? json_incref(args[i]) : NULL;
    int rc;
    if (f->type != KS_T_OBJECT) {
        rc = ks_bind_field(norm, dst, ctx->arena, f, args[i], f->name, err);
    } else if (!in && (f->flags & KS_F_REQUIRED)) {
        rc = ks_err_setf(err, KS_E_PARAMETER_MISSING, "%s is required", f->name);
    } else {
        /* an optional object left out (searchLeads(sessionID) with no filters) binds as an
         * empty one, so its fields take their defaults; the object's fields go straight into
         * dst, not through a pointer */
        if (!in)
            in = json_object();
        rc = ks_bind_object(norm, dst, ctx->arena, f->obj, in, "", err);
    }
    json_decref(in);
    return rc;
}

const char *ks_ops_time(ks_ctx *ctx, ks_time t)
{
    char *s = ks_arena_alloc(ctx->arena, KS_TIME_STR_MAX);
    ks_time_format(s, t, ctx->vendor ? ctx->vendor->tz_offset : 0);
    return s;
}
