/* objects.h — the API objects of Kassa, each declared once in objects.c. */
#ifndef KS_OBJECTS_H
#define KS_OBJECTS_H

#include "../../domain/lead.h"
#include "schema.h"

extern const ks_schema ks_schema_Address;
extern const ks_schema ks_schema_ItemPrice;
extern const ks_schema ks_schema_PaymentDetails;
extern const ks_schema ks_schema_LeadItem;
extern const ks_schema ks_schema_Lead;
extern const ks_schema ks_schema_LeadFollowUp;
extern const ks_schema ks_schema_LeadSearchInput;
extern const ks_schema ks_schema_LeadSearchResult;
extern const ks_schema ks_schema_LeadMark;
extern const ks_schema ks_schema_LeadAddResult;
extern const ks_schema ks_schema_MarkLeadsResult;
extern const ks_schema ks_schema_Pagination;
extern const ks_schema ks_schema_Vendor;
extern const ks_schema ks_schema_VendorInput;
extern const ks_schema ks_schema_ClockAdvance;
extern const ks_schema ks_schema_Clock;

/* The search input of searchLeads, as bound; turned into a ks_lead_query by the handler. */
typedef struct ks_lead_search_in {
    const char **codes;
    size_t n_codes;
    const char *email, *type, *start_date, *end_date;
    const char **product_codes;
    size_t n_product_codes;
    const char *language, *country, *generated_from;
    int64_t page, limit;
    int has_page, has_limit;
} ks_lead_search_in;

/* Sandbox control: a vendor to create. */
typedef struct ks_vendor_in {
    const char *code, *secret, *model;
} ks_vendor_in;

typedef struct ks_clock_in {
    int64_t days, hours, minutes, seconds;
} ks_clock_in;

#endif
