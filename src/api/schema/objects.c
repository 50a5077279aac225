/* objects.c — every API object, declared once: names, types, required fields, limits, formats
 * and where bound fields land in domain structs. Field names and shapes are the platform's
 * (seeds and reference); objects are listed bottom-up so each can name the ones it contains. */
#include "objects.h"

#include <stddef.h>

#include "../../domain/common.h"

#define END {.name = NULL}

/* --- shared pieces ----------------------------------------------------------------------- */

static const ks_field address_fields[] = {
    {"FirstName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, first_name)},
    {"LastName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, last_name)},
    {"Company", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, company)},
    {"FiscalCode", KS_T_STRING, .maxlen = 100, KS_BIND(ks_address, fiscal_code)},
    {"TaxOffice", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, tax_office)},
    {"Email", KS_T_STRING, .fmt = KS_FMT_EMAIL, KS_BIND(ks_address, email)},
    {"Phone", KS_T_STRING, .maxlen = 64, KS_BIND(ks_address, phone)},
    {"Fax", KS_T_STRING, .maxlen = 64, KS_BIND(ks_address, fax)},
    {"Address1", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, address1)},
    {"Address2", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, address2)},
    {"City", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, city)},
    {"Zip", KS_T_STRING, .maxlen = 64, KS_BIND(ks_address, zip)},
    {"CountryCode", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_address, country_code)},
    {"State", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, state)},
    {"TaxExemptionId", KS_T_STRING, .maxlen = 100, KS_BIND(ks_address, tax_exemption_id)},
    END,
};
const ks_schema ks_schema_Address = {"Address", sizeof(ks_address), address_fields,
                                     "Billing or delivery details of a shopper."};

static const ks_field item_price_fields[] = {
    {"Amount", KS_T_DECIMAL, KS_BIND(ks_item_price, amount),
     KS_BIND_PRESENT(ks_item_price, has_amount)},
    {"Type", KS_T_STRING, .maxlen = 32, KS_BIND(ks_item_price, type)},
    END,
};
const ks_schema ks_schema_ItemPrice = {"ItemPrice", sizeof(ks_item_price), item_price_fields,
                                       "The price of an item: Amount, and Type CUSTOM for "
                                       "dynamic pricing."};

static const ks_field price_option_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255},
    {"Value", KS_T_STRING, .maxlen = 255},
    {"Surcharge", KS_T_DECIMAL},
    END,
};
static const ks_schema price_option = {"PriceOption", 0, price_option_fields, NULL};

static const ks_field price_option_group_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255},
    {"Required", KS_T_BOOL},
    {"Options", KS_T_ARRAY, .obj = &price_option},
    END,
};
static const ks_schema price_option_group = {"PriceOptionGroup", 0, price_option_group_fields,
                                             NULL};

static const ks_field recurring_fields[] = {
    {"CycleLength", KS_T_INT},   {"CycleUnit", KS_T_STRING, .maxlen = 32},
    {"CycleAmount", KS_T_DECIMAL}, {"ContractLength", KS_T_INT},
    {"ContractUnit", KS_T_STRING, .maxlen = 32}, END,
};
static const ks_schema recurring_options = {"RecurringOptions", 0, recurring_fields, NULL};

static const ks_field campaign_fields[] = {
    {"Type", KS_T_STRING, .maxlen = 64},
    {"ParentCode", KS_T_STRING, .maxlen = 255},
    {"CampaignCode", KS_T_STRING, .maxlen = 255},
    END,
};
static const ks_schema marketing_campaigns = {"MarketingCampaigns", 0, campaign_fields, NULL};

static const ks_field cross_sell_fields[] = {
    {"ParentCode", KS_T_STRING, .maxlen = 255},
    {"CampaignCode", KS_T_STRING, .maxlen = 255},
    END,
};
static const ks_schema cross_sell = {"CrossSell", 0, cross_sell_fields, NULL};

static const ks_field additional_field_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 255},
    {"Text", KS_T_STRING, .maxlen = 1024},
    {"Value", KS_T_STRING, .maxlen = 1024},
    END,
};
static const ks_schema additional_field = {"AdditionalField", 0, additional_field_fields, NULL};

