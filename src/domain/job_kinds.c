/* job_kinds.c — the table of job kinds (job_kinds.h). */
#include "job_kinds.h"

#include "lead.h"
#include "notify.h"
#include "renewal.h"

const ks_job_kind ks_job_kinds[] = {
    {KS_LEAD_FOLLOWUP_JOB, ks_lead_followup_run, 0},
    {KS_RENEWAL_JOB, ks_subscription_renewal_run, 0, 1}, /* the store only: batched */
    {KS_NOTIFY_JOB, ks_notify_deliver_run, 0},
};
const size_t ks_job_kinds_count = sizeof ks_job_kinds / sizeof ks_job_kinds[0];
