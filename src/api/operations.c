/* operations.c — expands operations.def into the table, and looks rows up. */
#include "op.h"

#include <string.h>
#include <strings.h>

#define KS_OP(id, method, path, rpc, flags, status, summary)                                     \
    int op_##id(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err);  \
    extern const ks_param op_##id##_params[];                                                      \
    extern const ks_field op_##id##_result;
#include "operations.def"
#undef KS_OP

const ks_op ks_ops[] = {
#define KS_OP(id, method, path, rpc, flags, status, summary)                                     \
    {#id, method, path, rpc, flags, op_##id, op_##id##_params, &op_##id##_result, status, summary},
#include "operations.def"
#undef KS_OP
};

const int ks_ops_count = (int)(sizeof ks_ops / sizeof ks_ops[0]);

const ks_op *ks_op_by_rpc(const char *name)
{
    for (int i = 0; i < ks_ops_count; i++)
        if (ks_ops[i].rpc && strcmp(ks_ops[i].id, name) == 0)
            return &ks_ops[i];
    for (int i = 0; i < ks_ops_count; i++)
        if (ks_ops[i].rpc && strcasecmp(ks_ops[i].id, name) == 0)
            return &ks_ops[i];
    return NULL;
}

int ks_op_index(const ks_op *op) { return (int)(op - ks_ops); }

int ks_op_nparams(const ks_op *op)
{
    int n = 0;
    while (op->params[n].f.name)
        n++;
    return n;
}