static const ks_field trial_fields[] = {
    {"Period", KS_T_INT},    {"Price", KS_T_DECIMAL}, {"GrossPrice", KS_T_DECIMAL},
    {"NetPrice", KS_T_DECIMAL}, {"VAT", KS_T_DECIMAL}, END,
};
static const ks_schema trial = {"Trial", 0, trial_fields, NULL};

static const ks_field shipping_method_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 255},
    END,
};
static const ks_schema shipping_method = {"ShippingMethod", 0, shipping_method_fields, NULL};

static const ks_field delivery_information_fields[] = {
    {"ShippingMethod", KS_T_OBJECT, .obj = &shipping_method},
    END,
};
static const ks_schema delivery_information = {"DeliveryInformation", 0,
                                               delivery_information_fields, NULL};

static const ks_field card_payment_fields[] = {
    {"InstallmentsNumber", KS_T_INT},
    END,
};
static const ks_schema card_payment = {"CardPayment", 0, card_payment_fields, NULL};

/* CardNumber and CCID are SECRET: they reach the payment processor's struct, never a stored
 * document, a response or a log line. */
static const ks_field payment_method_fields[] = {
    {"CardNumber", KS_T_STRING, KS_F_SECRET, .maxlen = 32},
    {"CardType", KS_T_STRING, .maxlen = 32},
    {"ExpirationYear", KS_T_STRING, .maxlen = 4},
    {"ExpirationMonth", KS_T_STRING, .maxlen = 2},
    {"CCID", KS_T_STRING, KS_F_SECRET, .maxlen = 4},
    {"HolderName", KS_T_STRING, .maxlen = 255},
    {"HolderNameTime", KS_T_DECIMAL},
    {"CardNumberTime", KS_T_DECIMAL},
    {"InstallmentsNumber", KS_T_INT},
    {"RecurringEnabled", KS_T_BOOL},
    {"Vendor3DSReturnURL", KS_T_STRING, .maxlen = 2048},
    {"Vendor3DSCancelURL", KS_T_STRING, .maxlen = 2048},
    {"CardPayment", KS_T_OBJECT, .obj = &card_payment},
    {"EesToken", KS_T_STRING, KS_F_SECRET, .maxlen = 255},
    END,
};
static const ks_schema payment_method = {"PaymentMethod", 0, payment_method_fields, NULL};

static const ks_field payment_details_fields[] = {
    {"Type", KS_T_STRING, .maxlen = 64},
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY},
    {"RecurringEnabled", KS_T_BOOL},
    {"PaymentMethod", KS_T_OBJECT, .obj = &payment_method},
    {"CustomerIP", KS_T_STRING, .maxlen = 64},
    END,
};
const ks_schema ks_schema_PaymentDetails = {"PaymentDetails", 0, payment_details_fields, NULL};

static const ks_field pagination_fields[] = {
    {"Page", KS_T_INT},
    {"Limit", KS_T_INT},
    {"Count", KS_T_INT},
    END,
};
const ks_schema ks_schema_Pagination = {"Pagination", 0, pagination_fields,
                                        "Page (from 1), Limit (1-200) and Count, the total "
                                        "number of matches."};

/* --- leads ------------------------------------------------------------------------------- */

static const ks_field lead_item_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 255, KS_BIND(ks_lead_item, code)},
    {"Quantity", KS_T_INT, KS_BIND(ks_lead_item, quantity)},
    {"SKU", KS_T_STRING, .maxlen = 255},
    {"IsDynamic", KS_T_BOOL, KS_BIND(ks_lead_item, is_dynamic)},
    {"Tangible", KS_T_BOOL},
    {"PurchaseType", KS_T_STRING, .maxlen = 32},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_lead_item, name)},
    {"Description", KS_T_STRING, .maxlen = 4096},
    {"PriceOptions", KS_T_ARRAY, .obj = &price_option_group},
    {"RecurringOptions", KS_T_OBJECT, .obj = &recurring_options},
    {"MarketingCampaigns", KS_T_OBJECT, .obj = &marketing_campaigns},
    {"CrossSell", KS_T_OBJECT, .obj = &cross_sell},
    {"Price", KS_T_OBJECT, .obj = &ks_schema_ItemPrice, KS_BIND(ks_lead_item, price)},
    {"AdditionalFields", KS_T_ARRAY, .obj = &additional_field},
    {"SubscriptionStartDate", KS_T_STRING, .maxlen = 32},
    {"Trial", KS_T_OBJECT, .obj = &trial},
    END,
};
const ks_schema ks_schema_LeadItem = {"LeadItem", sizeof(ks_lead_item), lead_item_fields,
                                      "A cart line: a catalog product by Code, or a dynamic "
                                      "product with IsDynamic, Name and Price."};

