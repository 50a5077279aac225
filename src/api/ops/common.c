/* common.c — helpers of the operation handlers. */
#include "ops.h"

int ks_ops_bind(json_t **norm, void *dst, ks_ctx *ctx, const ks_op *op, json_t *const *args,
                int i, ks_err *err)
{
    const ks_field *f = &op->params[i].f;
    if (f->type == KS_T_OBJECT)
        /* bind the object's fields straight into dst, not through a pointer */
        return !args[i] && (f->flags & KS_F_REQUIRED)
                   ? ks_err_setf(err, KS_E_PARAMETER_MISSING, "%s is required", f->name)
                   : ks_bind_object(norm, dst, ctx->arena, f->obj, args[i], "", err);
    return ks_bind_field(norm, dst, ctx->arena, f, args[i], f->name, err);
}

const char *ks_ops_time(ks_ctx *ctx, ks_time t)
{
    char *s = ks_arena_alloc(ctx->arena, KS_TIME_STR_MAX);
    ks_time_format(s, t, ctx->vendor ? ctx->vendor->tz_offset : 0);
    return s;
}
