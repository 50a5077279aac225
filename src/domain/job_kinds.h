/* job_kinds.h — THE table of the job kinds Kassa runs: each module's kind (lead follow-ups,
 * subscription renewals...), registered here, above them all, so that the runner (jobs.c)
 * depends on none of them. main gives it to the runner (ks_config.job_kinds). */
#ifndef KS_JOB_KINDS_H
#define KS_JOB_KINDS_H

#include <stddef.h>

#include "jobs.h"

/* A kind's name is stored with its jobs: never rename one. */
extern const ks_job_kind ks_job_kinds[];
extern const size_t ks_job_kinds_count;

#endif