static const ks_field lead_followup_fields[] = {
    {"Number", KS_T_INT},
    {"ScheduledAt", KS_T_STRING},
    {"Status", KS_T_STRING},
    END,
};
const ks_schema ks_schema_LeadFollowUp = {"LeadFollowUp", 0, lead_followup_fields,
                                          "One follow-up email of a lead's schedule."};

static const ks_field lead_fields[] = {
    {"LeadCode", KS_T_STRING, .maxlen = KS_LEAD_CODE_MAX, KS_BIND(ks_lead, code)},
    {"GeneratedFrom", KS_T_STRING, KS_F_OUTPUT},
    {"CartId", KS_T_STRING, .maxlen = 255},
    {"Currency", KS_T_STRING, KS_F_REQUIRED, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_lead, currency)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_lead, language)},
    {"ExternalReference", KS_T_STRING, .maxlen = 100},
    {"Source", KS_T_STRING, .maxlen = 255},
    {"CustomerReference", KS_T_STRING, .maxlen = 255},
    {"MachineId", KS_T_STRING, .maxlen = 255},
    {"LocalTime", KS_T_STRING, .maxlen = 32, KS_BIND(ks_lead, local_time)},
    {"FollowedUp", KS_T_BOOL, KS_BIND(ks_lead, followed_up)},
    {"Items", KS_T_ARRAY, KS_F_REQUIRED, .obj = &ks_schema_LeadItem, KS_BIND(ks_lead, items),
     KS_BIND_COUNT(ks_lead, n_items)},
    {"BillingDetails", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Address,
     KS_BIND(ks_lead, billing)},
    {"DeliveryDetails", KS_T_OBJECT, .obj = &ks_schema_Address},
    {"DeliveryInformation", KS_T_OBJECT, .obj = &delivery_information},
    {"PaymentDetails", KS_T_OBJECT, .obj = &ks_schema_PaymentDetails},
    {"Promotions", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 255},
    {"CreatedAt", KS_T_STRING, KS_F_OUTPUT, .doc = "Creation time, in the vendor's API time zone"},
    {"Used", KS_T_BOOL, KS_F_OUTPUT},
    {"UsedSuccess", KS_T_BOOL, KS_F_OUTPUT},
    {"FollowUpsStopped", KS_T_BOOL, KS_F_OUTPUT},
    {"FollowUps", KS_T_ARRAY, KS_F_OUTPUT, .obj = &ks_schema_LeadFollowUp},
    END,
};
const ks_schema ks_schema_Lead = {"Lead", sizeof(ks_lead), lead_fields,
                                  "An abandoned cart that the vendor, or Kassa by email, "
                                  "follows up."};

static const char *const lead_types[] = {"New", "Used", "UsedSuccess", "Stopped", "NotStopped",
                                         NULL};

static const ks_field lead_search_fields[] = {
    {"LeadCode", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = KS_LEAD_CODE_MAX,
     KS_BIND(ks_lead_search_in, codes), KS_BIND_COUNT(ks_lead_search_in, n_codes)},
    {"Email", KS_T_STRING, .maxlen = 254, KS_BIND(ks_lead_search_in, email)},
    {"Type", KS_T_STRING, .enums = lead_types, .err = KS_E_LEAD_TYPE_INVALID,
     KS_BIND(ks_lead_search_in, type)},
    {"StartDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_lead_search_in, start_date)},
    {"EndDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_lead_search_in, end_date)},
    {"ProductCode", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 255,
     KS_BIND(ks_lead_search_in, product_codes),
     KS_BIND_COUNT(ks_lead_search_in, n_product_codes)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_lead_search_in, language)},
    {"Country", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_lead_search_in, country)},
    {"GeneratedFrom", KS_T_STRING, .maxlen = 64, KS_BIND(ks_lead_search_in, generated_from)},
    {"Page", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_lead_search_in, page),
     KS_BIND_PRESENT(ks_lead_search_in, has_page)},
    {"Limit", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_lead_search_in, limit),
     KS_BIND_PRESENT(ks_lead_search_in, has_limit)},
    END,
};
const ks_schema ks_schema_LeadSearchInput = {"LeadSearchInput", sizeof(ks_lead_search_in),
                                             lead_search_fields,
                                             "Filters of searchLeads; all optional. Page "
                                             "defaults to 1 and Limit to 10 (at most 200)."};

