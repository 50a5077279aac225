/* operations.c — expands operations.def into the table, and looks rows up. */
#include "op.h"

#include <string.h>
#include <strings.h>

#define KS_OP(id, method, path, rpc, flags, status, summary)                                     \
    int op_##id(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err);  \
    extern const ks_param op_##id##_params[];                                                      \
    extern const ks_field op_##id##_result;
#define KS_RPC(id, v6_name, cm_name, flags, summary) KS_OP(id, 0, 0, 0, 0, 0, 0)
#include "operations.def"
#undef KS_RPC
#undef KS_OP

const ks_op ks_ops[] = {
/* KS_OP rows are on 6.0 under their id when rpc, and on the Channel Manager 2.1 too with
 * KS_OP_CM21; KS_RPC rows name themselves on each endpoint. */
#define KS_OP(id, method, path, rpc, flags, status, summary)                                     \
    {#id, method, path, rpc, flags, op_##id, op_##id##_params, &op_##id##_result, status, summary, \
     {(rpc) ? #id : NULL, (rpc) && ((flags) & KS_OP_CM21) ? #id : NULL}},
#define KS_RPC(id, v6_name, cm_name, flags, summary)                                             \
    {#id, NULL, NULL, 1, flags, op_##id, op_##id##_params, &op_##id##_result, 200, summary,       \
     {v6_name, cm_name}},
#include "operations.def"
#undef KS_RPC
#undef KS_OP
};

const int ks_ops_count = (int)(sizeof ks_ops / sizeof ks_ops[0]);

const ks_op *ks_op_by_rpc(ks_endpoint ep, const char *name)
{
    for (int i = 0; i < ks_ops_count; i++)
        if (ks_ops[i].names[ep] && strcmp(ks_ops[i].names[ep], name) == 0)
            return &ks_ops[i];
    for (int i = 0; i < ks_ops_count; i++)
        if (ks_ops[i].names[ep] && strcasecmp(ks_ops[i].names[ep], name) == 0)
            return &ks_ops[i];
    return NULL;
}

const char *ks_endpoint_soap_path(ks_endpoint ep)
{
    return ep == KS_EP_CM21 ? "/channel-manager/2.1/soap/" : "/soap/6.0/";
}

int ks_op_index(const ks_op *op) { return (int)(op - ks_ops); }

int ks_op_nparams(const ks_op *op)
{
    int n = 0;
    while (op->params[n].f.name)
        n++;
    return n;
}