static const ks_field lead_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Lead},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_LeadSearchResult = {"LeadSearchResult", 0, lead_search_result_fields,
                                              NULL};

static const ks_field lead_mark_fields[] = {
    {"LeadCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = KS_LEAD_CODE_MAX,
     KS_BIND(ks_lead_mark_in, code)},
    {"Used", KS_T_BOOL, KS_BIND(ks_lead_mark_in, used), KS_BIND_PRESENT(ks_lead_mark_in, set_used)},
    {"StopFollowups", KS_T_BOOL, KS_BIND(ks_lead_mark_in, stop),
     KS_BIND_PRESENT(ks_lead_mark_in, set_stop)},
    END,
};
const ks_schema ks_schema_LeadMark = {"LeadMark", sizeof(ks_lead_mark_in), lead_mark_fields,
                                      "Marks a lead used and/or stops its follow-ups."};

static const ks_field lead_add_result_fields[] = {
    {"LeadCode", KS_T_STRING},
    {"Errors", KS_T_ARRAY, .item = KS_T_STRING},
    END,
};
const ks_schema ks_schema_LeadAddResult = {"LeadAddResult", 0, lead_add_result_fields, NULL};

static const ks_field mark_leads_result_fields[] = {
    {"Response", KS_T_STRING},
    {"Errors", KS_T_ARRAY, .item = KS_T_STRING},
    END,
};
const ks_schema ks_schema_MarkLeadsResult = {"MarkLeadsResult", 0, mark_leads_result_fields,
                                             NULL};

/* --- sandbox control --------------------------------------------------------------------- */

static const char *const models[] = {"MOR", "PSP", NULL};

static const ks_field vendor_in_fields[] = {
    {"Code", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_vendor_in, code)},
    {"Secret", KS_T_STRING, KS_F_SECRET, .maxlen = 256, KS_BIND(ks_vendor_in, secret)},
    {"Model", KS_T_STRING, .enums = models, KS_BIND(ks_vendor_in, model)},
    END,
};
const ks_schema ks_schema_VendorInput = {"VendorInput", sizeof(ks_vendor_in), vendor_in_fields,
                                         "A vendor to create; Secret is generated when absent "
                                         "and Model defaults to MOR."};

static const ks_field vendor_fields[] = {
    {"Code", KS_T_STRING},
    {"Secret", KS_T_STRING},
    {"Model", KS_T_STRING},
    {"TimeZoneOffset", KS_T_INT},
    {"CreatedAt", KS_T_STRING},
    END,
};
const ks_schema ks_schema_Vendor = {"Vendor", 0, vendor_fields, NULL};

static const ks_field clock_in_fields[] = {
    {"Days", KS_T_INT, .min = 0, .max = 36600, KS_BIND(ks_clock_in, days)},
    {"Hours", KS_T_INT, .min = 0, .max = 878400, KS_BIND(ks_clock_in, hours)},
    {"Minutes", KS_T_INT, .min = 0, .max = 52704000, KS_BIND(ks_clock_in, minutes)},
    {"Seconds", KS_T_INT, .min = 0, .max = 3162240000LL, KS_BIND(ks_clock_in, seconds)},
    END,
};
const ks_schema ks_schema_ClockAdvance = {"ClockAdvance", sizeof(ks_clock_in), clock_in_fields,
                                          "How far to move the sandbox clock forward."};

static const ks_field clock_fields[] = {
    {"Now", KS_T_STRING},
    {"OffsetSeconds", KS_T_INT},
    END,
};
const ks_schema ks_schema_Clock = {"Clock", 0, clock_fields, NULL};
